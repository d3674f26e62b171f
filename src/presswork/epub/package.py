"""The parsed Book -> an EPUB 3 file (ebooklib packages it; we write every page ourselves)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import NamedTuple

from ebooklib import epub
from lxml import etree

from presswork.epub.fonts import subset_fonts
from presswork.epub.pagebreaks import place_markers
from presswork.epub.pages import Page, asset_file, chapter_file, id_files, render_page
from presswork.manuscript.index import IndexGroup, build_index
from presswork.manuscript.labels import labels_for
from presswork.manuscript.model import Book, Chapter, PageStart
from presswork.manuscript.select import answers_for, select_material
from presswork.manuscript.vocabulary import VOCABULARY_ID, VocabEntry, build_vocabulary
from presswork.output import normalise_epub_zip
from presswork.theme.emphasis import plain
from presswork.theme.styles import EPUB_STYLESHEETS
from presswork.theme.templates import common_context, make_environment

FONT_TYPES = {".ttf": "font/ttf", ".otf": "font/otf", ".woff": "font/woff", ".woff2": "font/woff2"}
WRITE_OPTIONS = {"epub3_pages": False, "raise_exceptions": True, "compresslevel": 0}
"""ebooklib's options; its zip is only read back by normalise_epub_zip, which deflates every
entry itself (the same bytes either way), so ebooklib need not deflate them first."""


class _Planned(NamedTuple):
    """One XHTML page to render: its file, id, title, template, matter and own context."""

    file_name: str
    uid: str
    title: str
    template: str
    matter: str
    more: dict[str, object]


def build_pages(
    book: Book,
    stylesheets: list[str],
    starts: list[PageStart] | None = None,
    folios: dict[str, str] | None = None,
) -> list[Page]:
    """Every XHTML page in reading order: cover, title, copyright, contents, chapters,
    colophon; with `starts` (the print layout's page starts), page-break markers and a page
    list."""
    env = make_environment(book.root)
    files = id_files(book)
    markers = place_markers(starts or [], files)
    labels = labels_for(book.root, book.config.language)
    base = common_context(book, labels)
    index = build_index(book) if book.config.epub.index else ()
    vocabulary = build_vocabulary(book)
    base.update(
        stylesheets=stylesheets,
        chapter_href=chapter_file,
        cover_href="images/cover.jpg",
        cover_alt=f"{labels['cover_alt']}: {book.config.title}",
        page_list=markers,
        has_index=bool(index),
        has_vocabulary=bool(vocabulary),
    )
    pages = []
    for planned in _plan(book, labels, index, vocabulary, folios):
        file_name, uid, title, template, matter, more = planned
        context = {**base, **more, "page_title": title, "matter": matter, "body_class": uid}
        here = [marker for marker in markers if marker.file_name == file_name]
        content = render_page(env, f"epub/{template}.xhtml.j2", file_name, context, files, here)
        pages.append(Page(file_name, uid, title, content))
    return pages


def _plan(
    book: Book,
    labels: dict[str, str],
    index: tuple[IndexGroup, ...],
    vocabulary: tuple[VocabEntry, ...],
    folios: dict[str, str] | None,
) -> list[_Planned]:
    """The book's XHTML pages in reading order, each with its template (epub/NAME.xhtml.j2)."""
    front, back = "frontmatter", "backmatter"
    plan = [
        _Planned("cover.xhtml", "cover", labels["cover"], "cover", "cover", {}),
        _Planned("titlepage.xhtml", "titlepage", book.config.title, "titlepage", front, {}),
        _Planned("copyright.xhtml", "copyright", labels["copyright_page"], "copyright", front, {}),
        _Planned("nav.xhtml", "nav", labels["contents"], "nav", front, {}),
    ]
    plan += [
        _Planned(chapter_file(c), c.id, c.title, "chapter", "bodymatter", {"chapter": c})
        for c in book.chapters
    ]
    titles = _short_titles(book)
    if vocabulary:
        more: dict[str, object] = {
            "vocabulary": vocabulary,
            "folios": folios or {},
            "titles": titles,
        }
        plan.append(
            _Planned(
                "vocabulary.xhtml", VOCABULARY_ID, labels["vocabulary"], "vocabulary", back, more
            )
        )
    if index:
        extra: dict[str, object] = {
            "index_groups": index,
            "folios": folios or {},
            "titles": titles,
            "locators": _locators(index, folios or {}, titles),
        }
        plan.append(_Planned("index.xhtml", "index", labels["index"], "index", back, extra))
    plan.append(_Planned("colophon.xhtml", "colophon", labels["colophon"], "colophon", back, {}))
    return plan


def _locators(
    index: tuple[IndexGroup, ...], folios: dict[str, str], titles: dict[str, str]
) -> dict[str, list[tuple[str, str]]]:
    """Entry key -> (label, term id) of each place, a label given once (the first mark on
    a page links for it), as the print index merges a page's marks."""
    found: dict[str, list[tuple[str, str]]] = {}
    entries = [e for group in index for entry in group.entries for e in (entry, *entry.subentries)]
    for entry in entries:
        seen: set[str] = set()
        places = found.setdefault(entry.key, [])
        for term in entry.terms:
            label = folios.get(term.id) or titles[term.chapter_id]
            if label not in seen:
                seen.add(label)
                places.append((label, term.id))
    return found


def _short_titles(book: Book) -> dict[str, str]:
    """Chapter id -> how an index link names its chapter when there are no page numbers."""
    return {c.id: f"{c.number}" if c.number else c.title for c in book.chapters}


def write_epub(
    book: Book,
    theme: Path,
    target: Path,
    starts: list[PageStart] | None = None,
    folios: dict[str, str] | None = None,
    page_source: str | None = None,
    drawn_cover: bytes | None = None,
) -> None:
    """Write the EPUB to `target` (the caller makes that atomic): `starts` are the print
    page starts for the page list, `folios` the printed page of each index term,
    `page_source` names the print edition they come from; `drawn_cover` is the cover image
    for a book that brings none (the print cover's front, pdf/cover_front.py)."""
    settings = book.config.epub
    book = select_material(book, settings.study, answers_for(settings))
    sheets = [n for n in EPUB_STYLESHEETS if settings.embed_fonts or n != "fonts.css"]
    pages = build_pages(book, [f"styles/{name}" for name in sheets], starts, folios)
    package = _package(book, pages, page_source if starts else None)
    for name in sheets:
        package.add_item(
            epub.EpubItem(
                uid=f"css-{Path(name).stem}",
                file_name=f"styles/{name}",
                media_type="text/css",
                content=(theme / name).read_bytes(),
            )
        )
    if settings.embed_fonts:
        for index, (name, data) in enumerate(subset_fonts(theme / "fonts", pages)):
            package.add_item(
                epub.EpubItem(
                    uid=f"font-{index}",
                    file_name=f"styles/fonts/{name}",
                    media_type=FONT_TYPES[Path(name).suffix],
                    content=data,
                )
            )
    cover = (book.root / settings.cover).read_bytes() if settings.cover else None
    cover_name = "images/cover" + (
        Path(settings.cover).suffix.lower() if settings.cover else ".jpg"
    )
    if cover or drawn_cover:
        package.set_cover(cover_name, cover or drawn_cover, create_page=False)
    for index, asset in enumerate(book.assets):
        package.add_item(
            epub.EpubItem(
                uid=f"image-{index}",
                file_name=asset_file(asset.path),
                media_type=asset.media_type,
                content=asset.content(),
            )
        )
    with tempfile.TemporaryDirectory() as scratch:
        raw = Path(scratch) / "raw.epub"
        epub.write_epub(str(raw), package, {**WRITE_OPTIONS, "mtime": book.build_date})
        fixes = {"EPUB/content.opf": lambda opf: _package_language(opf, book.config.language)}
        normalise_epub_zip(raw, target, book.build_date, fixes)


def _package(book: Book, pages: list[Page], page_list: str | None) -> epub.EpubBook:
    """The ebooklib book: metadata, pages in the spine, the NCX built from the chapters."""
    package = epub.EpubBook()
    _metadata(book, package, page_list)
    items = {}
    for page in pages:
        item = epub.EpubItem(
            uid=page.uid,
            file_name=page.file_name,
            media_type="application/xhtml+xml",
            content=page.content,
        )
        item.title = page.title
        if page.uid == "nav":
            item.properties = ["nav"]
        package.add_item(item)
        items[page.uid] = item
    package.spine = [items[page.uid] for page in pages]
    package.toc = [_toc_entry(chapter) for chapter in book.chapters]
    if VOCABULARY_ID in items:
        title = items[VOCABULARY_ID].title
        package.toc.append(epub.Link("vocabulary.xhtml", title, "toc-vocabulary"))
    if "index" in items:
        package.toc.append(epub.Link("index.xhtml", items["index"].title, "toc-index"))
    package.add_item(epub.EpubNcx())
    return package


def _toc_entry(chapter: Chapter) -> epub.Link | tuple[epub.Link, list[epub.Link]]:
    """The chapter's NCX entry, with its second-level sections nested under it."""
    link = epub.Link(chapter_file(chapter), chapter.title, f"toc-{chapter.id}")
    sections = [
        epub.Link(f"{chapter_file(chapter)}#{h.id}", h.text, f"toc-{h.id}")
        for h in chapter.headings
        if h.level <= 2
    ]
    return (link, sections) if sections else link


def _metadata(book: Book, package: epub.EpubBook, page_list: str | None) -> None:
    config = book.config
    package.set_identifier(config.book_id)
    package.title = config.title
    package.add_metadata("DC", "title", config.title, {"id": "title"})
    package.add_metadata(None, "meta", "main", {"refines": "#title", "property": "title-type"})
    # One dc:title: Send-to-Kindle and some readers join every dc:title with colons
    # ("Away: A Recap of the Film: From..."); the subtitle is on the title page.
    package.set_language(config.language)
    if config.text_direction == "rtl":
        package.set_direction("rtl")
    for index, person in enumerate(config.creators):
        package.add_author(
            person.name, file_as=person.file_as, role=person.role, uid=f"creator-{index}"
        )
    for index, person in enumerate(config.contributors):
        uid = f"contributor-{index}"
        package.add_metadata("DC", "contributor", person.name, {"id": uid})
        package.add_metadata(
            None,
            "meta",
            person.role,
            {"refines": f"#{uid}", "property": "role", "scheme": "marc:relators"},
        )
    date = config.date or book.build_date.date()
    package.add_metadata("DC", "date", date.isoformat())
    for key in ("publisher", "rights", "description"):
        value = getattr(config, key)
        if value:
            package.add_metadata(
                "DC", key, plain(value) if key == "description" else " ".join(value.split())
            )
    for subject in config.subjects:
        package.add_metadata("DC", "subject", subject)
    if page_list:
        # The page source: pageBreakSource (EPUB Accessibility 1.1) and the older dc:source
        # that DAISY Ace still looks for. The print edition shares the book's identifier.
        package.add_metadata("DC", "source", page_list)
        package.add_metadata(None, "meta", page_list, {"property": "pageBreakSource"})
    notes = any(chapter.notes for chapter in book.chapters)
    _accessibility(package, bool(page_list), _has_described_images(book), notes)


def _has_described_images(book: Book) -> bool:
    """Whether any chapter shows an image with a description (not a decorative one)."""
    for chapter in book.chapters:
        if "<img" in chapter.body:
            root = etree.fromstring(f"<div>{chapter.body}</div>")
            if any(image.get("alt") for image in root.iter("img")):
                return True
    return False


def _accessibility(package: epub.EpubBook, page_list: bool, images: bool, notes: bool) -> None:
    """schema.org accessibility metadata, written from what the book really contains."""
    features = ["structuralNavigation", "tableOfContents", "readingOrder"]
    summary = "Text with headings, a navigable table of contents" + (
        " and linked notes." if notes else "."
    )
    modes = ["textual", "visual"] if images else ["textual"]
    if images:
        features.append("alternativeText")
        summary += " Every image has a text description."
    if page_list:
        features.append("printPageNumbers")
        summary += " Page breaks and a page list match the printed edition."
    entries = [
        *(("schema:accessMode", mode) for mode in modes),
        ("schema:accessModeSufficient", "textual"),
        *(("schema:accessibilityFeature", feature) for feature in features),
        ("schema:accessibilityHazard", "none"),
        ("schema:accessibilitySummary", summary),
    ]
    for prop, value in entries:
        package.add_metadata(None, "meta", value, {"property": prop})


def _package_language(opf: bytes, language: str) -> bytes:
    """Give the OPF's <package> the book's xml:lang, which ebooklib cannot write and DAISY
    Ace reports as a serious violation (epub-lang) when missing."""
    root = etree.fromstring(opf)
    root.set("{http://www.w3.org/XML/1998/namespace}lang", language)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8"))
