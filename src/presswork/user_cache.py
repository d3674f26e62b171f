"""The user's cache folder, where Presswork keeps what any book's build may reuse (compiled
templates, parsed hyphenation patterns), as Python keeps its bytecode: only ever a saving.
A build's own caches stay in its output folder (`build/.cache`); what is kept here depends
on Presswork and its libraries alone, never on a manuscript's text."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path("presswork")
"""Under $XDG_CACHE_HOME (default ~/.cache)."""


def user_cache(name: str) -> Path | None:
    """The folder `name` in the user's cache, made if need be (private to the user); None
    when there is none that this process may write (no home folder, a read-only one):
    whatever would be kept there is then made again on each build."""
    try:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        folder = Path(base) / ROOT / name
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except (OSError, RuntimeError):  # no home folder, or not ours to write
        return None
    if not os.access(folder, os.W_OK | os.X_OK):
        return None
    return folder
