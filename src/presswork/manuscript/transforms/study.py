"""Study material inside a chapter: `!!! key-points` and `!!! questions` admonitions.

Python-Markdown's admonition extension writes `<div class="admonition TYPE">` with a title
paragraph; these two types are study material, which only some editions print. They get the
class `study` (so each back end can drop them) and, where the writer gave no title, the
title in the book's language instead of Python-Markdown's "Key-points".
"""

from __future__ import annotations

from lxml import etree

from presswork.manuscript.transforms.xhtml import find_all, remove_keeping_tail

# Admonition type -> labels.toml key of its default title.
STUDY_TYPES = {"key-points": "key_points", "questions": "questions"}


def mark_study(root: etree._Element, labels: dict[str, str]) -> None:
    """Tag study admonitions and give untitled ones their label."""
    for box in find_all(root, ".//div[contains(concat(' ', @class, ' '), ' admonition ')]"):
        classes = str(box.get("class", "")).split()
        kind = next((c for c in classes if c in STUDY_TYPES), None)
        if kind is None:
            continue
        box.set("class", " ".join([*classes, "study"]))
        title = next(iter(find_all(box, "./p[@class='admonition-title']")), None)
        if title is not None and (title.text or "") == kind.capitalize() and len(title) == 0:
            title.text = labels.get(STUDY_TYPES[kind], title.text)


def drop_study(root: etree._Element) -> None:
    """Remove every study box (for editions without study material)."""
    for box in find_all(root, ".//div[contains(concat(' ', @class, ' '), ' study ')]"):
        remove_keeping_tail(box)
