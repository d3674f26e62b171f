"""Find the chapter title and the section headings that the contents and outline list."""

from __future__ import annotations

import logging
from pathlib import Path

from lxml import etree

from presswork.manuscript.model import Heading
from presswork.manuscript.transforms.xhtml import inner_xml, remove_keeping_tail, text_of

LOG = logging.getLogger("presswork")
HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")


OPENING_BLOCKS = 5
"""How many short blocks (a badge line, a line of language links) may come before a
chapter's `# Title` for it still to be the title."""
SHORT_BLOCK = 200
"""Characters: a block longer than this is text, so a `#` heading after it is not a title."""


def take_title(root: etree._Element) -> tuple[str, str] | None:
    """Remove the chapter's `# Title` and return it as (plain text, XHTML), if the file has
    one: its first level-1 heading, at the top or after a few short opening blocks (which
    stay where they are, after the title).

    The title leaves the body because the chapter template sets every chapter heading the same
    way, whether it came from the Markdown or from book.toml.
    """
    first = _opening_title(root)
    if first is None:
        return None
    title = (text_of(first), inner_xml(first))
    position = root.index(first)
    if first.tail and not first.tail.strip():
        first.tail = None  # only the line break after it
    remove_keeping_tail(first)
    if first.get("id"):  # links to the heading's id (`{#start}`, or its slug) still land
        root.insert(position, etree.Element("span", {"id": str(first.get("id"))}))
    return title


def _opening_title(root: etree._Element) -> etree._Element | None:
    """The first `h1` among the opening blocks, if no other heading or long text is before
    it."""
    for number, block in enumerate(root):
        if block.tag == "h1":
            return block
        too_long = len(text_of(block)) > SHORT_BLOCK
        if number >= OPENING_BLOCKS or block.tag in HEADING_TAGS or too_long:
            return None
    return None


def close_heading_gaps(root: etree._Element) -> None:
    """Heading levels without gaps under the chapter title (h1): the first is an h2 and each
    goes at most one level deeper than the one before (`#` then `###` becomes h1, h2), so
    the outline and a screen reader's heading list have no missing rung. Sections inside a
    chapter written as `#` become h2, below the title."""
    previous = 1
    for element in root.iter(*HEADING_TAGS):
        level = max(2, min(int(str(element.tag)[1]), previous + 1))
        element.tag = f"h{level}"
        previous = level


def collect_headings(
    root: etree._Element, chapter_id: str, source: Path | None = None
) -> tuple[Heading, ...]:
    """Every heading left in the body, each given an id if raw HTML came without one; an
    empty heading stays in the text but not in the navigation (an entry with no words),
    with a warning."""
    found = []
    for number, element in enumerate(root.iter(*HEADING_TAGS), start=1):
        heading_id = element.get("id") or f"{chapter_id}--h{number}"
        element.set("id", heading_id)
        text = text_of(element)
        if not text:
            LOG.warning("%s: an empty heading is left out of the contents", source or chapter_id)
            continue
        found.append(Heading(int(str(element.tag)[1]), heading_id, text))
    return tuple(found)
