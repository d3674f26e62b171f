"""Find the chapter title and the section headings that the contents and outline list."""

from __future__ import annotations

import logging
from pathlib import Path

from lxml import etree

from presswork.manuscript.model import Heading
from presswork.manuscript.transforms.xhtml import inner_xml, text_of

LOG = logging.getLogger("presswork")
HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def take_title(root: etree._Element) -> tuple[str, str] | None:
    """Remove a leading `# Title` and return it as (plain text, XHTML), if the file has one.

    The title leaves the body because the chapter template sets every chapter heading the same
    way, whether it came from the Markdown or from book.toml.
    """
    first = next(iter(root), None)
    if first is None or first.tag != "h1":
        return None
    title = (text_of(first), inner_xml(first))
    root.remove(first)
    if first.tail and first.tail.strip():
        root.text = (root.text or "") + first.tail
    if first.get("id"):  # links to the heading's id (`{#start}`, or its slug) still land
        root.insert(0, etree.Element("span", {"id": str(first.get("id"))}))
    return title


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
