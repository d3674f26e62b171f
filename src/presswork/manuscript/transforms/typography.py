"""Typographic refinements smarty leaves out: a range of numbers takes an en dash.

`pages 12-14` and `1969-1972` become `12–14` and `1969–1972`, as style guides ask. Only a
hyphen between two plain numbers changes: `STS-128`, `2026-11-23` (a date: a number on
both sides of *two* hyphens) and anything in code keep their hyphens; to keep one between
numbers, write a non-breaking hyphen (U+2011) instead.
"""

from __future__ import annotations

import re

from lxml import etree

NUMBER_RANGE = re.compile(r"(?<![\w\-\u2010.,/:])(\d+)-(\d+)(?![\w\-\u2010]|[.,/:]\d)")
SKIPPED = frozenset({"code", "pre", "kbd", "samp", "var"})
EN_DASH = "\u2013"


def set_number_ranges(root: etree._Element) -> None:
    """Replace the hyphen of each number range in the text (not in code) by an en dash."""
    for element in root.iter(etree.Element):
        if str(element.tag) not in SKIPPED and not _in_code(element) and element.text:
            element.text = NUMBER_RANGE.sub(rf"\1{EN_DASH}\2", element.text)
        if element is not root and element.tail and not _in_code(element.getparent()):
            element.tail = NUMBER_RANGE.sub(rf"\1{EN_DASH}\2", element.tail)


def _in_code(element: etree._Element | None) -> bool:
    while element is not None:
        if str(element.tag) in SKIPPED:
            return True
        element = element.getparent()
    return False
