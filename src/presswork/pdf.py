"""The parsed Book -> print HTML (Jinja2) -> a print-ready PDF (WeasyPrint)."""

from __future__ import annotations

from pathlib import Path

import jinja2
import weasyprint
from weasyprint.text.fonts import FontConfiguration

from presswork import pagemap
from presswork.errors import PressworkError
from presswork.fetcher import LockedURLFetcher, RefusedResource
from presswork.glyphs import FONT_SUFFIXES, check_coverage
from presswork.lengths import trim_css
from presswork.model import Book, PageStart
from presswork.resolution import warn_low_resolution
from presswork.templates import common_context, make_environment, render
from presswork.theme import PRINT_STYLESHEETS, theme_files
from presswork.transforms.print_notes import inline_notes


def print_html(book: Book, env: jinja2.Environment) -> str:
    """The whole book as one HTML document for WeasyPrint."""
    bodies = {chapter.id: inline_notes(chapter) for chapter in book.chapters}
    return render(env, "print/book.html.j2", print_bodies=bodies, **common_context(book))


def page_css(book: Book, env: jinja2.Environment) -> str:
    """The @page geometry and body size from book.toml."""
    settings = book.config.print
    return render(env, "print/page.css.j2", settings=settings, trim=trim_css(settings.trim))


def render_document(book: Book, theme: Path) -> weasyprint.document.Document:
    """Lay the book out; the fetcher may read only the manuscript and the theme."""
    check_coverage(book, theme_files(theme / "fonts", FONT_SUFFIXES))
    warn_low_resolution(book)
    env = make_environment(book.root)
    fetcher = LockedURLFetcher([book.root, theme])
    fonts = FontConfiguration()
    stylesheets = [
        weasyprint.CSS(filename=str(theme / name), url_fetcher=fetcher, font_config=fonts)
        for name in PRINT_STYLESHEETS
    ]
    stylesheets.append(weasyprint.CSS(string=page_css(book, env), font_config=fonts))
    html = weasyprint.HTML(
        string=print_html(book, env),
        base_url=book.root.resolve().as_uri() + "/",
        url_fetcher=fetcher,
    )
    try:
        return html.render(stylesheets=stylesheets, font_config=fonts)
    except RefusedResource as exc:
        raise PressworkError(
            f"the book refers to {exc.url}, which is outside the manuscript",
            book.root,
            hint="keep every image and file inside the manuscript folder",
        ) from None


def write_document(document: weasyprint.document.Document, target: Path) -> None:
    """Write a tagged PDF (PDF/UA-1: structure tree, language, title shown, running heads as
    artifacts), which screen readers and print-on-demand preflights both accept."""
    document.write_pdf(target, pdf_variant="pdf/ua-1")


def page_starts(book: Book, document: weasyprint.document.Document) -> list[PageStart]:
    """Where each printed page begins in the text, labelled with its folio."""
    first = book.chapters[0].id
    opening = next(i for i, page in enumerate(document.pages) if first in page.anchors)
    return pagemap.page_starts(document, pagemap.page_labels(len(document.pages), opening))
