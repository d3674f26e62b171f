"""Python-Markdown's HTML of each chapter, kept from one build to the next.

Converting the Markdown is most of the parse (the tree transforms after it are a fraction),
and after an edit every chapter but one converts to what it converted to before. An entry
is keyed by the hash of all a conversion depends on: the chapter's text, the book's
reference definitions, the versions of Python-Markdown, pymdown-extensions and Pygments,
and the source of Presswork's dialect (dialect.py and extensions/, so a changed extension
never serves a stale conversion). It keeps the HTML and what the conversion says beside it
(the grid tables left as text), so a warm build warns as a cold one does. Everything after
the conversion runs on every build, so what a chapter links to, shows or misspells is
checked afresh.

The cache is read before the output folder is locked (a missing folder is an empty cache;
a build never creates anything before the parse succeeds) and written under the lock,
each entry to a temporary file renamed into place; entries the build did not use are
deleted. Deleting it is always safe.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

FORMAT = "1"
"""Changes when an entry's layout does."""
LIBRARIES = ("markdown", "pymdown-extensions", "pygments")


@dataclass(frozen=True)
class Converted:
    """One chapter's conversion: its HTML, and the first line of each grid table that was
    left as text."""

    html: str
    left_as_text: tuple[str, ...] = ()


@dataclass
class MarkdownCache:
    """The conversions of earlier builds under `folder` (None: no cache), and this build's."""

    folder: Path | None
    used: dict[str, Converted] = field(default_factory=dict)
    dialect: str = ""
    """The hash of the format, the libraries and the dialect's source, made once."""

    def key(self, text: str, references: dict[str, tuple[str, str]]) -> str:
        """The entry of this text converted with these reference definitions."""
        self.dialect = self.dialect or _dialect_digest()
        digest = hashlib.sha256(self.dialect.encode())
        digest.update(json.dumps(sorted(references.items())).encode())
        digest.update(text.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def get(self, key: str) -> Converted | None:
        """The conversion kept under `key`, if an earlier build made it."""
        if key in self.used:
            return self.used[key]
        if self.folder is None:
            return None
        try:
            data = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            found = Converted(data["html"], tuple(data["left_as_text"]))
        except (OSError, ValueError, KeyError, TypeError):  # none, or not one we wrote
            return None
        self.used[key] = found
        return found

    def put(self, key: str, converted: Converted) -> None:
        """This build's conversion, to keep."""
        self.used[key] = converted

    def save(self) -> None:
        """Keep this build's conversions and forget the rest (under the output's lock)."""
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        for key, converted in self.used.items():
            path = self.folder / f"{key}.json"
            if path.exists():
                continue
            temporary = self.folder / f".{key}.{os.getpid()}.tmp"
            entry = {"html": converted.html, "left_as_text": list(converted.left_as_text)}
            try:
                temporary.write_text(json.dumps(entry), encoding="utf-8")
                temporary.replace(path)
            finally:
                temporary.unlink(missing_ok=True)
        for path in self.folder.glob("*.json"):
            if path.stem not in self.used:
                path.unlink(missing_ok=True)


def _dialect_digest() -> str:
    """The format, the libraries' versions and the dialect's own source, hashed."""
    digest = hashlib.sha256(FORMAT.encode())
    for library in LIBRARIES:
        digest.update(f"{library} {version(library)}\n".encode())
    here = Path(__file__).parent
    for path in [here / "dialect.py", *sorted((here / "extensions").glob("*.py"))]:
        digest.update(path.read_bytes())
    return digest.hexdigest()
