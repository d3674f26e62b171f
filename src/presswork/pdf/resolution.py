"""Images of the parsed Book -> warnings for the ones that would print below 300 dpi.

A picture that looks fine on screen prints soft below about 300 dots per inch. WeasyPrint
sets an image at 96 px per inch unless told a width, and never wider than the text block, so
the printed width (and with it the resolution) is known before layout.
"""

from __future__ import annotations

import logging

from PIL import Image

from presswork.manuscript.config import PrintSettings
from presswork.manuscript.lengths import parse_length, parse_trim
from presswork.manuscript.model import Book
from presswork.manuscript.transforms.xhtml import parse_html

LOG = logging.getLogger("presswork")
PRINT_DPI = 300
CSS_PX_PER_INCH = 96


def text_width_inches(settings: PrintSettings) -> float:
    """Width of the text block: the trim less the inner and outer margins."""
    width, _ = parse_trim(settings.trim)
    return (width - parse_length(settings.margin_inner) - parse_length(settings.margin_outer)) / 72


def warn_low_resolution(book: Book, settings: PrintSettings) -> None:
    """Log one warning per raster image that would print below PRINT_DPI."""
    block = text_width_inches(settings)
    widths = _declared_widths(book)
    for asset in book.assets:
        if asset.media_type == "image/svg+xml":
            continue
        with Image.open(asset.source) as image:
            pixels = image.size[0]
        shown = min(widths.get(asset.path, pixels) / CSS_PX_PER_INCH, block)
        dpi = pixels / shown
        if dpi < PRINT_DPI:
            LOG.warning(
                "%s: prints %.1f in wide at %d dpi, below %d for print; supply it at least"
                " %d px wide",
                asset.path,
                shown,
                dpi,
                PRINT_DPI,
                round(shown * PRINT_DPI),
            )


def _declared_widths(book: Book) -> dict[str, float]:
    """Image path -> the width in CSS px its `width` attribute asks for, where one does."""
    found: dict[str, float] = {}
    for chapter in book.chapters:
        if "width=" not in chapter.body:
            continue
        for image in parse_html(chapter.body).iter("img"):
            width = image.get("width", "")
            if width.isdigit():
                found.setdefault(image.get("src", ""), float(width))
    return found
