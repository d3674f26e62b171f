"""pyphen's parsed hyphenation patterns kept in the user's cache folder, so that a build
does not parse a dictionary again.

pyphen parses a `hyph_*.dic` file into its patterns on first use in a process (50 ms for
en_US's 11,000 patterns), and every print build uses one: on the small book that was a
twentieth of the build, on the critical path (the chapters' print HTML waits for it).
Unpickling the parsed patterns takes 4 ms. They are kept under a hash of the dictionary
file's bytes and pyphen's version, and put where pyphen looks before parsing (its
per-file cache, `pyphen.hdcache`), so the workers forked afterwards, and WeasyPrint's own
`hyphens: auto`, find them too. A kept file that cannot be read back is parsed again
and replaced; a cache folder that cannot be written only costs the parse. Like Python's
bytecode in the same folder, what is kept there is trusted as the user's own.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

import pyphen

from presswork.output import atomic_target
from presswork.user_cache import user_cache

FOLDER = "hyphenation"
"""Under the user's cache (presswork.user_cache)."""

_UNREADABLE = (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError)


def preload(dictionary: str) -> None:
    """Have pyphen's patterns for `dictionary` (a name pyphen knows: "en_US") in memory,
    from the user's cache when they were kept there; they are parsed and kept otherwise."""
    kept: dict[Path, object] | None = getattr(pyphen, "hdcache", None)
    path = pyphen.LANGUAGES[pyphen.language_fallback(dictionary)]
    if kept is None or path in kept:
        return  # a pyphen without that cache, or the patterns in memory already
    folder = user_cache(FOLDER)
    if folder is None:
        return  # pyphen parses them itself
    try:
        source = path.read_bytes()
    except OSError:
        return
    key = hashlib.sha256(source + pyphen.__version__.encode()).hexdigest()[:16]
    file = folder / f"{key}.pickle"
    try:
        patterns = pickle.loads(file.read_bytes())
    except _UNREADABLE:
        patterns = None
    if not isinstance(patterns, pyphen.HyphDict):
        patterns = pyphen.HyphDict(path)
        _keep(file, pickle.dumps(patterns, protocol=pickle.HIGHEST_PROTOCOL))
    kept[path] = patterns


def _keep(file: Path, data: bytes) -> None:
    """Write `data` to `file` whole or not at all (a build beside this one may read it)."""
    try:
        with atomic_target(file) as temporary:
            temporary.write_bytes(data)
    except OSError:
        return
