"""The store under the caches of Markdown conversions (markdown_cache.py) and of print
bodies (pdf/body_cache.py); here, at the first stage, because the manuscript package
imports nothing from the stages after it (tests/test_architecture.py)."""

from __future__ import annotations

import os
from pathlib import Path


class KeptTexts:
    """Texts one build keeps for the next in a folder of the output's cache, one file per
    key (`<key><suffix>`): read back by key, this build's new ones written by `save` (under
    the output's lock; each file renamed into place whole), and the files it did not use
    deleted then. No folder: nothing is kept."""

    def __init__(self, folder: Path | None, suffix: str) -> None:
        self.folder, self.suffix = folder, suffix
        self.used: dict[str, str] = {}
        self.fresh: set[str] = set()

    def get(self, key: str) -> str | None:
        """The text kept under `key` by this build or an earlier one, if any."""
        if key not in self.used and self.folder is not None:
            try:
                self.used[key] = (self.folder / f"{key}{self.suffix}").read_text("utf-8")
            except (OSError, UnicodeDecodeError):
                return None
        return self.used.get(key)

    def put(self, key: str, text: str) -> None:
        """This build's text for `key` (it replaces a kept one, which may be damaged)."""
        self.used[key] = text
        self.fresh.add(key)

    def save(self) -> None:
        """Write this build's new texts and forget the ones it did not use."""
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        for key in self.fresh:
            path = self.folder / f"{key}{self.suffix}"
            temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            try:
                temporary.write_text(self.used[key], encoding="utf-8")
                temporary.replace(path)
            finally:  # a full disk or an interrupt leaves no partial entry
                temporary.unlink(missing_ok=True)
        for path in self.folder.glob(f"*{self.suffix}"):
            if path.name[: -len(self.suffix)] not in self.used:
                path.unlink(missing_ok=True)
