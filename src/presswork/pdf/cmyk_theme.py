"""A press edition's theme and images in CMYK: the theme converted once per build into a
folder beside it, the book's images converted once per edition.

Converting the inputs (not the written PDF) keeps text as text and drawings as vectors,
and leaves WeasyPrint nothing to convert: it writes `device-cmyk()` as DeviceCMYK and a
CMYK JPEG as it is. The converted theme carries the output profile, which its cmyk.css
names for the PDF/X output intent; an RGB edition never sees any of it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from lxml import etree

from presswork.manuscript.config import PrintSettings
from presswork.manuscript.model import Book
from presswork.pdf.cmyk import Converter, profile_path
from presswork.pdf.cmyk_svg import svg_to_cmyk
from presswork.pdf.svg_raster import needs_raster, rasterise

CMYK_STYLESHEET = "cmyk.css"
OUTPUT_INTENT = "output-intent.icc"
"""The profile's name in the converted theme, as cmyk.css refers to it."""
RASTERS = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".tif", ".tiff", ".bmp")


def cmyk_theme(theme: Path) -> Path:
    """A copy of the gathered theme beside it with every colour and image in CMYK and
    the output profile; made afresh, so nothing of an earlier build stays in it."""
    converter = Converter(profile_path())
    dest = theme.with_name(theme.name + "-cmyk")
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(theme, dest)
    shutil.copyfile(converter.profile, dest / OUTPUT_INTENT)
    for path in sorted(p for p in dest.rglob("*") if p.is_file()):
        suffix = path.suffix.lower()
        if suffix == ".css":
            path.write_text(converter.stylesheet(path.read_text("utf-8-sig")), "utf-8")
        elif suffix == ".svg":
            path.write_bytes(svg_to_cmyk(path.read_bytes(), converter, flatten=True))
        elif suffix in RASTERS:
            path.write_bytes(converter.image(path.read_bytes()))
    return dest


def is_cmyk(theme: Path) -> bool:
    """Whether `theme` is a converted copy (it carries the output profile)."""
    return (theme / OUTPUT_INTENT).is_file()


def sheet_names(theme: Path, names: tuple[str, ...]) -> tuple[str, ...]:
    """The stylesheets to load from `theme`: cmyk.css first in a converted copy, so that
    the theme's own (converted) colours win over its black."""
    return (CMYK_STYLESHEET, *names) if is_cmyk(theme) else names


def _svg(data: bytes, converter: Converter, flatten: bool) -> bytes:
    """An SVG's paints in CMYK, or, where that cannot be drawn in ink, its picture."""
    paints = svg_to_cmyk(data, converter, flatten)
    if needs_raster(etree.fromstring(paints), flatten):
        return converter.image(rasterise(data))
    return paints


def print_assets(
    book: Book, settings: PrintSettings, also: tuple[Path, ...] = ()
) -> dict[Path, bytes]:
    """What the print layout shows instead of each image file: the cleaned SVGs (an RGB
    edition), or every image converted to CMYK (a press edition), the rasters named in
    `also` (a cover image) among them."""
    if settings.color != "cmyk":
        return {a.source: a.cleaned for a in book.assets if a.cleaned is not None}
    converter = Converter(profile_path())
    flatten = settings.pdfx == "x-1a"
    converted: dict[Path, bytes] = {}
    for asset in book.assets:
        if asset.media_type == "image/svg+xml":
            converted[asset.source] = _svg(asset.content(), converter, flatten)
        elif asset.media_type.startswith("image/"):
            converted[asset.source] = converter.image(asset.content())
    for path in also:
        converted[path] = converter.image(path.read_bytes())
    return converted
