"""A teacher's edition with `answers = "key"`: every answer gathered, chapter by chapter,
into an answer key at the end of the book instead of after each chapter's questions.

The key holds each chapter's `!!! answers` boxes as they were written, and the answers of
its quizzes and sequencing exercises written out: "2. b. Stockton", "1. False", the events
in their right order. It is a study chapter like the others, so both back ends set it as
they set any chapter (the EPUB when `[epub] teacher = true`).
"""

from __future__ import annotations

from copy import deepcopy
from xml.sax.saxutils import escape

from lxml import etree

from presswork.manuscript.model import Book, Chapter, Heading
from presswork.manuscript.transforms.quiz import CORRECT
from presswork.manuscript.transforms.sequencing import ORDER
from presswork.manuscript.transforms.xhtml import (
    find_all,
    inner_xml,
    parse_html,
    text_of,
    with_class,
)

KEY_ID = "answer-key"


def take_answers(tree: etree._Element, labels: dict[str, str]) -> list[etree._Element]:
    """The chapter's answers as boxes for the key: its answers boxes taken out, its quizzes'
    and sequences' answers written out (their marks are left for the caller to clear)."""
    found: list[etree._Element] = []
    for box in with_class(tree, "div", "study"):
        kinds = str(box.get("class", "")).split()
        if "answers" in kinds:
            found.append(deepcopy(box))
        elif "multiple-choice" in kinds:
            found.append(_quiz_key(box, labels["multiple_choice"], _choice_answers(box)))
        elif "true-false" in kinds:
            found.append(_quiz_key(box, labels["true_false"], _verdicts(box)))
        elif "sequencing" in kinds:
            found.append(_quiz_key(box, labels["sequencing"], _order(box)))
    for answer in found:
        answer.tail = None
        for element in answer.iter():
            element.attrib.pop("id", "")
    return found


def answer_key_chapter(
    book: Book,
    gathered: list[tuple[Chapter, list[etree._Element]]],
    labels: dict[str, str],
    position: int,
) -> Chapter:
    """The answer key: one section per chapter that has answers, under its title."""
    root = parse_html("")
    headings = []
    for chapter, answers in gathered:
        section = etree.SubElement(root, "section", {"class": "answer-key-chapter"})
        heading_id = f"{KEY_ID}--{chapter.id}"
        heading = etree.SubElement(section, "h2", {"id": heading_id})
        heading.text = chapter.title
        headings.append(Heading(2, heading_id, chapter.title))
        section.extend(answers)
    title = labels["answer_key"]
    ids = {str(e.get("id")) for e in root.iter() if e.get("id")}
    return Chapter(
        id=KEY_ID,
        source=book.root / "book.toml",
        title=title,
        title_html=escape(title),
        number=None,
        position=position,
        body=inner_xml(root),
        notes=(),
        headings=tuple(headings),
        anchors=frozenset({KEY_ID, *ids}),
        study=True,
    )


def _quiz_key(box: etree._Element, title: str, items: list[etree._Element]) -> etree._Element:
    key = etree.Element("div", {"class": "admonition answers study"})
    etree.SubElement(key, "p", {"class": "admonition-title"}).text = title
    listing = etree.SubElement(key, "ol")
    listing.extend(items)
    return key


def _choice_answers(box: etree._Element) -> list[etree._Element]:
    """ "b. Stockton" for each question: the right option's letter and text."""
    found = []
    for question in find_all(box, "./ol/li"):
        options = find_all(question, "./ol[@class='choices']/li")
        right = [(n, o) for n, o in enumerate(options) if o.get(CORRECT)]
        item = etree.Element("li")
        item.text = ", ".join(
            f"{chr(ord('a') + n)}. {' '.join(text_of(o).split())}" for n, o in right
        )
        found.append(item)
    return found


def _verdicts(box: etree._Element) -> list[etree._Element]:
    found = []
    for statement in find_all(box, ".//li[@class='statement']"):
        right = find_all(statement, f"./span[@class='verdicts']/span[@{CORRECT}]")
        item = etree.Element("li")
        item.text = text_of(right[0]) if right else ""
        found.append(item)
    return found


def _order(box: etree._Element) -> list[etree._Element]:
    """The events in their right order."""
    events = sorted(find_all(box, f".//li[@{ORDER}]"), key=lambda li: int(li.get(ORDER, "0")))
    found = []
    for event in events:
        item = etree.Element("li")
        for span in find_all(event, "./span[@class='event']"):
            item.append(deepcopy(span))
        found.append(item)
    return found
