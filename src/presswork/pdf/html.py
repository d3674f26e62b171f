"""The parsed Book -> the print HTML and page CSS WeasyPrint lays out, whole or in parts.

The whole-book layout renders one document; the layout in parts renders the front matter,
each chapter and the back matter as documents of their own from the same template, the
contents and index citing the other parts' folios as text. A link to an element of another
part is written with the CROSS_PART scheme, which the join turns back into a link.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import jinja2

from presswork.manuscript.config import Edition, PrintSettings
from presswork.manuscript.index import IndexGroup
from presswork.manuscript.labels import labels_for
from presswork.manuscript.lengths import parse_length, trim_css
from presswork.manuscript.model import Book, Chapter
from presswork.manuscript.transforms.study import has_study
from presswork.manuscript.transforms.xhtml import inner_html, parse_html
from presswork.manuscript.vocabulary import build_vocabulary
from presswork.pdf.body_cache import BodyCache
from presswork.pdf.cmyk import Converter, profile_path
from presswork.pdf.code_breaks import mark_code_breaks
from presswork.pdf.cross_part import CROSS_PART
from presswork.pdf.hyphenation import hyphenate_tree
from presswork.pdf.notes import inline_notes
from presswork.pdf.worksheets import NOTES_TITLE_RULES, arrange_worksheets, notes_rules
from presswork.theme.templates import common_context, render

Ranges = dict[str, list[tuple[str, str | None]]]
"""Index entry -> its page ranges as (first folio, last folio or None)."""


@dataclass(frozen=True)
class Part:
    """A piece of the book laid out on its own (parts.py): the front matter, some chapters,
    or the back matter with the index numbers given as text."""

    front: bool = False
    chapters: tuple[Chapter, ...] = ()
    back: bool = False
    index_folios: dict[str, str] | None = None


def print_html(
    book: Book,
    env: jinja2.Environment,
    edition: Edition,
    index: tuple[IndexGroup, ...],
    ranges: Ranges | None,
    part: Part | None = None,
    toc: dict[str, str] | None = None,
    cache: BodyCache | None = None,
    labels: dict[str, str] | None = None,
) -> str:
    """The whole edition as one HTML document for WeasyPrint, or one `part` of it (whose
    contents then give the folios in `toc` as text); `cache` keeps the chapters' bodies.
    `labels` are the book's words, when the caller has read them (once for every part)."""
    chapters = book.chapters if part is None else part.chapters
    settings, language = edition.settings, book.config.language
    labels = labels if labels is not None else labels_for(book.root, language)
    cache = cache or BodyCache(None)
    context = json.dumps([repr(settings), language, labels], sort_keys=True)

    def make(fragment: str) -> str:
        return _print_body(fragment, settings, language, labels)

    bodies = {c.id: list_starts(cache.body(inline_notes(c), context, make)) for c in chapters}
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
        notes_rules=notes_rules(settings),
        vocabulary=build_vocabulary(book) if part is None or part.front or part.back else (),
        **common_context(book, labels),
    )


def _print_body(
    fragment: str, settings: PrintSettings, language: str, labels: dict[str, str]
) -> str:
    """A chapter's XHTML as WeasyPrint's HTML: long code lines made to wrap with a mark,
    study material set as worksheets (worksheets.py), running text hyphenated by the book's
    rules (hyphenation.py)."""
    tree = parse_html(fragment)
    mark_code_breaks(tree)
    if has_study(fragment):
        arrange_worksheets(tree, settings, labels)
    if settings.hyphenate:
        hyphenate_tree(tree, language, settings.hyphenate_capitals)
    return inner_html(tree)


_START = re.compile(r'<ol(?P<before>[^>]*?) start="(?P<n>\d{1,6})"')


def list_starts(html: str) -> str:
    """Lists that start at a number (`4.`, `iv.`, an example list's third item) start
    there in print too: WeasyPrint reads `<ol start>` only as a presentational hint, which
    the book does not turn on, so the list's counter is set in its style."""
    return _START.sub(
        lambda m: (
            f'<ol{m["before"]} start="{m["n"]}" style="counter-reset: list-item {int(m["n"]) - 1}"'
        ),
        html,
    )


def page_css(settings: PrintSettings, env: jinja2.Environment) -> str:
    """The @page geometry and body size from the edition's settings."""
    inner, outer = parse_length(settings.margin_inner), parse_length(settings.margin_outer)
    spacing = parse_length(settings.answer_spacing)
    css = render(
        env,
        "print/page.css.j2",
        settings=settings,
        trim=trim_css(settings.trim),
        front_margin=f"{(inner + outer) / 2:.2f}pt" if outer - inner > 0.5 else None,
        notes_title=f"{spacing * NOTES_TITLE_RULES:.2f}pt",
    )
    return in_colour(css, settings)


def in_colour(css: str, settings: PrintSettings) -> str:
    """A stylesheet of the edition's own, in its colour: converted for a CMYK edition."""
    return Converter(profile_path()).stylesheet(css) if settings.color == "cmyk" else css


def blank_html(book: Book, env: jinja2.Environment, count: int) -> str:
    """`count` pages with nothing on them, for blank versos and the end padding."""
    return render(env, "print/blank.html.j2", count=count, **common_context(book))


def cross_part_links(html: str) -> str:
    """Point links to ids this part does not contain at the cross-part scheme, so
    WeasyPrint keeps them (it drops links to anchors missing from the document)."""
    ids = set(re.findall(r'\sid="([^"]+)"', html))

    def relink(match: re.Match[str]) -> str:
        target = match.group(1)
        return match.group(0) if target in ids else f'href="{CROSS_PART}{target}"'

    return re.sub(r'href="#([^"]+)"', relink, html)
