"""Tree transforms that turn Python-Markdown's HTML into a book fragment, one job each.

They run on the lxml tree of each chapter after Markdown, not as Python-Markdown
treeprocessors, because raw HTML in the Markdown only joins the tree after Markdown's
postprocessors: an image or id written as HTML would otherwise slip past them."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class LinkTarget:
    """An internal link seen in the text, checked once every chapter is parsed."""

    href: str
    target_id: str
    source: Path
    line: int | None


@dataclass
class ParseState:
    """What the transforms need to know about the chapter being parsed, and what they found.

    The parser resets it per chapter; transforms read `chapter_id`, `source` and `text` and
    append their findings, so none has to re-read the manuscript.
    """

    root: Path
    chapter_files: dict[str, str]
    """Manuscript-relative file name -> chapter id, for links between chapters."""
    chapter_id: str = ""
    source: Path = Path()
    text: str = ""
    images: list[str] = field(default_factory=list)
    links: list[LinkTarget] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    """Presswork's words in the book's language (default titles of study boxes)."""
    direction: str = "ltr"
    """The book's text direction (code stays left to right in a right-to-left book)."""

    def begin(self, chapter_id: str, source: Path, text: str) -> None:
        """Start a new chapter with empty findings."""
        self.chapter_id, self.source, self.text = chapter_id, source, text
        self.images, self.links = [], []

    def candidates(self, path: str) -> list[str]:
        """Manuscript-relative readings of a path written in the chapter: relative to the
        chapter's own folder first (as in every Markdown editor), then to the manuscript."""
        folder = self.source.parent.resolve().relative_to(self.root.resolve()).as_posix()
        inside = posixpath.normpath(posixpath.join(folder, path)) if folder != "." else path
        return list(dict.fromkeys([inside, posixpath.normpath(path)]))
