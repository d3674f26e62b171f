"""The parsed Book -> the EPUB's XHTML pages, as checked, finished bytes.

Each page is rendered from its template, parsed with lxml (a page that is not well-formed XML
fails the build here, not in a reader), given the EPUB-only semantics, and serialised. The
bytes go to ebooklib as plain items: its EpubHtml rebuilds <head> and mangles markup.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

import jinja2
from lxml import etree

from presswork.epub.pagebreaks import Marker, insert_markers
from presswork.errors import PressworkError
from presswork.manuscript.model import Book, Chapter
from presswork.theme.templates import render

XHTML = "http://www.w3.org/1999/xhtml"
ASSET_FOLDER = "assets"
# Ids the templates give the pages that are not chapters (the same in print and EPUB).
FRONT_AND_BACK = {
    "titlepage": "titlepage.xhtml",
    "copyright": "copyright.xhtml",
    "toc": "nav.xhtml",
    "toc-title": "nav.xhtml",
    "colophon": "colophon.xhtml",
    "index": "index.xhtml",
    "index-title": "index.xhtml",
}
ASSET_KEY = "asset:"
SAFE_PATH = re.compile(r"[A-Za-z0-9._/-]+")
EPUB_NS = "http://www.idpf.org/2007/ops"
EPUB_TYPE = f"{{{EPUB_NS}}}type"
# DPUB-ARIA role -> the matching epub:type; Presswork's fragments carry only the role.
ROLE_TO_EPUB_TYPE = {
    "doc-noteref": "noteref",
    "doc-footnote": "footnote",
    "doc-endnotes": "endnotes",
    "doc-chapter": "chapter",
    "doc-toc": "toc",
    "doc-colophon": "colophon",
    "doc-pagebreak": "pagebreak",
    "doc-glossary": "glossary",
    "doc-index": "index",
}


@dataclass(frozen=True)
class Page:
    """One XHTML file of the EPUB."""

    file_name: str
    uid: str
    title: str
    content: bytes


def chapter_file(chapter: Chapter) -> str:
    """The chapter's file name inside the EPUB: its id when that is ASCII, since older
    reading systems mishandle other file names (EPUBCheck PKG-012)."""
    return (
        f"{chapter.id}.xhtml" if chapter.id.isascii() else f"chapter-{chapter.position:03d}.xhtml"
    )


def render_page(
    env: jinja2.Environment,
    template: str,
    file_name: str,
    context: dict[str, object],
    files: dict[str, str],
    markers: list[Marker] | None = None,
) -> bytes:
    """Render, parse and finish one page; `files` maps ids to the files holding them, and
    `markers` are the print page breaks that fall in this page."""
    text = render(env, template, **context)
    try:
        root = etree.fromstring(text.encode("utf-8"))
    except etree.XMLSyntaxError as exc:
        raise PressworkError(
            f"{file_name} would not be valid XHTML: {exc}",
            hint="check raw HTML in the chapter, or a custom template",
        ) from None
    _add_epub_types(root)
    _backlinks_first(root)
    localise_links(root, file_name, files)
    insert_markers(root, markers or [])
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", doctype="<!DOCTYPE html>")


def id_files(book: Book) -> dict[str, str]:
    """Book-wide id -> the file that holds it, for turning `#id` into `file.xhtml#id`; and
    each image (keyed apart, ids and paths could coincide) -> its file in the EPUB."""
    files = dict(FRONT_AND_BACK)
    files.update({anchor: chapter_file(c) for c in book.chapters for anchor in c.anchors})
    files.update({f"{c.id}-title": chapter_file(c) for c in book.chapters})
    files.update({ASSET_KEY + asset.path: asset_file(asset.path) for asset in book.assets})
    return files


def asset_file(path: str) -> str:
    """Where a manuscript image lives inside the EPUB, apart from Presswork's own files, under
    a name that is a valid URL path everywhere (a stable hash stands in for spaces, non-ASCII
    letters and the like: EPUBCheck RSC-020 and PKG-012)."""
    if SAFE_PATH.fullmatch(path):
        return f"{ASSET_FOLDER}/{path}"
    digest = hashlib.sha256(path.encode("utf-8")).hexdigest()[:16]
    return f"{ASSET_FOLDER}/{digest}{PurePosixPath(path).suffix.lower()}"


def localise_links(root: etree._Element, here: str, files: dict[str, str]) -> None:
    """Point `#id` links at the EPUB file holding the id (the PDF is one document; the EPUB
    is one file per chapter), and images at their place in the EPUB."""
    for image in root.iter(f"{{{XHTML}}}img"):
        src = image.get("src", "")
        if files.get(ASSET_KEY + src):
            image.set("src", asset_file(src))
    for link in root.iter(f"{{{XHTML}}}a"):
        href = link.get("href", "")
        if href.startswith("#"):
            target = files.get(href[1:])
            if target and target != here:
                link.set("href", f"{target}{href}")


def _add_epub_types(root: etree._Element) -> None:
    for element in root.iter(etree.Element):
        kind = ROLE_TO_EPUB_TYPE.get(element.get("role", ""))
        if kind and element.get(EPUB_TYPE) is None:
            element.set(EPUB_TYPE, kind)


def _backlinks_first(root: etree._Element) -> None:
    """Move a note's back link into its first paragraph: Kindle and Apple Books show the note
    as a pop-up only when the back link opens the note's text."""
    for note in root.iter(f"{{{XHTML}}}aside"):
        link = note.find(f"{{{XHTML}}}a[@role='doc-backlink']")
        first = note.find(f"{{{XHTML}}}p")
        if link is None or first is None:
            continue
        note.remove(link)
        link.tail = " " + (first.text or "")
        first.text = None
        first.insert(0, link)
