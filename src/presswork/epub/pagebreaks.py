"""Page starts of the print layout -> page-break markers in the EPUB's XHTML and its page list.

Each marker (`<span role="doc-pagebreak" epub:type="pagebreak" id="page-7" aria-label="7"/>`)
goes before the word of the block where the printed page begins, so "turn to page 7" means
the same place in the EPUB as in the printed book (EPUB Accessibility 1.1, page navigation).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from presswork.manuscript.model import PageStart
from presswork.manuscript.transforms.blocks import BLOCK_TAGS

XHTML = "http://www.w3.org/1999/xhtml"
BLOCK_NAMES = {f"{{{XHTML}}}{tag}" for tag in BLOCK_TAGS}
HEADINGS = {f"{{{XHTML}}}h{level}" for level in range(1, 7)}
# The EPUB's nav element may hold only a heading and a list, so a page that starts in the
# contents is marked just before the whole <nav>.
WHOLE_ELEMENT = {"toc": "toc", "toc-title": "toc"}


@dataclass(frozen=True)
class Marker:
    """A page break placed in one EPUB file."""

    label: str
    file_name: str
    block_id: str
    word: int

    @property
    def anchor(self) -> str:
        return f"page-{self.label}"

    @property
    def href(self) -> str:
        return f"{self.file_name}#{self.anchor}"


def place_markers(starts: list[PageStart], files: dict[str, str]) -> list[Marker]:
    """Markers in page order. A page that starts in text the EPUB lacks (the half-title) or
    has no text (a blank page) is marked where the next page that can be placed starts."""
    markers: list[Marker] = []
    waiting: list[str] = []
    for start in starts:
        file_name = files.get(start.block_id)
        if file_name is None:
            waiting.append(start.label)
            continue
        block = WHOLE_ELEMENT.get(start.block_id, start.block_id)
        word = 0 if start.block_id in WHOLE_ELEMENT else start.word
        for label in [*waiting, start.label]:
            markers.append(Marker(label, file_name, block, word))
        waiting = []
    if waiting and markers:  # blank pages at the very end: after the last text
        last = markers[-1]
        markers.extend(Marker(label, last.file_name, last.block_id, 10**9) for label in waiting)
    return markers


def insert_markers(root: etree._Element, markers: list[Marker]) -> None:
    """Put each marker into the page tree at its block and word."""
    by_id = {
        element.get("id"): element for element in root.iter(etree.Element) if element.get("id")
    }
    for marker in markers:
        block = by_id.get(marker.block_id)
        if block is not None:
            _insert(block, marker.word, _marker_element(marker))


def _marker_element(marker: Marker) -> etree._Element:
    element = etree.Element(
        f"{{{XHTML}}}span",
        {
            "id": marker.anchor,
            "role": "doc-pagebreak",
            "aria-label": marker.label,
            "{http://www.idpf.org/2007/ops}type": "pagebreak",
        },
    )
    return element


def _insert(block: etree._Element, word: int, marker: etree._Element) -> None:
    if word == 0 and (block.tag in HEADINGS or block.tag not in BLOCK_NAMES):
        block.addprevious(marker)  # before a heading or a whole section, not inside it
        return
    count, in_space = 0, True
    for node, where, text in _segments(block):
        for offset, char in enumerate(text):
            if not char.isspace() and in_space:
                if count == word:
                    _split_at(node, where, offset, marker)
                    return
                count += 1
            in_space = char.isspace()
    block.append(marker)  # past the last word: the page starts after this block's text


def _segments(element: etree._Element) -> Iterator[tuple[etree._Element, str, str]]:
    """(node, "text" or "tail", string) of the block's own text, in reading order; blocks
    nested inside it (a sub-list item) have their own ids and count on their own."""
    yield element, "text", element.text or ""
    for child in element:
        if isinstance(child.tag, str) and not (child.tag in BLOCK_NAMES and child.get("id")):
            yield from _segments(child)
        if child.tail:
            yield child, "tail", child.tail


def _split_at(node: etree._Element, where: str, offset: int, marker: etree._Element) -> None:
    if where == "text":
        text = node.text or ""
        node.text, marker.tail = text[:offset], text[offset:]
        node.insert(0, marker)
    else:
        text = node.tail or ""
        node.tail, marker.tail = text[:offset], text[offset:]
        node.addnext(marker)
