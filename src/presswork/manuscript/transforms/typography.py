"""Typographic refinements smarty leaves out: a range of numbers takes an en dash.

`pages 12-14` and `1969-1972` become `12–14` and `1969–1972`, as style guides ask. Only a
hyphen between two plain numbers changes: `STS-128`, `2026-11-23` (a date: a number on
both sides of *two* hyphens) and anything in code keep their hyphens; to keep one between
numbers, write a non-breaking hyphen (U+2011) instead. A labelled number is not a range
either: `Listing 8-14`, `Figure 4-1`, `Table 2-3`, `Version 3-2`, `Tel. 555-1234` keep
their hyphen.
"""

from __future__ import annotations

import re

from lxml import etree

NUMBER_RANGE = re.compile(r"(?<![\w\-\u2010.,/:])(\d+)-(\d+)(?![\w\-\u2010]|[.,/:]\d)")
SKIPPED = frozenset({"code", "pre", "kbd", "samp", "var"})
EN_DASH = "\u2013"
LABELLED = re.compile(
    r"\b(?:listing|figure|fig\.|table|example|exercise|equation|eq\.|chapter|section|"
    r"version|v|no\.|number|tel\.?|phone|isbn|issn)\s*$",
    re.IGNORECASE,
)
"""Words after which `N-M` names one thing (`Figure 4-1`), not a range."""


def set_number_ranges(root: etree._Element) -> None:
    """Replace the hyphen of each number range in the text (not in code) by an en dash."""
    for element in root.iter(etree.Element):
        if str(element.tag) not in SKIPPED and not _in_code(element) and element.text:
            element.text = _dash(element.text)
        if element is not root and element.tail and not _in_code(element.getparent()):
            element.tail = _dash(element.tail)


def _dash(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        if LABELLED.search(text[max(0, match.start() - 20) : match.start()]):
            return match.group(0)
        return f"{match.group(1)}{EN_DASH}{match.group(2)}"

    return NUMBER_RANGE.sub(replace, text)


def _in_code(element: etree._Element | None) -> bool:
    while element is not None:
        if str(element.tag) in SKIPPED:
            return True
        element = element.getparent()
    return False
