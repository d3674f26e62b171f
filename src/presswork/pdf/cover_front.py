"""Book metadata -> the EPUB's cover image, for manuscripts that bring none.

It is the print cover's front (templates/partials/cover-front.html.j2 and
styles/cover.css), laid out alone by WeasyPrint on a page of an e-book cover's proportions
and rasterised with PDFium: one design for both, which a theme or a manuscript's own
templates/ override once. Readers' libraries and Send-to-Kindle show a blank tile without a
cover. Same metadata, same bytes.
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2
import weasyprint
from PIL import Image
from weasyprint.text.fonts import FontConfiguration

from presswork.manuscript.config import BookConfig
from presswork.pdf.fetcher import LockedURLFetcher
from presswork.theme.templates import make_environment, render

SIZE = (1600, 2560)
STYLESHEETS = ("fonts.css", "cover.css", "cover-front.css")
PAGE_WIDTH_PT = 6 * 72
"""styles/cover-front.css's page: 6 x 9.6 in."""


def front_image(config: BookConfig, theme: Path, manuscript: Path | None = None) -> bytes:
    """A JPEG cover: the print cover's front for this book (`manuscript`: the folder whose
    templates/ may override the design)."""
    env = make_environment(manuscript or theme)
    html = render(env, "print/cover-front.html.j2", config=config)
    fonts = FontConfiguration()
    fetcher = LockedURLFetcher([theme])
    sheets = [
        weasyprint.CSS(filename=str(theme / name), url_fetcher=fetcher, font_config=fonts)
        for name in STYLESHEETS
    ]
    pdf = weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf(
        stylesheets=sheets, font_config=fonts
    )
    document = pypdfium2.PdfDocument(pdf)
    try:
        bitmap = document[0].render(scale=SIZE[0] / PAGE_WIDTH_PT)
        image = bitmap.to_pil().convert("RGB")
    finally:
        document.close()
    if all(0 <= got - want <= 1 for got, want in zip(image.size, SIZE, strict=True)):
        # PDFium rounds the page's 9.6 in up to 2,561 rows: the last one is cut, not the
        # whole image resampled (45 ms of the drawing process's 250)
        image = image.crop((0, 0, *SIZE))
    else:  # a theme's own page proportions
        image = image.resize(SIZE, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=90, optimize=True)
    return buffer.getvalue()
