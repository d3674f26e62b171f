"""The parsed Book -> print HTML (Jinja2) -> a print-ready PDF (WeasyPrint), per edition.

An edition is laid out until nothing that depends on the layout changes: the index cites
the pages its terms fell on (runs merged into ranges), and a print-on-demand preset widens
the gutter when the page count needs it. Then the preset's page count is met with blank
pages at the end, and an edition without links or bookmarks is stripped of them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import pikepdf
import weasyprint
from weasyprint.text.fonts import FontConfiguration

from presswork.manuscript.config import Edition, PrintSettings
from presswork.manuscript.index import IndexGroup, build_index, entries_of, page_ranges
from presswork.manuscript.lengths import parse_length, trim_css
from presswork.manuscript.model import Book, PageStart
from presswork.manuscript.presets import PRESETS, blank_pages_to_add, padding_note
from presswork.manuscript.select import select_material
from presswork.manuscript.transforms.xhtml import xhtml_to_html
from presswork.pdf import pagemap
from presswork.pdf.fetcher import LockedURLFetcher, RefusedResource, refused
from presswork.pdf.glyphs import FONT_SUFFIXES, check_coverage
from presswork.pdf.notes import inline_notes
from presswork.pdf.patches import pydyf_speedup, span_folding
from presswork.pdf.resolution import warn_low_resolution
from presswork.theme.styles import PRINT_STYLESHEETS, theme_files
from presswork.theme.templates import common_context, make_environment, render

MAX_PASSES = 4
pydyf_speedup.install()
span_folding.install()
Ranges = dict[str, list[tuple[str, str | None]]]


@dataclass
class Layout:
    """An edition laid out: the book as it prints, the settings it ended with (the gutter
    may have grown), and what the layout did to meet its preset."""

    edition: Edition
    book: Book
    settings: PrintSettings
    document: Any
    notes: list[str] = field(default_factory=list)

    @property
    def page_count(self) -> int:
        """Pages of the finished edition."""
        return len(self.document.pages)

    def write(self, target: Path) -> None:
        """Write the PDF: tagged (PDF/UA-1) where the edition keeps links; without links
        and bookmarks (and so untagged) where a printer wants a flat interior file."""
        if self.settings.links and self.settings.tagged:
            self.document.write_pdf(target, pdf_variant="pdf/ua-1")
            return
        self.document.write_pdf(target)
        if not self.settings.links:
            _strip_interactive(target)

    def page_starts(self) -> list[PageStart]:
        """Where each printed page begins in the text, labelled with its folio."""
        return pagemap.page_starts(self.document, self._folios())

    def term_pages(self) -> dict[str, str]:
        """Element id (index terms among them) -> folio of its page, for the EPUB's index."""
        folios = self._folios()
        return {a: folios[number] for a, number in _anchor_pages(self.document).items()}

    def _folios(self) -> list[str]:
        """Every page's folio: roman before the first chapter, arabic from it."""
        pages = self.document.pages
        first = self.book.chapters[0].id
        opening = next(i for i, page in enumerate(pages) if first in page.anchors)
        return pagemap.page_labels(len(pages), opening)


def print_html(
    book: Book,
    env: jinja2.Environment,
    edition: Edition,
    index: tuple[IndexGroup, ...],
    ranges: Ranges | None,
    part: Part | None = None,
    toc: dict[str, str] | None = None,
) -> str:
    """The whole edition as one HTML document for WeasyPrint, or one `part` of it (whose
    contents then give the folios in `toc` as text)."""
    chapters = book.chapters if part is None else part.chapters
    bodies = {chapter.id: xhtml_to_html(inline_notes(chapter)) for chapter in chapters}
    return render(
        env,
        "print/book.html.j2",
        print_bodies=bodies,
        edition=edition,
        index_groups=index,
        index_ranges=ranges,
        index_folios=part.index_folios if part else None,
        toc_folios=toc,
        show_front=part.front if part else True,
        body_chapters=chapters,
        show_back=part.back if part else True,
        **common_context(book),
    )


@dataclass(frozen=True)
class Part:
    """A piece of the book laid out on its own (parts.py): the front matter, some chapters,
    or the back matter with the index numbers given as text."""

    front: bool = False
    chapters: tuple[Any, ...] = ()
    back: bool = False
    index_folios: dict[str, str] | None = None


def page_css(settings: PrintSettings, env: jinja2.Environment) -> str:
    """The @page geometry and body size from the edition's settings."""
    return render(env, "print/page.css.j2", settings=settings, trim=trim_css(settings.trim))


