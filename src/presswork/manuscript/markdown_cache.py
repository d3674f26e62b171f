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
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from presswork.manuscript.kept_texts import KeptTexts

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
    kept: KeptTexts = field(init=False)
    dialect: str = ""
    """The hash of the format, the libraries and the dialect's source, made once."""

    def __post_init__(self) -> None:
        self.kept = KeptTexts(self.folder, ".json")

    def key(self, text: str, references: dict[str, tuple[str, str]]) -> str:
        """The entry of this text converted with these reference definitions."""
        self.dialect = self.dialect or _dialect_digest()
        digest = hashlib.sha256(self.dialect.encode())
        digest.update(json.dumps(sorted(references.items())).encode())
        digest.update(text.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def get(self, key: str) -> Converted | None:
        """The conversion kept under `key`, if an earlier build (or this one) made it."""
        entry = self.kept.get(key)
        try:
            data = json.loads(entry) if entry is not None else None
            return Converted(data["html"], tuple(data["left_as_text"])) if data else None
        except (ValueError, KeyError, TypeError):  # not one we wrote
            return None

    def put(self, key: str, converted: Converted) -> None:
        """This build's conversion, to keep."""
        entry = {"html": converted.html, "left_as_text": list(converted.left_as_text)}
        self.kept.put(key, json.dumps(entry))

    def save(self) -> None:
        """Keep this build's conversions and forget the rest (under the output's lock)."""
        self.kept.save()


def _dialect_digest() -> str:
    """The format, the libraries' versions and the dialect's own source, hashed."""
    digest = hashlib.sha256(FORMAT.encode())
    for library in LIBRARIES:
        digest.update(f"{library} {version(library)}\n".encode())
    here = Path(__file__).parent
    for path in [here / "dialect.py", *sorted((here / "extensions").glob("*.py"))]:
        digest.update(path.read_bytes())
    return digest.hexdigest()
