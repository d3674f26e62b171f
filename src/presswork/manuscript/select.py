"""One parsed Book -> the Book an edition prints: with or without the study material, and
with the answers only in a teacher's edition.

The manuscript is parsed once; editions differ only in what they include, so selection is
a filter over the parsed chapters rather than a second parse. Index terms, vocabulary and
footnotes that lived inside dropped material go with it. The answers are everything that
gives a question away: `!!! answers` boxes, the right option of a quiz (quiz.py) and the
order of a sequencing exercise (sequencing.py); a student's edition holds none of them.
"""

from __future__ import annotations

import dataclasses
from typing import Literal, Protocol

from lxml import etree

from presswork.manuscript.answer_key import answer_key_chapter, take_answers
from presswork.manuscript.labels import labels_for
from presswork.manuscript.model import Book, Chapter
from presswork.manuscript.transforms.quiz import CORRECT
from presswork.manuscript.transforms.sequencing import ORDER
from presswork.manuscript.transforms.study import drop_study, has_study
from presswork.manuscript.transforms.xhtml import (
    find_all,
    inner_xml,
    parse_html,
    remove_keeping_tail,
    with_class,
)

Answers = Literal["none", "inline", "key"]
"""No answers (a student's edition), after each chapter's questions, or in an answer key."""


class _Teaching(Protocol):
    @property
    def teacher(self) -> bool: ...
    @property
    def answers(self) -> Literal["inline", "key"]: ...


def answers_for(settings: _Teaching) -> Answers:
    """Where an edition (print or EPUB settings) puts the answers."""
    return settings.answers if settings.teacher else "none"


def select_material(book: Book, study: bool, answers: Answers = "none") -> Book:
    """The book as an edition with (`study`) or without study material sees it, with the
    answers where `answers` puts them."""
    if not study:
        chapters = tuple(_without_study(c) for c in book.chapters if not c.study)
        return dataclasses.replace(book, chapters=chapters)
    if not any(_has_answers(c.body) for c in book.chapters):
        return book
    labels = labels_for(book.root, book.config.language)
    kept = []
    gathered: list[tuple[Chapter, list[etree._Element]]] = []
    for chapter in book.chapters:
        tree = parse_html(chapter.body)
        if answers == "inline":
            _show_answers(tree, labels)
        else:
            taken = take_answers(tree, labels) if answers == "key" else []
            _hide_answers(tree)
            if taken:
                gathered.append((chapter, taken))
        kept.append(_rebuilt(chapter, tree))
    if gathered:
        kept.append(answer_key_chapter(book, gathered, labels, len(kept) + 1))
    return dataclasses.replace(book, chapters=tuple(kept))


def _has_answers(body: str) -> bool:
    return " answers " in body or CORRECT in body or ORDER in body


def _show_answers(tree: etree._Element, labels: dict[str, str]) -> None:
    """The right options marked for the eye and for a screen reader; orders in their boxes."""
    for option in find_all(tree, f".//*[@{CORRECT}]"):
        del option.attrib[CORRECT]
        option.set("class", f"{option.get('class', '')} correct".strip())
        mark = etree.SubElement(option, "span", {"class": "answer-mark"})
        mark.text = f" ({labels['correct']})"
    for item in find_all(tree, f".//li[@{ORDER}]"):
        box = next(iter(find_all(item, "./span[@class='sequence-box']")), None)
        if box is not None:
            box.text = item.get(ORDER)
            del box.attrib["aria-hidden"]
        del item.attrib[ORDER]


def _hide_answers(tree: etree._Element) -> None:
    """A student's chapter: no answers box, no mark on the right option or order."""
    for box in with_class(tree, "div", "answers"):
        remove_keeping_tail(box)
    for element in find_all(tree, f".//*[@{CORRECT}] | .//*[@{ORDER}]"):
        element.attrib.pop(CORRECT, "")
        element.attrib.pop(ORDER, "")


def _rebuilt(chapter: Chapter, tree: etree._Element) -> Chapter:
    ids = {str(e.get("id")) for e in tree.iter() if e.get("id")}
    return dataclasses.replace(
        chapter,
        body=inner_xml(tree),
        notes=tuple(note for note in chapter.notes if note.ref_id in ids),
        index_terms=tuple(term for term in chapter.index_terms if term.id in ids),
        vocabulary=tuple(term for term in chapter.vocabulary if term.id in ids),
        anchors=frozenset({chapter.id, *ids}),
    )


def _without_study(chapter: Chapter) -> Chapter:
    if not has_study(chapter.body):
        return dataclasses.replace(chapter, vocabulary=())
    tree = parse_html(chapter.body)
    drop_study(tree)
    return dataclasses.replace(_rebuilt(chapter, tree), vocabulary=())
