"""HTML strings from Python-Markdown -> lxml trees, and trees -> XHTML fragment strings.

Python-Markdown's output is HTML: it may hold named entities (`&ldquo;`, `&nbsp;`) and
unclosed void elements from raw author HTML, which are fatal in XHTML. Parsing it with
lxml's HTML parser and writing it back as XML fixes both in one place.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree, html

from presswork.errors import PressworkError, line_of

# Elements allowed in a chapter's body (HTML's flow and phrasing content). Anything else,
# e.g. <font>, <center> or <html>, is obsolete or structural and fails EPUBCheck.
BODY_ELEMENTS = frozenset(
    """
    a abbr aside b bdi bdo blockquote br caption cite code col colgroup data dd del details
    dfn div dl dt em figcaption figure footer h1 h2 h3 h4 h5 h6 header hr i img ins kbd li
    mark nav ol p pre q rp rt ruby s samp section small span strong sub summary sup table
    tbody td tfoot th thead time tr u ul var wbr
    """.split()  # noqa: SIM905 (a word list reads better than 70 quoted strings)
)


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


def text_of(element: etree._Element) -> str:
    """The element's text content with runs of white space collapsed."""
    text = etree.tostring(element, method="text", encoding="unicode", with_tail=False)
    return " ".join(text.split())


def check_elements(root: etree._Element, source: Path, text: str) -> None:
    """Refuse elements that cannot appear in an XHTML chapter, naming the line."""
    for element in root.iter(etree.Element):
        if element is root:
            continue
        if element.tag not in BODY_ELEMENTS:
            raise PressworkError(
                f"<{element.tag}> cannot be used in a book chapter",
                source,
                line_of(text, f"<{element.tag}"),
                hint="use Markdown or a standard HTML element (p, div, span, em, table...)",
            )


def inner_xml(element: etree._Element) -> str:
    """The element's content (text and children) serialised as XML, without the element."""
    parts = [escape(element.text or "")]
    parts.extend(etree.tostring(child, encoding="unicode", method="xml") for child in element)
    return "".join(parts)
