"""Acronyms and identifiers in capitals (`NASA`, `STS-128`, `ISS`) marked as such, so the
theme can set them as a typographer would: lining figures beside the capitals (the body's
old-style figures sink below the capitals: "STS-128" reads as two sizes), small capitals
inside a small-caps run (where full capitals stand out).

A word of two or more capitals (and figures, joined by hyphens) is wrapped in
`<span class="caps">`; code, links, headings and text already in a span of that class are
left alone (see SKIPPED). The theme decides what the class does (styles/base.css); a
theme that wants full capitals styles it so.
"""

from __future__ import annotations

import re

from lxml import etree

CAPS = re.compile(
    r"(?<![\w\u00ad\-\u2010\u2011])"
    r"([A-Z][A-Z0-9]*[A-Z][A-Z0-9]*(?:[-\u2011][A-Z0-9]+)*|[A-Z]+[-\u2011][0-9]+)"
    r"(?![\w\u00ad\-\u2010\u2011])"
)
"""Two capitals or more in one word (figures may follow, after a hyphen too): NASA, ISS,
STS-128, F-16, COVID-19, and not `I`, `A`, `McDonald` or `iOS`."""
SKIPPED = frozenset(
    {"code", "pre", "kbd", "samp", "var", "script", "style", "svg", "math", "a"}
    | {"h1", "h2", "h3", "h4", "h5", "h6"}
)
"""Code; links (WeasyPrint 70 tags only the first box of a link that holds a span as Link,
which PDF/UA rejects); headings (they are display type, and a chapter's reaches the
contents as a link)."""
CLASS = "caps"


def mark_capitals(root: etree._Element) -> None:
    """Wrap each acronym or identifier in capitals in the text (not in code) in a span."""
    for element in list(root.iter(etree.Element)):
        if _skipped(element):
            continue
        if element.text and CAPS.search(element.text):
            before, spans = _split(element.text)
            element.text = before
            for position, span in enumerate(spans):
                element.insert(position, span)
        for child in list(element):
            if child.tail and CAPS.search(child.tail):
                before, spans = _split(child.tail)
                child.tail = before
                index = element.index(child)
                for offset, span in enumerate(spans, start=1):
                    element.insert(index + offset, span)


def _split(text: str) -> tuple[str, list[etree._Element]]:
    """The text before the first match, and a span for each match (its tail the text up
    to the next)."""
    pieces = CAPS.split(text)
    spans = []
    for word, tail in zip(pieces[1::2], pieces[2::2], strict=True):
        span = etree.Element("span", {"class": CLASS})
        span.text, span.tail = word, tail
        spans.append(span)
    return pieces[0], spans


def _skipped(element: etree._Element) -> bool:
    """In code (or markup whose text is not prose), or already marked."""
    node: etree._Element | None = element
    while node is not None:
        tag = etree.QName(node).localname if isinstance(node.tag, str) else ""
        if tag in SKIPPED or (tag == "span" and CLASS in (node.get("class") or "").split()):
            return True
        node = node.getparent()
    return False
