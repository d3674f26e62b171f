"""SVG colours in CMYK (pdf/cmyk_svg.py): every way an SVG names a colour, its defaults, and
opacity folded into the paint for PDF/X-1a; and the SVGs drawn as pictures instead
(pdf/svg_raster.py)."""

from __future__ import annotations

import base64
import io

import pytest
from lxml import etree
from PIL import Image

from presswork.pdf.cmyk import Converter, profile_path
from presswork.pdf.cmyk_svg import svg_to_cmyk
from presswork.pdf.svg_raster import needs_raster, rasterise

SVG = b"""<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">
  <style>.a { stroke: #333333 }</style>
  <rect id="attr" fill="#cc3333" stroke="none"/>
  <rect id="styled" style="fill: rgb(34, 102, 170); stroke-width: 2"/>
  <rect id="faded" fill="black" fill-opacity="0.25"/>
  <rect id="painted" fill="url(#g)"/>
  <linearGradient id="g"><stop offset="0" stop-color="white"/></linearGradient>
</svg>"""


@pytest.fixture(scope="module")
def converter() -> Converter:
    return Converter(profile_path())


def _tree(data: bytes) -> etree._Element:
    return etree.fromstring(data)


def _by_id(root: etree._Element, name: str) -> etree._Element:
    found = root.find(f".//*[@id='{name}']")
    assert found is not None
    return found


def test_every_named_colour_becomes_device_cmyk(converter: Converter) -> None:
    root = _tree(svg_to_cmyk(SVG, converter, flatten=False))
    assert _by_id(root, "attr").get("fill", "").startswith("device-cmyk(")
    assert _by_id(root, "attr").get("stroke") == "none"
    style = _by_id(root, "styled").get("style", "")
    assert "fill: device-cmyk(" in style and "stroke-width: 2" in style
    sheet = root.find("{http://www.w3.org/2000/svg}style")
    assert sheet is not None and "device-cmyk(0% 0% 0% " in (sheet.text or "")
    assert _by_id(root, "painted").get("fill") == "url(#g)"  # a paint server stays
    stop = root.find(".//{http://www.w3.org/2000/svg}stop")
    assert stop is not None and stop.get("stop-color") == "device-cmyk(0% 0% 0% 0%)"


def test_what_defaults_to_black_is_black_ink_on_the_root(converter: Converter) -> None:
    root = _tree(svg_to_cmyk(SVG, converter, flatten=False))
    for name in ("fill", "color", "stop-color"):
        assert root.get(name) == "device-cmyk(0% 0% 0% 100%)"


def test_x1a_folds_a_paints_opacity_onto_white(converter: Converter) -> None:
    kept = _by_id(_tree(svg_to_cmyk(SVG, converter, flatten=False)), "faded")
    assert kept.get("fill-opacity") == "0.25"
    flat = _by_id(_tree(svg_to_cmyk(SVG, converter, flatten=True)), "faded")
    assert flat.get("fill-opacity") is None
    k = converter.colour(0.75, 0.75, 0.75)[3]  # a quarter of black over white paper
    assert flat.get("fill") == f"device-cmyk(0% 0% 0% {round(k * 100, 1):g}%)"


def test_an_inline_raster_becomes_a_cmyk_jpeg(converter: Converter) -> None:
    picture = io.BytesIO()
    Image.new("RGBA", (8, 8), (20, 90, 200, 128)).save(picture, "PNG")
    href = "data:image/png;base64," + base64.b64encode(picture.getvalue()).decode()
    svg = f'<svg xmlns="http://www.w3.org/2000/svg"><image href="{href}"/></svg>'.encode()
    image = _tree(svg_to_cmyk(svg, converter, flatten=True)).find(
        "{http://www.w3.org/2000/svg}image"
    )
    assert image is not None
    head, _, data = image.get("href", "").partition(",")
    assert head == "data:image/jpeg;base64"
    with Image.open(io.BytesIO(base64.b64decode(data))) as converted:
        assert converted.mode == "CMYK"


def test_what_ink_cannot_draw_as_vectors_becomes_a_300_ppi_picture() -> None:
    flat = etree.fromstring(b'<svg xmlns="http://www.w3.org/2000/svg"><g opacity="0.5"/></svg>')
    assert needs_raster(flat, flatten=True) and not needs_raster(flat, flatten=False)
    assert needs_raster(etree.fromstring(SVG), flatten=False)  # it has a gradient
    plain = b'<svg xmlns="http://www.w3.org/2000/svg"><rect fill="red"/></svg>'
    assert not needs_raster(etree.fromstring(plain), flatten=True)
    sizes = {
        b'width="96" height="48"': (300, 150),
        b'width="1in" height="0.5in"': (300, 150),
        b'viewBox="0 0 192 96"': (600, 300),
        b'width="100%"': (938, 469),  # CSS's 300 x 150 px
    }
    for attributes, pixels in sizes.items():
        svg = b'<svg xmlns="http://www.w3.org/2000/svg" ' + attributes + b"><rect/></svg>"
        with Image.open(io.BytesIO(rasterise(svg))) as picture:
            assert picture.size == pixels, attributes
