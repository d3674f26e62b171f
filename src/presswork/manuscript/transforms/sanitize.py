"""Untrusted HTML in a chapter -> HTML with only book-safe elements, attributes and URLs.

Python-Markdown passes raw HTML and attribute lists (`{: onclick=... }`) straight through.
The cleaning itself is nh3's (an allow-list sanitizer); this module sets the allow-list for
book content and reports, with file and line, everything it is about to remove, so a writer
learns that their `<script>` or `style=` did not make it into the book.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

import nh3
from lxml import etree

from presswork.errors import line_of
from presswork.manuscript.transforms import ParseState

LOG = logging.getLogger("presswork")

# HTML's flow and phrasing elements; anything else is unwrapped (its text kept).
ALLOWED_TAGS = frozenset(
    """
    a abbr aside b bdi bdo blockquote br caption cite code col colgroup data dd del details
    dfn div dl dt em figcaption figure footer h1 h2 h3 h4 h5 h6 header hr i img ins kbd li
    mark nav ol p pre q rp rt ruby s samp section small span strong sub summary sup table
    tbody td tfoot th thead time tr u ul var wbr
    """.split()  # noqa: SIM905 (a word list reads better than 70 quoted strings)
)
# Removed together with everything inside them: active content, page furniture, forms.
DROPPED_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "noscript",
        "template",
        "title",
        "head",
        "textarea",
        "select",
        "option",
        "svg",
        "math",
        "canvas",
        "audio",
        "video",
        "link",
        "meta",
        "base",
    }
)
GLOBAL_ATTRIBUTES = {
    "id",
    "class",
    "title",
    "lang",
    "dir",
    "role",
    "aria-label",
    "aria-labelledby",
    "aria-describedby",
}
TAG_ATTRIBUTES = {
    "a": {"href"},
    "span": {"data-index", "data-definition"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "time": {"datetime"},
    "data": {"value"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "col": {"span"},
    "colgroup": {"span"},
    "del": {"datetime"},
    "ins": {"datetime"},
}
# Python-Markdown's tables align columns with style="text-align: ..."; nothing else may style.
STYLE_PROPERTIES = {"text-align"}
# Schemes nh3 lets through to `_filter_url`, which decides; javascript: never gets that far.
URL_SCHEMES = {"http", "https", "mailto", "tel", "data", "file"}
ACTIVE_SCHEMES = ("javascript", "vbscript")


def sanitize(markup: str) -> str:
    """The HTML with everything outside the allow-list removed."""
    attributes = {tag: GLOBAL_ATTRIBUTES | extra for tag, extra in TAG_ATTRIBUTES.items()}
    attributes["*"] = set(GLOBAL_ATTRIBUTES)
    return str(
        nh3.clean(
            markup,
            tags=set(ALLOWED_TAGS),
            clean_content_tags=set(DROPPED_WITH_CONTENT),
            attributes=attributes,
            attribute_filter=_filter_url,
            url_schemes=URL_SCHEMES,
            filter_style_properties=STYLE_PROPERTIES,
            link_rel=None,
            strip_comments=True,
        )
    )


def report_unsafe(root: etree._Element, state: ParseState) -> None:
    """Warn, with the line, about each thing `sanitize` will remove from this tree."""
    for element in root.iter(etree.Element):
        tag = str(element.tag)
        if element is not root and tag not in ALLOWED_TAGS:
            what = (
                "and its content were removed"
                if tag in DROPPED_WITH_CONTENT
                else ("is not allowed in a book; its text was kept")
            )
            _warn(state, f"<{tag}", f"<{tag}> {what}")
        for key, raw in element.items():
            name, value = str(key), str(raw)
            if name.startswith("on"):
                _warn(state, f"{name}=", f"event handler {name}= on <{tag}> was removed")
            elif name == "style" and tag not in ("td", "th"):
                _warn(
                    state,
                    "style=",
                    f"style attribute on <{tag}> was removed; use a class "
                    "and the manuscript's styles/ instead",
                )
            elif name in ("href", "src") and _scheme(value) in ACTIVE_SCHEMES:
                _warn(state, value, f"{_scheme(value)}: URL in <{tag} {name}> was removed")


# Elements that may hold only phrasing content; a block inside one (left by an unclosed
# `<b>` in raw HTML, say) is well-formed XML but invalid XHTML (EPUBCheck RSC-005).
PHRASING_ONLY = frozenset(
    """
    a abbr b bdi bdo cite code data dfn em i kbd mark q s samp small span strong sub sup
    time u var del ins p h1 h2 h3 h4 h5 h6 dt caption figcaption summary
    """.split()  # noqa: SIM905
)
BLOCKS = frozenset(
    """
    address article aside blockquote details div dl figure footer header hr nav ol pre
    section table ul p h1 h2 h3 h4 h5 h6
    """.split()  # noqa: SIM905
)


def repair_nesting(root: etree._Element) -> None:
    """Unwrap phrasing elements that ended up holding blocks, innermost first, keeping all
    their content: the text stays, only the misplaced tag goes."""
    for element in reversed(list(root.iter(etree.Element))):
        if element is root or str(element.tag) not in PHRASING_ONLY:
            continue
        if any(
            str(child.tag) in BLOCKS
            for child in element.iter(etree.Element)
            if child is not element
        ):
            _unwrap(element)


def _unwrap(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    index = parent.index(element)
    previous = element.getprevious()
    text = element.text or ""
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    children = list(element)
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    tail = element.tail or ""
    if children:
        children[-1].tail = (children[-1].tail or "") + tail
    elif previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)


def _filter_url(tag: str, attribute: str, value: str) -> str | None:
    """Allow `data:` only as an image source, and never an active URL."""
    scheme = _scheme(value)
    if scheme in ACTIVE_SCHEMES:
        return None
    if scheme == "data" and not (tag == "img" and attribute == "src"):
        return None
    return value


def _scheme(url: str) -> str:
    return urlsplit(url.strip()).scheme.lower()


def _warn(state: ParseState, needle: str, message: str) -> None:
    line = line_of(state.text, needle) or "?"
    LOG.warning("%s:%s: %s", state.source, line, message)
