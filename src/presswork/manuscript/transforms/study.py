"""Study material inside a chapter: `!!! key-points`, `!!! questions` and the other
study admonitions (objectives, activity, multiple-choice, true-false, sequencing, answers).

Python-Markdown's admonition extension writes `<div class="admonition TYPE">` with a title
paragraph; these types are study material, which only some editions print. They get the
class `study` (so each back end can drop them) and, where the writer gave no title, the
title in the book's language instead of Python-Markdown's "Key-points". `answers` boxes
are a teacher's: select.py keeps them only in an edition with `teacher = true`.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from presswork.errors import PressworkError, line_of
from presswork.manuscript.transforms.quiz import mark_choices
from presswork.manuscript.transforms.sequencing import fill_sequences
from presswork.manuscript.transforms.xhtml import find_all, remove_keeping_tail, with_class

# Admonition type -> labels.toml key of its default title.
STUDY_TYPES = {
    "key-points": "key_points",
    "questions": "questions",
    "objectives": "objectives",
    "activity": "activity",
    "multiple-choice": "multiple_choice",
    "true-false": "true_false",
    "sequencing": "sequencing",
    "answers": "answers",
}
WORKSHEET_TYPES = ("questions", "multiple-choice", "true-false", "sequencing", "answers")
"""The boxes a pupil writes in: a worksheet starts at the first of them."""


def prepare_study(root: etree._Element, labels: dict[str, str], path: Path, text: str) -> None:
    """Every study box of a chapter marked, its quiz options and sequences made."""
    mark_study(root, labels)
    mark_choices(root, labels)
    if fill_sequences(root):
        raise PressworkError(
            "a `!!! sequencing` box has no events to put in order",
            path,
            line_of(text, "!!! sequencing"),
            hint="list the events in their right order inside the box, or give its chapter "
            "a timeline table whose last column says what happens",
        )


def mark_study(root: etree._Element, labels: dict[str, str]) -> None:
    """Tag study admonitions and give untitled ones their label."""
    for box in with_class(root, "div", "admonition"):
        classes = str(box.get("class", "")).split()
        kind = next((c for c in classes if c in STUDY_TYPES), None)
        if kind is None:
            continue
        box.set("class", " ".join([*classes, "study"]))
        title = next(iter(find_all(box, "./p[@class='admonition-title']")), None)
        if title is not None and (title.text or "") == kind.capitalize() and len(title) == 0:
            title.text = labels.get(STUDY_TYPES[kind], title.text)


def has_study(body: str) -> bool:
    """Whether a chapter's XHTML may hold a study box (a cheap test before parsing it)."""
    return " study " in body or 'study"' in body


def drop_study(root: etree._Element) -> None:
    """Remove every study box (for editions without study material)."""
    for box in with_class(root, "div", "study"):
        remove_keeping_tail(box)
