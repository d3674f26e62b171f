"""The paperback's wraparound cover: back, spine and front on one sheet, with bleed.

The spine is as thick as the interior: page count x the paper's thickness per page (KDP's
figures, presets.py). Its text is set only from SPINE_TEXT_MIN_PAGES pages up, as KDP
requires, and the lower right of the back is left clear for the printer's barcode. The
sheet is a Jinja2 template and styles/cover.css, laid out by WeasyPrint like the book.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import weasyprint

from presswork.manuscript.config import PrintSettings
from presswork.manuscript.lengths import parse_trim
from presswork.manuscript.model import Book
from presswork.manuscript.presets import COVER_BLEED, PAPER_THICKNESS, SPINE_TEXT_MIN_PAGES
from presswork.pdf.cmyk_theme import print_assets
from presswork.pdf.document_id import stable_document_id
from presswork.pdf.fetcher import LockedURLFetcher
from presswork.pdf.html import in_colour
from presswork.pdf.stylesheets import print_stylesheets
from presswork.theme.templates import common_context, make_environment, render

COVER_STYLESHEETS = ("fonts.css", "cover.css")


@dataclass(frozen=True)
class CoverGeometry:
    """Sizes in points: the trimmed sheet is back + spine + front, bleed on every side."""

    trim_width: float
    trim_height: float
    spine: float
    bleed: float
    spine_text: bool

    @property
    def width(self) -> float:
        """Trimmed width of the whole sheet."""
        return 2 * self.trim_width + self.spine

    @property
    def paper_width(self) -> float:
        """The sheet with its bleed: 2 x trim + spine + 2 x bleed."""
        return self.width + 2 * self.bleed


def geometry(settings: PrintSettings, pages: int) -> CoverGeometry:
    """The cover's measures for an interior of `pages` pages on the edition's paper."""
    width, height = parse_trim(settings.trim)
    spine = pages * PAPER_THICKNESS[settings.paper]
    return CoverGeometry(width, height, spine, COVER_BLEED, pages >= SPINE_TEXT_MIN_PAGES)


def write_cover(book: Book, settings: PrintSettings, pages: int, theme: Path, target: Path) -> None:
    """Lay out and write the cover PDF for an interior of `pages` pages."""
    sheet = geometry(settings, pages)
    env = make_environment(book.root)
    cover_image = book.config.epub.cover
    html = render(
        env,
        "print/cover.html.j2",
        sheet=sheet,
        cover_image=cover_image,
        **common_context(book),
    )
    css = in_colour(render(env, "print/cover.css.j2", sheet=sheet), settings)
    sheets = print_stylesheets(theme, css, COVER_STYLESHEETS)
    front = (book.root / cover_image,) if cover_image else ()
    fetcher = LockedURLFetcher([book.root, theme], print_assets(book, settings, front))
    page = weasyprint.HTML(
        string=html, base_url=book.root.resolve().as_uri() + "/", url_fetcher=fetcher
    )
    sheets.render(page).write_pdf(
        target, pdf_variant=cover_variant(settings), finisher=stable_document_id
    )


def cover_variant(settings: PrintSettings) -> str | None:
    """The cover is PDF/X when the interior is (a flat sheet: never tagged)."""
    return f"pdf/{settings.pdfx}" if settings.pdfx != "none" else None
