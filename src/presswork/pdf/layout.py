"""What a laid-out edition offers (the Layout protocol), and the settle policy both layouts
follow: how far the gutter grows and how many blank pages close the book.

Two layouts implement the protocol: whole.py (the edition as one WeasyPrint document) and
parts.py (each chapter its own document, laid out in parallel and cached, then joined).
The build never asks which one it holds. The policy lives here, once, so both settle an
edition the same way: a print-on-demand preset widens the gutter when the page count
needs it (the layout is then run again), and pads the end with blank pages to the count
the printer accepts.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol

from presswork.manuscript.config import Edition, PrintSettings
from presswork.manuscript.lengths import parse_length
from presswork.manuscript.model import Book, PageStart
from presswork.manuscript.presets import PRESETS, blank_pages_to_add, padding_note
from presswork.pdf.pagination_report import PaginationReport


class Layout(Protocol):
    """An edition laid out: the book as it prints, the settings it ended with (the gutter
    may have grown), and what the layout did to meet its preset."""

    edition: Edition
    book: Book
    settings: PrintSettings
    notes: list[str]
    pagination: PaginationReport

    @property
    def page_count(self) -> int:
        """Pages of the finished edition, end padding included."""
        ...

    def write(self, target: Path) -> None:
        """Write the edition's PDF to `target`."""
        ...

    def page_starts(self) -> list[PageStart]:
        """Where each printed page begins in the text, labelled with its folio."""
        ...

    def term_pages(self) -> dict[str, str]:
        """Element id (index terms among them) -> folio of its page."""
        ...


def wider_gutter(settings: PrintSettings, pages: int) -> PrintSettings | None:
    """The settings with the gutter the preset asks for at this page count, if wider than
    the edition's; None when the gutter is wide enough (or there is no preset)."""
    preset = PRESETS.get(settings.preset)
    if preset is None:
        return None
    needed = preset.gutter(pages)
    if parse_length(settings.margin_inner) >= needed - 0.01:
        return None
    return dataclasses.replace(settings, margin_inner=f"{needed / 72:.3f}in")


def gutter_note(settings: PrintSettings, pages: int) -> str:
    """What the build says when `settings` got their gutter from the preset."""
    minimum = PRESETS[settings.preset].name
    return f"gutter widened to {settings.margin_inner} for {pages} pages ({minimum} minimum)"


def end_padding(
    settings: PrintSettings, pages: int, last_blank: bool, edition: str | None
) -> tuple[int, list[str]]:
    """Blank pages to add at the end of a book of `pages` pages, and what to say about it:
    as the preset's page-count rules need (none without a preset)."""
    preset = PRESETS.get(settings.preset)
    if preset is None:
        return 0, []
    extra = blank_pages_to_add(preset, pages, last_blank, edition)
    return extra, [padding_note(preset, pages, extra)] if extra else []


def anchor_pages(pages: Iterable[Iterable[str]], offset: int = 0) -> dict[str, int]:
    """Element id -> index of the first page it is on, from each page's anchors."""
    found: dict[str, int] = {}
    for number, anchors in enumerate(pages, start=offset):
        for anchor in anchors:
            found.setdefault(anchor, number)
    return found


def folio_labels(labels: Sequence[str], anchors: dict[str, int]) -> dict[str, str]:
    """Element id -> the folio of its page."""
    return {anchor: labels[page] for anchor, page in anchors.items()}


def pdf_variant(settings: PrintSettings) -> str | None:
    """The PDF standard WeasyPrint writes the edition to: PDF/X for a press, PDF/UA-1 for
    a tagged edition with links, none for a flat interior file."""
    if settings.pdfx != "none":
        return f"pdf/{settings.pdfx}"
    return "pdf/ua-1" if settings.links and settings.tagged else None
