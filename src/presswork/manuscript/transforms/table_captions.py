"""Pandoc's table captions: a paragraph `Table: words` (or `: words`) right before or
after a table becomes that table's `<caption>`, which both outputs print with it."""

from __future__ import annotations

import re

from lxml import etree

from presswork.manuscript.transforms.xhtml import find_all, remove_keeping_tail

_CAPTION = re.compile(r"^\s*(?:Table)?:\s+")


def caption_tables(root: etree._Element) -> None:
    """Move each caption paragraph next to a table into the table."""
    for table in find_all(root, ".//table[not(caption)]"):
        for neighbour in (table.getnext(), table.getprevious()):
            if neighbour is None or neighbour.tag != "p":
                continue
            match = _CAPTION.match(neighbour.text or "")
            if match is None:
                continue
            caption = etree.Element("caption")
            caption.text = (neighbour.text or "")[match.end() :]
            caption.extend(list(neighbour))
            remove_keeping_tail(neighbour)
            table.insert(0, caption)
            break
