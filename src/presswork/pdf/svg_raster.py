"""An SVG a CMYK edition cannot keep as vectors, drawn as a 300 ppi picture instead.

WeasyPrint 70 writes an SVG gradient's colours with three components whatever their
colour space (a CMYK gradient comes out as garbage, and through a transparency group), and
masks, filters and group opacity are transparency, which PDF/X-1a forbids. Such an SVG is
laid out alone by WeasyPrint in RGB, where it draws correctly, rasterised with PDFium at
300 ppi of its own size, and then converted like any picture. cmyk.css gives SVG images
the matching `image-resolution`, so the picture takes the drawing's place at its size.
"""

from __future__ import annotations

import base64
import io

import weasyprint
from lxml import etree

from presswork.manuscript.lengths import parse_length
from presswork.pdf.fetcher import LockedURLFetcher

PPI = 300
CSS_PPI = 96
"""cmyk.css's `image-resolution` for SVG images is PPI / CSS_PPI dppx."""
NOT_IN_INK = frozenset({"linearGradient", "radialGradient", "pattern", "mask", "filter"})
"""Elements WeasyPrint cannot draw in CMYK (gradients, patterns) or only as transparency."""
DEFAULT_SIZE = (300.0, 150.0)
"""CSS's size for a replaced element that gives none, in px."""


def needs_raster(root: etree._Element, flatten: bool) -> bool:
    """Whether the SVG uses what cannot be drawn in ink as vectors (with `flatten`, for
    PDF/X-1a: any opacity below 1 left after the paints' own were folded in)."""
    for element in root.iter(etree.Element):
        if etree.QName(element).localname in NOT_IN_INK:
            return True
        if flatten and _faded(element):
            return True
    return False


def rasterise(svg: bytes) -> bytes:
    """The SVG drawn on white at PPI pixels per inch of its own size, as a PNG."""
    width, height = _size(etree.fromstring(svg))
    source = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
    page = (
        f"@page {{ size: {width}px {height}px; margin: 0 }}"
        f"img {{ display: block; width: {width}px; height: {height}px }}"
    )
    html = weasyprint.HTML(string=f'<img src="{source}" alt="">', url_fetcher=LockedURLFetcher([]))
    pdf = html.write_pdf(stylesheets=[weasyprint.CSS(string=page)])
    import pypdfium2  # PDFium only for a press edition that rasterises (a 50 ms import)

    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=PPI / 72).to_pil().convert("RGB")
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(PPI, PPI))
    return out.getvalue()


def _faded(element: etree._Element) -> bool:
    values = [element.get("opacity", "")]
    for declaration in (element.get("style") or "").split(";"):
        name, _, value = declaration.partition(":")
        if name.strip().lower() in ("opacity", "fill-opacity", "stroke-opacity"):
            values.append(value)
    values += [element.get("fill-opacity", ""), element.get("stroke-opacity", "")]
    return any(_number(value) < 1 for value in values if value.strip())


def _number(value: str) -> float:
    text = value.strip()
    try:
        return float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        return 1.0


def _size(root: etree._Element) -> tuple[float, float]:
    """The SVG's own size in CSS px: its width and height, else its viewBox's."""
    box = (root.get("viewBox") or "").replace(",", " ").split()
    width, height = (_px(root.get(name)) for name in ("width", "height"))
    if width is not None and height is not None:
        return width, height
    if len(box) == 4:
        try:
            width, height = float(box[2]), float(box[3])
        except ValueError:
            return DEFAULT_SIZE
        if width > 0 and height > 0:
            return width, height
    return DEFAULT_SIZE


def _px(value: str | None) -> float | None:
    """A length attribute in px (a bare number is px); None for none, or a percentage."""
    if value is None or value.strip().endswith("%"):
        return None
    text = value.strip()
    try:
        number = float(text)
    except ValueError:
        try:
            number = parse_length(text) / 0.75
        except ValueError:
            return None
    return number if number > 0 else None
