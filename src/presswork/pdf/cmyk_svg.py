"""An SVG's colours in CMYK, for a press edition: WeasyPrint draws an SVG's `device-cmyk()`
paint as DeviceCMYK, so converting the paint before layout keeps the drawing in vectors.

Every place an SVG names a colour is converted: the presentation attributes (fill, stroke,
stop-color, flood-color, lighting-color, color), `style` attributes and `<style>` sheets;
a raster it holds inline becomes a CMYK JPEG, as the book's own images do.
Without transparency (PDF/X-1a), an element's own fill-, stroke- and stop-opacity are
composited onto white into its colours, as they would look on paper over nothing; group
opacity, masks and gradients cannot be flattened so, and the preflight reports them.
"""

from __future__ import annotations

import base64

import tinycss2
import tinycss2.color4
from lxml import etree

from presswork.pdf.cmyk import Converter

PAINT = ("fill", "stroke", "stop-color", "flood-color", "lighting-color", "color")
DEFAULT_BLACK = ("fill", "color", "stop-color")
"""Paints that default to black (in RGB, for WeasyPrint): set on the root, they cascade."""
HREF, XLINK_HREF = "href", "{http://www.w3.org/1999/xlink}href"
OPACITY = {"fill": "fill-opacity", "stroke": "stroke-opacity", "stop-color": "stop-opacity"}
"""The opacity that applies to each paint alone, folded into it when flattening."""


def svg_to_cmyk(data: bytes, converter: Converter, flatten: bool) -> bytes:
    """The SVG with every colour as device-cmyk(); with `flatten`, each paint's own
    opacity composited onto white."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(data, parser)
    black = _paint("black", converter, 1.0)
    for name in DEFAULT_BLACK:  # what WeasyPrint paints with where the SVG names nothing
        if root.get(name) is None:
            root.set(name, str(black))
    for element in root.iter(etree.Element):
        _attributes(element, converter, flatten)
        name = etree.QName(element).localname
        if name == "style" and element.text:
            element.text = converter.stylesheet(element.text)
        elif name == "image":
            _picture(element, converter)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8"))


def _attributes(element: etree._Element, converter: Converter, flatten: bool) -> None:
    for paint in PAINT:
        value = element.get(paint)
        if value is None:
            continue
        opacity_name = OPACITY.get(paint)
        alpha = _opacity(element.get(opacity_name)) if flatten and opacity_name else 1.0
        converted = _paint(value, converter, alpha)
        if converted is not None:
            element.set(paint, converted)
            if flatten and opacity_name and opacity_name in element.attrib:
                del element.attrib[opacity_name]
    style = element.get("style")
    if style:
        element.set("style", _style(style, converter, flatten))


def _picture(element: etree._Element, converter: Converter) -> None:
    """A raster the SVG carries inline (the only kind svg.py leaves it) as a CMYK JPEG."""
    for key in (HREF, XLINK_HREF):
        value = element.get(key, "")
        head, _, data = value.partition(",")
        if (
            head.lower().startswith("data:image/")
            and "svg" not in head
            and head.endswith(";base64")
        ):
            jpeg = converter.image(base64.b64decode(data))
            element.set(key, "data:image/jpeg;base64," + base64.b64encode(jpeg).decode("ascii"))


def _style(style: str, converter: Converter, flatten: bool) -> str:
    """A style attribute's declarations, paints converted (and their opacity folded)."""
    declarations = [
        item
        for item in tinycss2.parse_blocks_contents(style, skip_comments=True, skip_whitespace=True)
        if item.type == "declaration"
    ]
    values = {item.lower_name: tinycss2.serialize(item.value).strip() for item in declarations}
    out: list[str] = []
    folded: set[str] = set()
    for item in declarations:
        name, value = item.lower_name, values[item.lower_name]
        if name in PAINT:
            opacity_name = OPACITY.get(name)
            alpha = _opacity(values.get(opacity_name or "")) if flatten and opacity_name else 1.0
            converted = _paint(value, converter, alpha)
            if converted is not None:
                value = converted
                if flatten and opacity_name:
                    folded.add(opacity_name)
        out.append(f"{name}: {value}{' !important' if item.important else ''}")
    return "; ".join(line for line in out if line.split(":")[0] not in folded)


def _paint(value: str, converter: Converter, alpha: float) -> str | None:
    """One paint as device-cmyk(), or None when it is no plain colour (none, url(#...),
    currentColor, a CMYK colour already)."""
    colour = tinycss2.color4.parse_color(value.strip())
    if not isinstance(colour, tinycss2.color4.Color):
        return None
    red, green, blue = (min(1.0, max(0.0, c)) for c in colour.to("srgb").coordinates)
    cmyk = converter.colour(red, green, blue, colour.alpha * alpha)
    return "device-cmyk(" + " ".join(f"{round(v * 100, 1):g}%" for v in cmyk) + ")"


def _opacity(value: str | None) -> float:
    """An opacity attribute's value (a number or a percentage), 1 when absent or unreadable."""
    if not value:
        return 1.0
    text = value.strip()
    try:
        number = float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        return 1.0
    return min(1.0, max(0.0, number))
