"""Task-list check boxes (`- [x] done`) as printed boxes, not form controls.

pymdownx.tasklist writes `<input type="checkbox">` (as stashed raw HTML, so after Markdown),
which a book cannot hold: the sanitizer would drop it, and no e-reader or printer shows a
form. Before sanitizing, each box of a task item becomes the character a reader sees, ☐ or
☒, named for screen readers; an `<input>` the author wrote is still refused as such.
"""

from __future__ import annotations

from lxml import etree

from presswork.manuscript.transforms.xhtml import find_all, inner_html, parse_html

BOXES = {False: ("\u2610", "not done"), True: ("\u2612", "done")}
_BOX = ".//li[contains(@class, 'task-list-item')]//input[@type='checkbox']"


def print_task_boxes(raw: str) -> str:
    """The chapter's HTML with each task item's check box as a `span.task-box`."""
    if "task-list-item" not in raw:
        return raw
    root = parse_html(raw)
    for box in find_all(root, _BOX):
        char, name = BOXES[box.get("checked") is not None]
        span = etree.Element("span", {"class": "task-box", "role": "img", "aria-label": name})
        span.text, span.tail = char, box.tail
        parent = box.getparent()
        if parent is not None:
            parent.replace(box, span)
    return inner_html(root)  # read by an HTML parser next: no `<span/>`
