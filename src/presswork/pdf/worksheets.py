"""A chapter's study material as sheets a teacher photocopies (print only).

The study boxes that follow one another (key points, questions, quizzes...) are one
`study-set`, kept on one page when it fits there (print.css); from the first box a pupil
writes in, they are a `worksheet`, which `worksheets = true` starts on a fresh page under
a "Name / Class / Date" line. Questions get their ruled answer lines here too, and the
notes pages as many rules as fill their text block.
"""

from __future__ import annotations

import math

from lxml import etree

from presswork.manuscript.config import PrintSettings
from presswork.manuscript.lengths import parse_length, parse_trim
from presswork.manuscript.transforms.study import WORKSHEET_TYPES
from presswork.manuscript.transforms.xhtml import with_class
from presswork.pdf.answer_lines import add_answer_lines

NOTES_TITLE_RULES = 2
"""Rule spaces a notes page's title takes (its height is set to them in page.css.j2)."""


def arrange_worksheets(
    root: etree._Element, settings: PrintSettings, labels: dict[str, str]
) -> None:
    """Group each run of study boxes into a study set and its worksheet; rule the answers."""
    add_answer_lines(root, settings.answer_lines)
    for run in _runs(root):
        first = run[0]
        parent = first.getparent()
        if parent is None:
            continue
        study_set = etree.Element("div", {"class": "study-set"})
        parent.insert(parent.index(first), study_set)
        study_set.tail, first.tail = first.tail, None
        sheet: etree._Element | None = None
        for box in run:
            box.tail = None
            if sheet is None and _kind(box) in WORKSHEET_TYPES:
                sheet = etree.SubElement(study_set, "div", {"class": "worksheet"})
                if settings.worksheets:
                    sheet.append(_name_line(labels))
            (sheet if sheet is not None else study_set).append(box)


def notes_rules(settings: PrintSettings) -> int:
    """How many rules fill a notes page's text block under its title."""
    height = parse_trim(settings.trim)[1]
    block = height - parse_length(settings.margin_top) - parse_length(settings.margin_bottom)
    return max(1, math.floor(block / parse_length(settings.answer_spacing)) - NOTES_TITLE_RULES)


def _runs(root: etree._Element) -> list[list[etree._Element]]:
    """Runs of study boxes that are siblings with nothing but white space between them."""
    runs: list[list[etree._Element]] = []
    for box in with_class(root, "div", "study"):
        previous = box.getprevious()
        joined = (
            runs
            and previous is not None
            and previous is runs[-1][-1]
            and not (previous.tail or "").strip()
        )
        if joined:
            runs[-1].append(box)
        elif not _inside_study(box):
            runs.append([box])
    return runs


def _inside_study(box: etree._Element) -> bool:
    return any("study" in str(a.get("class", "")).split() for a in box.iterancestors())


def _kind(box: etree._Element) -> str:
    return next((c for c in str(box.get("class", "")).split() if c in WORKSHEET_TYPES), "")


def _name_line(labels: dict[str, str]) -> etree._Element:
    """ "Name ______ Class ______ Date ______", the blanks ruled (print.css)."""
    line = etree.Element("p", {"class": "name-line"})
    for key in ("worksheet_name", "worksheet_class", "worksheet_date"):
        field = etree.SubElement(line, "span", {"class": "name-field"})
        field.text = labels[key]
        etree.SubElement(field, "span", {"class": "name-blank"}).text = "\u00a0"
    return line
