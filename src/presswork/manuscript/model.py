"""The parsed book: plain data handed from the parser to every back end, no I/O.

Fragments are well-formed XHTML strings with no namespace; element ids are already unique
across the whole book, and internal links are written `#id` whatever chapter holds the id,
so each back end only maps ids to its own file layout. Semantics are DPUB-ARIA roles
(`doc-noteref`, `doc-footnote`...); the EPUB back end adds the matching `epub:type`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from presswork.manuscript.config import BookConfig


@dataclass(frozen=True)
class Source:
    """A chapter file as read from disk: decoded, BOM removed, line endings made `\n`."""

    relative: str
    path: Path
    text: str
    title: str | None
    study: bool = False
    piece: str = ""
    """For the second and later chapters of a file split at its `#` titles (split.py):
    the slug of the chapter's title; empty for a file's first chapter."""

    @property
    def key(self) -> str:
        """Names this chapter among the book's sources: the file, and its piece if any."""
        return f"{self.relative}#{self.piece}" if self.piece else self.relative


@dataclass(frozen=True)
class Heading:
    """A heading inside a chapter, for the contents and the PDF outline."""

    level: int
    id: str
    text: str


@dataclass(frozen=True)
class Note:
    """A footnote, kept apart from the text: the EPUB sets it after the chapter, the PDF at
    the foot of the page that calls it."""

    id: str
    ref_id: str
    number: int
    body: str


@dataclass(frozen=True)
class IndexTerm:
    """A place marked for the index: the span `id` in chapter `chapter_id`, filed under
    `entry` (`Heading!subentry` for a subentry)."""

    id: str
    entry: str
    chapter_id: str


@dataclass(frozen=True)
class VocabTerm:
    """A word marked for the vocabulary: the span `id` in chapter `chapter_id`, and the
    definition this mark gives ("" when another mark of the word gives it)."""

    id: str
    word: str
    definition: str
    chapter_id: str


@dataclass(frozen=True)
class Chapter:
    """One Markdown file after parsing."""

    id: str
    source: Path
    title: str
    title_html: str
    number: int | None
    """Printed chapter number; None for unnumbered study chapters."""
    position: int
    """Place in reading order, from 1."""
    body: str
    notes: tuple[Note, ...]
    headings: tuple[Heading, ...]
    anchors: frozenset[str]
    study: bool = False
    index_terms: tuple[IndexTerm, ...] = ()
    vocabulary: tuple[VocabTerm, ...] = ()


@dataclass(frozen=True)
class Asset:
    """A file the text refers to (an image), relative to the manuscript folder."""

    path: str
    source: Path
    media_type: str
    cleaned: bytes | None = None
    """What both books carry instead of the file, when the file had to be cleaned (an SVG
    with scripts or external references, see svg.py); None: the file as it is."""

    def content(self) -> bytes:
        """The bytes to put in a book."""
        return self.cleaned if self.cleaned is not None else self.source.read_bytes()


@dataclass(frozen=True)
class Book:
    """The whole manuscript, parsed once and shared by the EPUB and PDF back ends."""

    config: BookConfig
    root: Path
    chapters: tuple[Chapter, ...]
    assets: tuple[Asset, ...]
    build_date: dt.datetime
    draft: bool = False
    """Built with `--draft`: what a publishing build refuses was stood in for, with a
    warning (a missing glyph, for one, is left to the print engine's blank)."""


@dataclass(frozen=True)
class PageStart:
    """Where printed page `label` begins: before word `word` (0-based) of the block with id
    `block_id`; an empty block id is a page with no text (a blank page). Found by the print
    layout, used by the EPUB for its page list."""

    label: str
    block_id: str
    word: int


@dataclass(frozen=True)
class PageList:
    """Where each printed page of an edition starts, and what it is: the print back end
    finds it, the EPUB marks those pages and lists them."""

    starts: list[PageStart]
    folios: dict[str, str]
    """Element id (index terms among them) -> folio of its page, for the EPUB's index."""
    source: str
    """The edition the pages are those of, as the EPUB's metadata names it."""
