"""Book metadata -> a cover image, for manuscripts that bring none.

Drawn with Pillow in the theme's own typeface so the EPUB always has a real cover (readers'
libraries and Send-to-Kindle show a blank tile otherwise). Same metadata, same bytes.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from presswork.manuscript.config import BookConfig

SIZE = (1600, 2560)
BACKGROUND = (24, 36, 64)
INK = (242, 232, 208)
ACCENT = (201, 162, 90)


def _font(theme: Path, name: str, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = theme / "fonts" / name
    if path.is_file():
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: object, width: int) -> list[str]:
    """Greedy line breaking by measured width."""
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(trial, font=font) <= width:  # type: ignore[arg-type]
            lines[-1] = trial
        else:
            lines.append(word)
    return lines


def _block(draw: ImageDraw.ImageDraw, lines: list[str], font: object, top: int, gap: int) -> int:
    """Draw centred lines from `top`; return the y below the block."""
    y = top
    for line in lines:
        width = draw.textlength(line, font=font)  # type: ignore[arg-type]
        draw.text(((SIZE[0] - width) / 2, y), line, font=font, fill=INK)  # type: ignore[arg-type]
        y += gap
    return y


def make_cover(config: BookConfig, theme: Path) -> bytes:
    """A JPEG cover: title, subtitle and creators, centred on a plain ground."""
    image = Image.new("RGB", SIZE, BACKGROUND)
    draw = ImageDraw.Draw(image)
    margin = 160
    draw.rectangle(
        (margin // 2, margin // 2, SIZE[0] - margin // 2, SIZE[1] - margin // 2),
        outline=ACCENT,
        width=6,
    )
    title_font = _font(theme, "Literata-Bold.ttf", 150)
    y = _block(
        draw, _wrap(draw, config.title, title_font, SIZE[0] - 2 * margin), title_font, 620, 190
    )
    draw.line((SIZE[0] / 2 - 160, y + 40, SIZE[0] / 2 + 160, y + 40), fill=ACCENT, width=5)
    if config.subtitle:
        sub_font = _font(theme, "Literata-Italic.ttf", 72)
        _block(
            draw,
            _wrap(draw, config.subtitle, sub_font, SIZE[0] - 2 * margin - 80),
            sub_font,
            y + 120,
            96,
        )
    names = ", ".join(person.name for person in config.creators)
    if names:
        name_font = _font(theme, "Literata-Regular.ttf", 80)
        _block(draw, _wrap(draw, names, name_font, SIZE[0] - 2 * margin), name_font, 2150, 100)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=90, optimize=True)
    return buffer.getvalue()