def lay_out(
    book: Book,
    theme: Path,
    edition: Edition,
    progress: Callable[[str], None],
    cache: Path | None = None,
) -> Layout:
    """Render the edition until its index ranges and gutter are settled, then pad it (the
    caller has checked that every character has a font: `check_fonts`).

    With an index, where its terms fall comes first from the layout in parts (parts.py:
    parallel, cached in `cache`), so the whole book is usually laid out once, with the
    final page ranges, instead of twice; the loop below still checks them."""
    warn_low_resolution(book, edition.settings)
    selected = select_material(book, edition.settings.study)
    index = build_index(selected) if edition.settings.index else ()
    layout = Layout(edition, selected, edition.settings, None)
    ranges: Ranges | None = None
    if index:
        from presswork.pdf.parts import lay_out_parts

        plan = lay_out_parts(book, theme, edition, cache, progress, write=False)
        if plan.settings.margin_inner != edition.settings.margin_inner:
            layout.notes.append(
                f"gutter widened to {plan.settings.margin_inner} for {plan.page_count} pages "
                f"({PRESETS[plan.settings.preset].name} minimum)"
            )
        layout.settings = plan.settings
        ranges = page_ranges(entries_of(index), plan.anchor_pages)
    for attempt in range(1, MAX_PASSES + 1):
        layout.document = _render(selected, theme, layout.settings, edition, index, ranges)
        changed = False
        preset = PRESETS.get(layout.settings.preset)
        if preset is not None:
            needed = preset.gutter(len(layout.document.pages))
            if parse_length(layout.settings.margin_inner) < needed - 0.01:
                gutter = f"{needed / 72:.3f}in"
                layout.notes.append(
                    f"gutter widened to {gutter} for {len(layout.document.pages)} pages "
                    f"({preset.name} minimum)"
                )
                layout.settings = dataclasses.replace(layout.settings, margin_inner=gutter)
                changed = True
        if index:
            found = page_ranges(entries_of(index), _anchor_pages(layout.document))
            if found != ranges:
                ranges, changed = found, True
        if not changed:
            break
        progress(f"laying out {edition.name or 'the print edition'} again ({attempt + 1})")
    if preset is not None:
        _pad(layout, theme, preset_name=layout.settings.preset)
    return layout


def check_fonts(book: Book, theme: Path) -> None:
    """Every character of the book has a glyph in the theme's or the system's fonts; once
    per build, whatever the number of editions."""
    check_coverage(book, theme_files(theme / "fonts", FONT_SUFFIXES))


def _anchor_pages(document: Any) -> dict[str, int]:
    """Element id -> index of the page it starts on."""
    found: dict[str, int] = {}
    for number, page in enumerate(document.pages):
        for anchor in page.anchors:
            found.setdefault(anchor, number)
    return found


def _stylesheets(theme: Path, settings: PrintSettings, env: jinja2.Environment) -> Any:
    return print_stylesheets(theme, page_css(settings, env))


def print_stylesheets(theme: Path, css: str) -> tuple[list[Any], Any]:
    """The theme's print stylesheets and the edition's page CSS, parsed, with the font
    configuration their @font-face rules filled (a layout needs both)."""
    fetcher = LockedURLFetcher([theme])
    fonts = FontConfiguration()
    sheets = [
        weasyprint.CSS(filename=str(theme / name), url_fetcher=fetcher, font_config=fonts)
        for name in PRINT_STYLESHEETS
    ]
    sheets.append(weasyprint.CSS(string=css, font_config=fonts))
    return sheets, fonts


def _render(
    book: Book,
    theme: Path,
    settings: PrintSettings,
    edition: Edition,
    index: tuple[IndexGroup, ...],
    ranges: Ranges | None,
) -> Any:
    """One WeasyPrint layout; the fetcher may read only the manuscript and the theme."""
    env = make_environment(book.root)
    stylesheets, fonts = _stylesheets(theme, settings, env)
    edition = dataclasses.replace(edition, settings=settings)
    html = weasyprint.HTML(
        string=print_html(book, env, edition, index, ranges),
        base_url=book.root.resolve().as_uri() + "/",
        url_fetcher=LockedURLFetcher([book.root, theme]),
    )
    try:
        return html.render(stylesheets=stylesheets, font_config=fonts)
    except RefusedResource as exc:
        raise refused(exc, book.root) from None


def _pad(layout: Layout, theme: Path, preset_name: str) -> None:
    """Blank pages at the end, as the preset's page count rules need."""
    preset = PRESETS[preset_name]
    pages = layout.document.pages
    last_blank = pagemap.is_blank(pages[-1])
    extra = blank_pages_to_add(preset, len(pages), last_blank, layout.edition.name)
    if not extra:
        return
    env = make_environment(layout.book.root)
    stylesheets, fonts = _stylesheets(theme, layout.settings, env)
    blank = weasyprint.HTML(
        string=render(env, "print/blank.html.j2", count=extra, **common_context(layout.book))
    ).render(stylesheets=stylesheets, font_config=fonts)
    layout.document = layout.document.copy([*pages, *blank.pages])
    layout.notes.append(padding_note(preset, len(pages), extra))


def _strip_interactive(target: Path) -> None:
    """The written PDF without links and named destinations; reproducible because the
    file ID is derived from the content."""
    from presswork.pdf.join import strip_links

    with pikepdf.open(target, allow_overwriting_input=True) as pdf:
        strip_links(pdf)
        pdf.remove_unreferenced_resources()
        pdf.save(target, deterministic_id=True)
