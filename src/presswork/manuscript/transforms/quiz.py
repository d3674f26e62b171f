"""Quick comprehension questions: `!!! multiple-choice` and `!!! true-false` boxes.

Both are written as GitHub task lists, so a manuscript reads right on GitHub too: a
multiple-choice question is a numbered item whose options are a task list under it, the
right one checked (`- [x] Stockton`); a true-or-false statement is a task item of its own,
checked when it is true. The check boxes are the answers, so here they become
`data-correct` marks on plain options (select.py keeps them only in a teacher's edition)
and every statement gets its "True"/"False" options to circle.
"""

from __future__ import annotations

from lxml import etree

from presswork.manuscript.transforms.xhtml import find_all, with_class

CORRECT = "data-correct"


def mark_choices(root: etree._Element, labels: dict[str, str]) -> None:
    """Options with their right answers marked, in every quiz box."""
    for box in _boxes(root, "multiple-choice"):
        for options in with_class(box, "ul", "task-list"):
            options.tag = "ol"
            options.set("class", "choices")
            for item in find_all(options, "./li"):
                _option(item, _take_box(item))
    for box in _boxes(root, "true-false"):
        for item in with_class(box, "li", "task-list-item"):
            right = _take_box(item)
            item.set("class", "statement")
            verdict = etree.SubElement(item, "span", {"class": "verdicts"})
            for value, label in ((True, labels["true"]), (False, labels["false"])):
                option = etree.SubElement(verdict, "span")
                option.text = label
                _option(option, value == right)
        for task_list in with_class(box, "ul", "task-list"):
            task_list.set("class", "statements")


def _boxes(root: etree._Element, kind: str) -> list[etree._Element]:
    return with_class(root, "div", kind)


def _take_box(item: etree._Element) -> bool:
    """Whether the item was checked; its printed box (task_boxes.py) taken out."""
    checked = False
    for box in find_all(item, "./span[@class='task-box']"):
        checked = box.get("aria-label") == "done"
        parent = box.getparent()
        text = (box.tail or "").lstrip()
        previous = box.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + text
        elif parent is not None:
            parent.text = (parent.text or "") + text
        if parent is not None:
            parent.remove(box)
    return checked


def _option(element: etree._Element, right: bool) -> None:
    element.set("class", "choice")
    if right:
        element.set(CORRECT, "true")
