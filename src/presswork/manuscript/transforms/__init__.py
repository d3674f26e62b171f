"""Tree transforms that turn Python-Markdown's HTML into a book fragment, one job each.

They run on the lxml tree of each chapter after Markdown, not as Python-Markdown
treeprocessors, because raw HTML in the Markdown only joins the tree after Markdown's
postprocessors: an image or id written as HTML would otherwise slip past them."""

from __future__ import annotations

import logging
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from presswork.errors import PressworkError, line_of

LOG = logging.getLogger("presswork")


@dataclass
class LinkTarget:
    """An internal link seen in the text, checked once every chapter is parsed."""

    href: str
    target_id: str
    """The book-wide id it points at as written ("" when it names no chapter file)."""
    source: Path
    line: int | None
    chapter_id: str = ""
    """The chapter the link stands in."""


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
    draft: bool = False
    """A draft build: what can be stood in for (a missing image, a dangling link) is, with
    a warning, so any readable manuscript builds."""
    references: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Every reference-link definition of the book (references.py)."""
    problems: list[PressworkError] = field(default_factory=list)
    seen: dict[str, int] = field(default_factory=dict)
    """How often each link or image target was met so far in the chapter (line_of)."""
    """Every error found so far in the whole book, reported together at the end."""

    def begin(self, chapter_id: str, source: Path, text: str) -> None:
        """Start a new chapter with empty findings."""
        self.chapter_id, self.source, self.text = chapter_id, source, text
        self.images, self.links = [], []
        self.seen.clear()

    def line_of(self, needle: str) -> int | None:
        """The line of the next occurrence of `needle` in the chapter (the second time a link
        is met, its second place), else of its first: a link used twice is told twice, each
        at its own line, as long as the text writes it out each time."""
        self.seen[needle] = self.seen.get(needle, 0) + 1
        return line_of(self.text, needle, self.seen[needle]) or line_of(self.text, needle)

    def candidates(self, path: str) -> list[str]:
        """Manuscript-relative readings of a path written in the chapter: relative to the
        chapter's own folder first (as in every Markdown editor), then to the manuscript."""
        folder = self.source.parent.resolve().relative_to(self.root.resolve()).as_posix()
        inside = posixpath.normpath(posixpath.join(folder, path)) if folder != "." else path
        return list(dict.fromkeys([inside, posixpath.normpath(path)]))

    def problem(self, error: PressworkError, stand_in: Callable[[], str] | None = None) -> None:
        """Record an error and go on; in a draft build, where `stand_in` can replace the
        faulty thing, call it and warn with what it did instead."""
        if self.draft and stand_in is not None:
            LOG.warning("%s: draft: %s; %s", error.place, error.message, stand_in())
            return
        self.problems.append(error)
