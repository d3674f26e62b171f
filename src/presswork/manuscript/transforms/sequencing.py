"""`!!! sequencing`: a "put the events in order" exercise made from a timeline.

The events are the author's list inside the box, in the right order, or, when the box has
none, the last column of its chapter's first table (a timeline: "When | What happens").
They are printed shuffled, each with a box to write its number in; the shuffle is seeded
by the events themselves, so a rebuild prints the same exercise. The right place of each
is kept as `data-order` (select.py keeps it only in a teacher's edition).
"""

from __future__ import annotations

import hashlib
import random
from copy import deepcopy

from lxml import etree

from presswork.manuscript.transforms.xhtml import find_all, text_of, with_class

ORDER = "data-order"


def fill_sequences(root: etree._Element) -> int:
    """Each sequencing box's shuffled events; the number of boxes that found none."""
    empty = 0
    for box in with_class(root, "div", "sequencing"):
        events = _own_events(box) or _timeline_events(root)
        if len(events) < 2:
            empty += 1
            continue
        listing = etree.SubElement(box, "ul", {"class": "sequence"})
        for place, event in _shuffled(events):
            item = etree.SubElement(listing, "li", {"class": "sequence-item", ORDER: str(place)})
            etree.SubElement(item, "span", {"class": "sequence-box", "aria-hidden": "true"})
            item[-1].tail = " "
            item.append(event)
    return empty


def _own_events(box: etree._Element) -> list[etree._Element]:
    """The items of the author's list in the box (taken out of it), as spans."""
    events = []
    for listing in find_all(box, "./ol | ./ul"):
        for item in find_all(listing, "./li"):
            events.append(_span(item))
        box.remove(listing)
    return events


def _timeline_events(root: etree._Element) -> list[etree._Element]:
    """The last cell of each body row of the chapter's first table, as spans."""
    tables = find_all(root, ".//table")
    if not tables:
        return []
    rows = find_all(tables[0], ".//tbody/tr") or find_all(tables[0], ".//tr[td]")
    return [_span(row.findall("td")[-1], copy=True) for row in rows if row.findall("td")]


def _span(element: etree._Element, copy: bool = False) -> etree._Element:
    """The element's content in a span (a copy, for a table cell that stays where it is)."""
    span = etree.Element("span", {"class": "event"})
    span.text = element.text
    for child in list(element):
        span.append(deepcopy(child) if copy else child)
    if copy:  # the cell keeps its ids and its index marks; the copy is plain text
        for inner in span.iterdescendants():
            inner.attrib.pop("id", "")
            if inner.get("class") in ("index-term", "vocab-term"):
                del inner.attrib["class"]
    return span


def _shuffled(events: list[etree._Element]) -> list[tuple[int, etree._Element]]:
    """The events with their right places, in an order that is not the right one."""
    numbered = list(enumerate(events, start=1))
    text = "\n".join(text_of(event) for event in events)
    seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")
    random.Random(seed).shuffle(numbered)
    if [place for place, _ in numbered] == list(range(1, len(events) + 1)):
        numbered = numbered[1:] + numbered[:1]
    return numbered
