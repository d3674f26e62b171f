"""An edition laid out as one WeasyPrint document (`--layout whole`), settled and padded.

The edition is rendered until nothing that depends on the layout changes: the index cites
the pages its terms fell on (runs merged into ranges), and a print-on-demand preset widens
the gutter when the page count needs it (layout.py). Then the preset's page count is met
with blank pages at the end, and an edition without links or bookmarks is stripped of them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
import weasyprint
from weasyprint.document import Document

from presswork.manuscript.config import Edition, PrintSettings
from presswork.manuscript.index import IndexGroup, build_index, entries_of, page_ranges
from presswork.manuscript.model import Book, PageStart
from presswork.manuscript.select import answers_for, select_material
from presswork.pdf import pagemap
from presswork.pdf.box_tweaks import FixedTweaks
from presswork.pdf.cmyk_theme import print_assets
from presswork.pdf.document_id import stable_document_id
from presswork.pdf.fetcher import LockedURLFetcher, RefusedResource, refused
from presswork.pdf.html import Ranges, blank_html, page_css, print_html
from presswork.pdf.join import strip_links
from presswork.pdf.layout import (
    anchor_pages,
    end_padding,
    folio_labels,
    gutter_note,
    pdf_variant,
    wider_gutter,
)
from presswork.pdf.pagination_report import PaginationReport
from presswork.pdf.parts import lay_out_parts
from presswork.pdf.patches import line_fitting, revision
from presswork.pdf.repaginate import Tweaks
from presswork.pdf.stylesheets import print_stylesheets
from presswork.theme.templates import make_environment

MAX_PASSES = 4


@dataclass
class WholeLayout:
    """An edition laid out as one document (implements layout.Layout)."""

    edition: Edition
    book: Book
    settings: PrintSettings
    document: Document = None
    notes: list[str] = field(default_factory=list)
    pagination: PaginationReport = field(default_factory=PaginationReport)

    @property
    def page_count(self) -> int:
        """Pages of the finished edition."""
        return len(self.document.pages)

    def write(self, target: Path) -> None:
        """Write the PDF: tagged (PDF/UA-1) where the edition keeps links; without links
        (and so untagged) where a printer wants a flat interior file; PDF/X for a press."""
        variant = pdf_variant(self.settings)
        self.document.write_pdf(target, pdf_variant=variant, finisher=stable_document_id)
        if not self.settings.links:
            with pikepdf.open(target, allow_overwriting_input=True) as pdf:
                strip_links(pdf)
                pdf.remove_unreferenced_resources()
                pdf.save(target, deterministic_id=True)  # the file ID from the content

    def page_starts(self) -> list[PageStart]:
        """Where each printed page begins in the text, labelled with its folio."""
        return pagemap.page_starts(self.document, self._folios())

    def term_pages(self) -> dict[str, str]:
        """Element id (index terms among them) -> folio of its page, for the EPUB's index."""
        return folio_labels(self._folios(), _anchors(self.document))

    def _folios(self) -> list[str]:
        """Every page's folio: roman before the first chapter, arabic from it."""
        pages = self.document.pages
        first = self.book.chapters[0].id
        opening = next(i for i, page in enumerate(pages) if first in page.anchors)
        return pagemap.page_labels(len(pages), opening)


def lay_out_whole(
    book: Book,
    theme: Path,
    edition: Edition,
    progress: Callable[[str], None],
    cache: Path | None = None,
) -> WholeLayout:
    """Render the edition until its index ranges and gutter are settled, then pad it (the
    caller has checked that every character has a font: glyphs.check_fonts).

    With an index, where its terms fall comes first from the layout in parts (parallel,
    cached in `cache`), so the whole book is usually laid out once, with the final page
    ranges, instead of twice; the loop below still checks them. The pagination pass is
    run by that layout in parts too (each chapter is its own document there, as it is a
    fresh recto here): its changes are applied to the whole book, so both make the same
    pages."""
    selected = select_material(book, edition.settings.study, answers_for(edition.settings))
    index = build_index(selected) if edition.settings.index else ()
    layout = WholeLayout(edition, selected, edition.settings)
    ranges: Ranges | None = None
    tweaks: Tweaks = {}
    if index or edition.settings.paginate:
        plan = lay_out_parts(book, theme, edition, cache, progress, write=False)
        if plan.settings.margin_inner != edition.settings.margin_inner:
            layout.notes.append(gutter_note(plan.settings, plan.page_count))
        layout.settings, tweaks, layout.pagination = plan.settings, plan.tweaks, plan.pagination
        ranges = page_ranges(entries_of(index), plan.anchor_pages) if index else None
    for attempt in range(1, MAX_PASSES + 1):
        layout.document = _render(
            selected, theme, layout.settings, edition, (index, ranges), tweaks
        )
        pages = len(layout.document.pages)
        wider = wider_gutter(layout.settings, pages)
        if wider is not None:
            layout.settings = wider
            layout.notes.append(gutter_note(wider, pages))
        found = page_ranges(entries_of(index), _anchors(layout.document)) if index else ranges
        if wider is None and found == ranges:
            break
        ranges = found
        progress(f"laying out {edition.name or 'the print edition'} again ({attempt + 1})")
    _pad(layout, theme)
    return layout


def _anchors(document: Document) -> dict[str, int]:
    return anchor_pages(page.anchors for page in document.pages)


def _render(
    book: Book,
    theme: Path,
    settings: PrintSettings,
    edition: Edition,
    index: tuple[tuple[IndexGroup, ...], Ranges | None],
    tweaks: Tweaks,
) -> Document:
    """One WeasyPrint layout, with the index's page ranges and the pagination pass's
    changes; the fetcher may read only the manuscript and the theme."""
    env = make_environment(book.root)
    sheets = print_stylesheets(theme, page_css(settings, env))
    edition = dataclasses.replace(edition, settings=settings)
    html = weasyprint.HTML(
        string=print_html(book, env, edition, *index),
        base_url=book.root.resolve().as_uri() + "/",
        url_fetcher=LockedURLFetcher([book.root, theme], print_assets(book, settings)),
    )
    try:
        fixed = FixedTweaks(tweaks, settings.paginate)
        with revision.revising(fixed), line_fitting.fitting(fixed):
            return sheets.render(html)
    except RefusedResource as exc:
        raise refused(exc, book.root) from None


def _pad(layout: WholeLayout, theme: Path) -> None:
    """Blank pages at the end, as the preset's page count rules need."""
    pages = layout.document.pages
    last_blank = pagemap.is_blank(pages[-1])
    extra, notes = end_padding(layout.settings, len(pages), last_blank, layout.edition.name)
    if not extra:
        return
    env = make_environment(layout.book.root)
    sheets = print_stylesheets(theme, page_css(layout.settings, env))
    blank = sheets.render(weasyprint.HTML(string=blank_html(layout.book, env, extra)))
    layout.document = layout.document.copy([*pages, *blank.pages])
    layout.notes += notes
