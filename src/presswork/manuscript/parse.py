"""Chapter sources -> the parsed `Book`: Markdown to XHTML fragments, ids made book-wide.

One Python-Markdown instance serves the whole book, made only when a chapter is not in the
conversion cache (markdown_cache.py), reset between chapters so footnotes do
not leak), then each chapter's HTML goes through the tree transforms in `transforms/`.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

import markdown
from lxml import etree

from presswork.errors import PressworkError, Problems, line_of
from presswork.manuscript.config import BookConfig
from presswork.manuscript.conversion import conversion
from presswork.manuscript.dialect import make_markdown
from presswork.manuscript.front_matter import split_front_matter
from presswork.manuscript.labels import labels_for
from presswork.manuscript.limits import check_pixels, check_title, check_tree
from presswork.manuscript.markdown_cache import MarkdownCache
from presswork.manuscript.model import Asset, Book, Chapter, Note, Source
from presswork.manuscript.references import book_references
from presswork.manuscript.resolve import resolve_links
from presswork.manuscript.slug import xml_id
from presswork.manuscript.svg import clean_svg
from presswork.manuscript.transforms import ParseState
from presswork.manuscript.transforms.blocks import number_blocks
from presswork.manuscript.transforms.book_links import make_book_wide
from presswork.manuscript.transforms.book_marks import drop_toc_markers, merge_scene_breaks
from presswork.manuscript.transforms.capitals import mark_capitals
from presswork.manuscript.transforms.code import code_left_to_right, tidy_highlighting
from presswork.manuscript.transforms.footnotes import extract_notes, strip_backlinks
from presswork.manuscript.transforms.headings import (
    close_heading_gaps,
    collect_headings,
    take_title,
)
from presswork.manuscript.transforms.images import IMAGE_TYPES, check_images
from presswork.manuscript.transforms.index_terms import collect_index_terms
from presswork.manuscript.transforms.sanitize import repair_nesting, report_unsafe, sanitize
from presswork.manuscript.transforms.study import prepare_study
from presswork.manuscript.transforms.table_captions import caption_tables
from presswork.manuscript.transforms.task_boxes import print_task_boxes
from presswork.manuscript.transforms.typography import set_number_ranges
from presswork.manuscript.transforms.vocabulary import collect_vocabulary
from presswork.manuscript.transforms.wide_tables import mark_wide_tables
from presswork.manuscript.transforms.xhtml import inner_xml, parse_html
from presswork.manuscript.vocabulary import undefined_words

LOG = logging.getLogger("presswork")


# Names the templates use for their own pages and ids; a chapter may not take them.
RESERVED_IDS = frozenset(
    {
        "cover",
        "titlepage",
        "copyright",
        "nav",
        "toc",
        "ncx",
        "colophon",
        "landmarks",
        "id",
        "title",
        "subtitle",
        "halftitle",
        "toc-title",
        "landmarks-title",
        "page-list",
        "page-list-title",
        "index",
        "index-title",
        "notes-1",
    }
)


def chapter_ids(sources: tuple[Source, ...]) -> dict[str, str]:
    """Source key (the file name, and its piece in a split file) -> chapter id, from the
    file name (or the piece's title) so it survives reordering."""
    ids: dict[str, str] = {}
    for source in sources:
        stem = source.piece or Path(source.relative).stem
        candidate = xml_id(re.sub(r"^\d+[-_. ]*", "", stem) or stem)
        while candidate in ids.values() or candidate in RESERVED_IDS:
            candidate += "-x"
        ids[source.key] = candidate
    return ids


def parse_book(
    config: BookConfig,
    root: Path,
    sources: tuple[Source, ...],
    build_date: dt.datetime,
    draft: bool = False,
    cache: MarkdownCache | None = None,
    references: dict[str, tuple[str, str]] | None = None,
) -> Book:
    """Parse every chapter, then check that every internal link lands somewhere; every
    problem of every chapter is raised together at the end (errors.Problems). `cache`
    gives the Markdown conversions of an earlier build (and keeps this one's);
    `references`, the book's reference definitions when the caller has them already."""
    md = functools.cache(make_markdown)  # made at the first chapter the cache lacks
    state = ParseState(root=root, chapter_files=chapter_ids(sources), draft=draft)
    state.labels = labels_for(root, config.language)
    state.direction = config.text_direction
    state.references = references if references is not None else book_references(sources)
    chapters = []
    images: dict[str, Path] = {}
    links = []
    numbered = 0
    for position, source in enumerate(sources, start=1):
        numbered += 0 if source.study else 1
        number = None if source.study else numbered
        try:
            chapters.append(_parse_chapter(md, state, source, (number, position), cache))
        except PressworkError as error:  # this chapter stops here; the others go on
            state.problems.append(error)
            continue
        links.extend(state.links)
        for image in state.images:
            images.setdefault(image, source.path)
    chapters = resolve_links(chapters, links, state)
    state.problems.extend(undefined_words(chapters, sources))
    assets = []
    for path, shown_in in images.items():
        try:
            assets.append(_asset(root, path, shown_in))
        except PressworkError as error:
            state.problems.append(error)
    if state.problems:
        raise Problems.of(state.problems)
    return Book(config, root, tuple(chapters), tuple(assets), build_date, draft)


def _asset(root: Path, path: str, shown_in: Path) -> Asset:
    """An image of the book, checked (and an SVG cleaned) once for both back ends."""
    source = root / path
    media_type = IMAGE_TYPES[Path(path).suffix.lower()]
    if media_type == "image/svg+xml":
        data = source.read_bytes()
        cleaned = clean_svg(data, source, shown_in)
        return Asset(path, source, media_type, None if cleaned == data else cleaned)
    check_pixels(source, shown_in)
    return Asset(path, source, media_type)


def _parse_chapter(
    md: Callable[[], markdown.Markdown],
    state: ParseState,
    source: Source,
    place: tuple[int | None, int],
    cache: MarkdownCache | None,
) -> Chapter:
    number, position = place
    chapter_id = state.chapter_files[source.key]
    state.begin(chapter_id, source.path, source.text)
    raw, front_matter = _convert(md, source, state.references, cache)
    tree = _tidy_tree(raw, state, source)
    title, title_html = _title(source, take_title(tree), front_matter, state)
    strip_backlinks(tree)
    make_book_wide(tree, state)
    check_images(tree, state)
    close_heading_gaps(tree)
    headings = collect_headings(tree, chapter_id, source.path)
    number_blocks(tree, chapter_id)
    index_terms = collect_index_terms(tree, chapter_id)
    vocabulary = collect_vocabulary(tree, chapter_id)
    anchors = {chapter_id, *(str(e.get("id")) for e in tree.iter() if e.get("id"))}
    notes = _called_notes(extract_notes(tree), source)
    return Chapter(
        id=chapter_id,
        source=source.path,
        title=title,
        title_html=title_html,
        number=number,
        position=position,
        body=inner_xml(tree),
        notes=notes,
        headings=headings,
        anchors=frozenset(anchors),
        study=source.study,
        index_terms=index_terms,
        vocabulary=vocabulary,
    )


def _convert(
    md: Callable[[], markdown.Markdown],
    source: Source,
    references: dict[str, tuple[str, str]],
    cache: MarkdownCache | None,
) -> tuple[str, str | None]:
    """The chapter's Markdown as HTML (from `cache` when an earlier build, or another
    process of this one, converted the same text), and the title of its metadata block if
    it has one; the book's reference definitions serve every chapter."""
    title, text = split_front_matter(source.text)
    converted = conversion(md, source, text, references, cache)
    for first in converted.left_as_text:  # grid_tables.py
        LOG.warning(
            "%s:%s: a grid table with cells spanning columns is printed as text",
            source.path,
            line_of(source.text, first) or "?",
        )
    return converted.html, title


def _tidy_tree(raw: str, state: ParseState, source: Source) -> etree._Element:
    """Python-Markdown's HTML as a safe, bounded tree with the book's typography."""
    raw = print_task_boxes(raw)
    report_unsafe(parse_html(raw), state)
    tree = parse_html(sanitize(raw))
    check_tree(tree, source.path)
    repair_nesting(tree)
    prepare_study(tree, state.labels, source.path, source.text)
    drop_toc_markers(tree, state)
    merge_scene_breaks(tree)
    code_left_to_right(tree, state.direction)
    tidy_highlighting(tree)
    caption_tables(tree)
    mark_wide_tables(tree)
    set_number_ranges(tree)
    mark_capitals(tree)
    return tree


def _title(
    source: Source, found: tuple[str, str] | None, front_matter: str | None, state: ParseState
) -> tuple[str, str]:
    """The chapter's title (text and XHTML): book.toml's, else its `# heading`, else its
    front matter's; a chapter without one is a problem (a draft names it after its file)."""
    if source.title:  # book.toml's title wins over the file's own heading
        return source.title, escape(source.title)
    if found:
        check_title(found[0], "the chapter's title", source.path, 1)
        return found
    if front_matter:
        return front_matter, escape(front_matter)
    error = PressworkError(
        "chapter has no title",
        source.path,
        1,
        hint="start the file with `# Title`, or give it one in book.toml: "
        f'{{ file = "{source.relative}", title = "..." }}',
    )
    stem = Path(source.relative).stem
    state.problem(error, lambda: f"it is called {stem!r} after its file for now")
    return stem, escape(stem)


def _called_notes(notes: tuple[Note, ...], source: Source) -> tuple[Note, ...]:
    """The notes the text calls; a note never called is left out with a warning."""
    for note in notes:
        if not note.ref_id:
            label = note.id.split("--fn-", 1)[-1]
            LOG.warning(
                "%s:%s: footnote [^%s] is never referred to in the text; left out",
                source.path,
                line_of(source.text, f"[^{label}]:") or "?",
                label,
            )
    return tuple(note for note in notes if note.ref_id)
