"""The laid-out print document -> where each printed page starts in the text.

A page start is named by the nearest block element with an id (every paragraph, list item,
cell and heading has one, see transforms/blocks.py) and the number of words of that block
that came before the page. Both back ends share those ids, so the EPUB can put a page-break
marker at the same word. This reads WeasyPrint's box tree (`page._page_box`), a private API:
WeasyPrint is pinned to 70.x and tests/test_pagemap.py checks the result against pdftotext.
"""

from __future__ import annotations

from collections.abc import Iterator

from weasyprint.document import Document, Page
from weasyprint.formatting_structure import boxes

from presswork.manuscript.model import PageStart

HYPHEN = "\u2010"  # what WeasyPrint adds where it hyphenates a word at a line end
KEPT_PSEUDO = ("::footnote-call",)  # generated text that the EPUB has too (the note number)


def page_labels(page_count: int, first_arabic: int) -> list[str]:
    """Folios as printed: lower-case roman before the first chapter, arabic from it."""
    return [
        roman(i + 1) if i < first_arabic else str(i - first_arabic + 1) for i in range(page_count)
    ]


def roman(number: int) -> str:
    """Lower-case roman numeral, as CSS `lower-roman` prints it."""
    digits = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ]
    out = []
    for value, letters in digits:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def is_blank(page: Page) -> bool:
    """A page with no text and no image anywhere on it (margin boxes included)."""
    return not any(_ink(page._page_box))


def _ink(box: boxes.Box) -> Iterator[bool]:
    if (isinstance(box, boxes.TextBox) and box.text.strip()) or isinstance(box, boxes.ReplacedBox):
        yield True
    for child in getattr(box, "children", None) or ():
        yield from _ink(child)


def page_starts(document: Document, labels: list[str]) -> list[PageStart]:
    """One PageStart per page of a rendered WeasyPrint document."""
    return [
        PageStart(label, block_id, word)
        for label, (block_id, word) in zip(labels, raw_starts(document), strict=True)
    ]


def raw_starts(document: Document) -> list[tuple[str, int]]:
    """(block id, words before) where each page begins; ("", 0) for a page without text."""
    seen_text: dict[str, list[str]] = {}  # block id -> its lines laid out so far
    starts = []
    for page in document.pages:
        first: tuple[str, int] | None = None
        for block_id, line in _lines(page._page_box):
            if first is None:
                first = (block_id, _words_before(seen_text.get(block_id, [])))
            seen_text.setdefault(block_id, []).append(line)
        starts.append(first or ("", 0))
    return starts


def _words_before(lines: list[str]) -> int:
    """Words of a block already laid out, counting a word split across the page once (the
    marker goes before the split word)."""
    if not lines:
        return 0
    count = len(_join(lines).split())
    return count - 1 if lines[-1].endswith(HYPHEN) else count


def _join(lines: list[str]) -> str:
    """Lines back into running text: hyphenated line ends rejoined, other ends a space."""
    parts: list[str] = []
    for line in lines:
        if parts and parts[-1].endswith(HYPHEN):
            parts[-1] = parts[-1][:-1] + line
        else:
            parts.append(line)
    return " ".join(parts)


def _lines(box: boxes.Box, block_id: str = "") -> Iterator[tuple[str, str]]:
    """(block id, text) of each line of body text, in order; margin boxes (running heads,
    folios), footnote areas and generated text (list markers) are left out."""
    if isinstance(box, boxes.MarginBox | boxes.FootnoteAreaBox):
        return
    element = getattr(box, "element", None)
    own_id = element.get("id") if element is not None else None
    if own_id and isinstance(box, boxes.BlockLevelBox) and "::" not in box.element_tag:
        block_id = own_id
    if isinstance(box, boxes.LineBox):
        text = "".join(line_text(box))
        if text.strip() and block_id:
            yield block_id, text.strip()
        return
    for child in getattr(box, "children", None) or ():
        yield from _lines(child, block_id)


def line_text(box: boxes.Box) -> Iterator[str]:
    """The text of a line box as printed (generated text other than note calls left out)."""
    tag = getattr(box, "element_tag", "")
    if "::" in tag and not tag.endswith(KEPT_PSEUDO):
        return
    if isinstance(box, boxes.FootnoteAreaBox):
        return
    if isinstance(box, boxes.TextBox):
        yield box.text
    for child in getattr(box, "children", None) or ():
        if isinstance(child, boxes.BlockLevelBox):
            continue  # an inline-block (e.g. a floated note) is not this line's text
        yield from line_text(child)
