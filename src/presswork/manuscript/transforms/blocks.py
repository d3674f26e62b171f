"""Give every block of text (paragraph, list item, cell...) an id, so a place in the text can
be named the same way in the EPUB and in the print layout (print page numbers in the EPUB)."""

from __future__ import annotations

from lxml import etree

BLOCK_TAGS = (
    "p",
    "li",
    "dt",
    "dd",
    "pre",
    "td",
    "th",
    "caption",
    "figcaption",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
)


def number_blocks(root: etree._Element, chapter_id: str) -> None:
    """Set `{chapter}--b{n}` on each block without an id, skipping numbers already taken."""
    taken = {element.get("id") for element in root.iter(etree.Element) if element.get("id")}
    number = 0
    for element in root.iter(*BLOCK_TAGS):
        if element.get("id"):
            continue
        number += 1
        while f"{chapter_id}--b{number}" in taken:
            number += 1
        element.set("id", f"{chapter_id}--b{number}")
