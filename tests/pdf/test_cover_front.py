"""The EPUB's drawn cover is the print cover's front: one design, laid out by WeasyPrint
and rasterised, the same bytes for the same metadata."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from presswork.manuscript.config import BookConfig, ChapterEntry
from presswork.manuscript.load import load_manuscript
from presswork.pdf import drawing_cover_front
from presswork.pdf.cover_front import SIZE, front_image
from presswork.theme.styles import default_styles, gather_theme


def test_a_book_without_a_cover_image_gets_the_print_front_drawn() -> None:
    config = BookConfig(
        title="A Long Title For A Short Book",
        subtitle="And Its Subtitle",
        language="en",
        chapters=(ChapterEntry("a.md"),),
    )
    drawn = front_image(config, default_styles())
    image = Image.open(io.BytesIO(drawn))
    assert image.size == SIZE and image.format == "JPEG"
    assert front_image(config, default_styles()) == drawn  # reproducible
    ground = image.getpixel((20, 20))
    assert isinstance(ground, tuple) and max(ground) < 80  # the dark ground of cover.css
    ink = image.convert("L").crop((200, 500, 1400, 1400)).getextrema()
    assert ink[1] > 200  # the title is set there, light on dark


def test_the_cover_drawn_beside_the_parse_is_the_same_image(tmp_path: Path) -> None:
    manuscript = Path(__file__).parent.parent / "fixtures" / "kitchen-sink"
    config, _ = load_manuscript(manuscript)
    with drawing_cover_front(config, manuscript) as drawn:
        beside = drawn()
    theme = gather_theme(manuscript, tmp_path / "theme")
    assert beside == front_image(config, theme, manuscript)
