"""Study questions -> questions with ruled lines to write the answer on (print only).

The lines are empty blocks with a bottom border: vector rules that print crisply at any
resolution (a repeating gradient drops lines when a printer driver rasterises it). They
are decoration, hidden from assistive technology; the EPUB keeps the plain questions.
"""

from __future__ import annotations

from lxml import etree

from presswork.manuscript.transforms.xhtml import find_all

LINES_PER_QUESTION = 3


def add_answer_lines(root: etree._Element, lines: int = LINES_PER_QUESTION) -> None:
    """Append `lines` ruled lines to every item of every `questions` box."""
    if lines <= 0:
        return
    for item in find_all(root, ".//div[contains(concat(' ', @class, ' '), ' questions ')]//li"):
        block = etree.SubElement(item, "span", {"class": "answer-lines", "aria-hidden": "true"})
        for _ in range(lines):
            etree.SubElement(block, "span", {"class": "answer-line"}).text = "\u00a0"
