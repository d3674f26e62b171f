"""HTML strings from Python-Markdown -> lxml trees, and trees -> XHTML fragment strings.

Python-Markdown's output is HTML: it may hold named entities (`&ldquo;`, `&nbsp;`) and
unclosed void elements from raw author HTML, which are fatal in XHTML. Parsing it with
lxml's HTML parser and writing it back as XML fixes both in one place.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from lxml import etree, html


def parse_html(markup: str) -> etree._Element:
    """A `<div>` holding the parsed fragment (entities resolved, tags balanced)."""
    root: etree._Element = html.fragment_fromstring(markup, create_parent="div")
    return root


def find_all(node: etree._Element, path: str) -> list[etree._Element]:
    """The elements an XPath selects (lxml types `xpath()` results loosely)."""
    result = node.xpath(path)
    return (
        [item for item in result if isinstance(item, etree._Element)]
        if isinstance(result, list)
        else []
    )


def with_class(node: etree._Element, tag: str, name: str) -> list[etree._Element]:
    """The `tag` elements under `node` whose class list holds `name` (not merely a class
    that starts or ends with it), in document order."""
    return find_all(node, f".//{tag}[contains(concat(' ', @class, ' '), ' {name} ')]")


def text_of(element: etree._Element) -> str:
    """The element's text content with runs of white space collapsed."""
    text = etree.tostring(element, method="text", encoding="unicode", with_tail=False)
    return " ".join(text.split())


def inner_xml(element: etree._Element) -> str:
    """The element's content (text and children) serialised as XML, without the element."""
    parts = [escape(element.text or "")]
    parts.extend(etree.tostring(child, encoding="unicode", method="xml") for child in element)
    return "".join(parts)


def xhtml_to_html(fragment: str) -> str:
    """An XHTML fragment as HTML for an HTML parser (WeasyPrint's): `<span id="x"/>` is
    an empty element in XML but an open tag in HTML, which would swallow what follows."""
    return inner_html(parse_html(fragment))


def inner_html(root: etree._Element) -> str:
    """The element's content serialised as HTML, for text an HTML parser reads next."""
    parts = [escape(root.text or "")]
    parts.extend(etree.tostring(child, encoding="unicode", method="html") for child in root)
    return "".join(parts)


def remove_keeping_tail(element: etree._Element) -> None:
    """Remove an element but keep the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)
