"""Find the chapter title and the section headings that the contents and outline list."""

from __future__ import annotations

from lxml import etree

from presswork.model import Heading
from presswork.transforms.xhtml import inner_xml

HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def take_title(root: etree._Element) -> tuple[str, str] | None:
    """Remove a leading `# Title` and return it as (plain text, XHTML), if the file has one.

    The title leaves the body because the chapter template sets every chapter heading the same
    way, whether it came from the Markdown or from book.toml.
    """
    first = next(iter(root), None)
    if first is None or first.tag != "h1":
        return None
    title = (" ".join("".join(first.itertext()).split()), inner_xml(first))
    root.remove(first)
    if first.tail and first.tail.strip():
        root.text = (root.text or "") + first.tail
    return title


def collect_headings(root: etree._Element, chapter_id: str) -> tuple[Heading, ...]:
    """Every heading left in the body, each given an id if raw HTML came without one."""
    found = []
    for number, element in enumerate(root.iter(*HEADING_TAGS), start=1):
        if not element.get("id"):
            element.set("id", f"{chapter_id}--h{number}")
        text = " ".join("".join(element.itertext()).split())
        found.append(Heading(int(element.tag[1]), element.get("id"), text))
    return tuple(found)
