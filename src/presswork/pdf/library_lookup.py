"""Find WeasyPrint's system libraries with one look at the linker's cache.

WeasyPrint's import opens seven libraries, trying for each the names several platforms
give it in turn ('libgobject-2.0-0', 'gobject-2.0-0', 'gobject-2.0', 'libgobject-2.0.so.0'
...). cffi hands every name it cannot open directly to `ctypes.util.find_library`, which on
Linux runs `ldconfig -p` and, for a name that is not there, gcc and ld: 22 look-ups, about
0.2 s, a third of the import, paid by every build that prints (and by the process drawing
the EPUB's cover). There is no setting for it (WEASYPRINT_DLL_DIRECTORIES is Windows-only).

While WeasyPrint is imported, and only then, the look-up reads `ldconfig -p` once and
answers from that listing as the first step of `find_library` does (the soname of the
library whose name is `lib<name>.`); a name it lacks is None at once, and WeasyPrint goes
on to its next name as it does after a slow miss. What gcc and ld would have added is a
library outside the cache, on LD_LIBRARY_PATH: WeasyPrint's last names are sonames, which
cffi opens with dlopen, and dlopen searches LD_LIBRARY_PATH itself. Not on Linux, or
without ldconfig, nothing changes. tests/pdf/test_library_lookup.py checks the answers
against the standard library's.
"""

from __future__ import annotations

import ctypes.util
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


def listing() -> str | None:
    """`ldconfig -p` (the linker's cache), or None where there is none to read."""
    if not sys.platform.startswith("linux"):
        return None
    ldconfig = shutil.which("ldconfig") or "/sbin/ldconfig"
    try:
        done = subprocess.run(
            [ldconfig, "-p"], capture_output=True, timeout=10, check=True, env={"LC_ALL": "C"}
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.decode("utf-8", "replace")


def finder(cache: str) -> Callable[[str], str | None]:
    """A `find_library` that answers from this listing alone."""

    def find(name: str) -> str | None:
        found = re.search(rf"\s(lib{re.escape(name)}\.[^\s]+)\s+\(", cache)
        return found[1] if found else None

    return find


@contextmanager
def quick_lookup() -> Iterator[None]:
    """Inside the block (WeasyPrint's import), libraries are looked up in one listing."""
    cache = listing()
    if cache is None:
        yield
        return
    original = ctypes.util.find_library
    ctypes.util.find_library = finder(cache)  # type: ignore[assignment]
    try:
        yield
    finally:
        ctypes.util.find_library = original
