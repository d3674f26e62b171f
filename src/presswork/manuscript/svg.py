"""An SVG from the manuscript -> the same picture with nothing active or external left in it.

An SVG is XML that can carry scripts, event handlers, `foreignObject` HTML, entity bombs
(billion laughs: EPUBCheck hung for minutes on one) and references to files or servers.
It is parsed with entities, DTDs and the network off, refused when it declares a DOCTYPE
or is too big or too deep, and cleaned: scripts, `foreignObject`, handlers, animations of
links, and every reference that is not a fragment (`#id`) or a `data:` image are removed,
as are `@import` rules and non-fragment `url()`s in its styles (WeasyPrint cannot load an
SVG whose style imports). Both back ends use the cleaned bytes.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from lxml import etree

from presswork.errors import PressworkError
from presswork.manuscript.transforms.xhtml import remove_keeping_tail

LOG = logging.getLogger("presswork")
MAX_SVG_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 100
MAX_ELEMENTS = 200_000
SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
ACTIVE = {"script", "foreignObject", "handler", "listener"}
ANIMATIONS = {"set", "animate", "animateMotion", "animateTransform"}
_LINK_ATTRIBUTES = {"href", f"{{{XLINK}}}href", "src"}
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_IMPORT = re.compile(r"@import[^;]*;?", re.IGNORECASE)
_URL = re.compile(r"url\(\s*(['\"]?)(?!#)[^)]*\1\s*\)", re.IGNORECASE)


def clean_svg(data: bytes, path: Path, named_in: Path | None = None) -> bytes:
    """The cleaned SVG (the same bytes when nothing had to go), or a located error when it
    cannot be made safe; a warning names what was removed."""
    where = named_in or path
    if len(data) > MAX_SVG_BYTES:
        raise PressworkError(
            f"SVG {path.name} is {len(data) // 1024 // 1024} MB; at most "
            f"{MAX_SVG_BYTES // 1024 // 1024} MB is accepted",
            where,
            hint="simplify the drawing, or export it as PNG",
        )
    root = _parse(data, path, where)
    removed = _clean(root)
    if not removed:
        return data
    LOG.warning("%s: removed from the SVG: %s", path, ", ".join(sorted(removed)))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8"))


def _parse(data: bytes, path: Path, where: Path) -> etree._Element:
    if _DECLARATION.search(data):
        raise PressworkError(
            f"SVG {path.name} declares a DOCTYPE or entities (they could expand without bound)",
            where,
            hint="remove the <!DOCTYPE ...> declaration; an SVG needs none",
        )
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise PressworkError(
            f"SVG {path.name} is not well-formed XML ({exc.msg})",
            where,
            hint="open it in a drawing program and save it again",
        ) from None
    depth, count = _shape(root)
    if depth > MAX_DEPTH or count > MAX_ELEMENTS:
        raise PressworkError(
            f"SVG {path.name} is too complex ({count} elements, {depth} levels deep; at most "
            f"{MAX_ELEMENTS} and {MAX_DEPTH})",
            where,
            hint="simplify the drawing, or export it as PNG",
        )
    return root


def _shape(root: etree._Element) -> tuple[int, int]:
    """The tree's depth and element count, without recursion."""
    depth, count = 0, 0
    todo = [(root, 1)]
    while todo:
        element, level = todo.pop()
        count += 1
        depth = max(depth, level)
        todo += [(child, level + 1) for child in element]
    return depth, count


def _clean(root: etree._Element) -> set[str]:
    removed: set[str] = set()
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            if isinstance(element, etree._ProcessingInstruction):
                _drop(element, removed, "processing instructions")
            continue
        name = etree.QName(element).localname
        if name in ACTIVE or (
            name in ANIMATIONS and element.get("attributeName", "").endswith("href")
        ):
            _drop(element, removed, name)
            continue
        for attribute, raw in list(element.attrib.items()):
            value = str(raw)
            local = etree.QName(attribute).localname.lower()
            if local.startswith("on"):
                del element.attrib[attribute]
                removed.add("event handlers")
            elif attribute in _LINK_ATTRIBUTES and not _inside(value):
                del element.attrib[attribute]
                removed.add("external references")
            elif local == "style":
                element.set(attribute, _clean_css(value, removed))
        if name == "style" and element.text:
            element.text = _clean_css(element.text, removed)
    return removed


def _inside(reference: str) -> bool:
    """A reference the SVG may keep: a fragment of itself, or an inline image."""
    value = reference.strip()
    return value.startswith("#") or value.lower().startswith("data:image/")


def _clean_css(css: str, removed: set[str]) -> str:
    cleaned = _URL.sub("none", _IMPORT.sub("", css))
    if cleaned != css:
        removed.add("style imports and external url()s")
    return cleaned


def _drop(element: etree._Element, removed: set[str], what: str) -> None:
    remove_keeping_tail(element)
    removed.add(what)
