"""WeasyPrint's system libraries found from one ldconfig listing: the answers the standard
library's find_library gives, for names that exist and names that do not."""

from __future__ import annotations

import ctypes.util
import subprocess
import sys

import pytest

from presswork.pdf.library_lookup import finder, listing, quick_lookup

NAMES = ("gobject-2.0", "pango-1.0", "harfbuzz", "fontconfig", "pangoft2-1.0", "c")
MISSING = ("libgobject-2.0-0", "gobject-2.0-0", "harfbuzz-vector", "no-such-library-here")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ldconfig is Linux's")
def test_the_listing_answers_as_find_library_does() -> None:
    cache = listing()
    assert cache is not None
    find = finder(cache)
    for name in NAMES + MISSING:
        assert find(name) == ctypes.util.find_library(name), name


def test_the_quick_lookup_is_in_place_only_inside_its_block() -> None:
    original = ctypes.util.find_library
    with quick_lookup():
        assert ctypes.util.find_library("no-such-library-here") is None
    assert ctypes.util.find_library is original


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/maps")
def test_weasyprint_imported_inside_it_opens_the_same_libraries() -> None:
    """In fresh interpreters: the shared objects mapped after the import, with and without."""
    script = (
        "import sys\n"
        "from presswork.pdf.library_lookup import quick_lookup\n"
        "if sys.argv[1] == 'quick':\n"
        "    with quick_lookup():\n"
        "        import weasyprint\n"
        "else:\n"
        "    import weasyprint\n"
        "maps = open('/proc/self/maps').read().split()\n"
        "print(sorted({p for p in maps if '.so' in p and ('pango' in p or 'harfbuzz' in p"
        " or 'gobject' in p or 'fontconfig' in p)}))\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", script, how], capture_output=True, text=True, check=True
        ).stdout
        for how in ("quick", "plain")
    ]
    assert runs[0] == runs[1] and "libpango-1.0" in runs[0]
