"""Images that would print soft (below 300 dpi) are named in a warning before layout."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PIL import Image

from conftest import Recorder
from presswork.manuscript.config import PrintSettings
from presswork.manuscript.load import load_manuscript
from presswork.manuscript.model import Book
from presswork.manuscript.parse import parse_book
from presswork.pdf.resolution import text_width_inches, warn_low_resolution


def book_with_image(tmp_path: Path, pixels: int, markdown: str) -> Book:
    Image.new("RGB", (pixels, pixels // 2), "white").save(tmp_path / "pic.png")
    (tmp_path / "01.md").write_text(f"# A\n\n{markdown}\n", encoding="utf-8")
    (tmp_path / "book.toml").write_text(
        'title = "T"\nlanguage = "en"\nchapters = ["01.md"]\n', encoding="utf-8"
    )
    config, sources = load_manuscript(tmp_path)
    return parse_book(config, tmp_path, sources, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))


def _with_settings(book: Book) -> tuple[Book, PrintSettings]:
    return book, book.config.print


def test_text_block_of_the_default_trim(tmp_path: Path) -> None:
    book = book_with_image(tmp_path, 1400, "![x](pic.png)")
    assert text_width_inches(book.config.print) == pytest.approx(6 - 0.875 - 0.625)


@pytest.mark.allow_warnings
def test_small_image_is_reported(tmp_path: Path, no_warnings: Recorder) -> None:
    warn_low_resolution(*_with_settings(book_with_image(tmp_path, 600, "![x](pic.png)")))
    assert [r.getMessage() for r in no_warnings.records] == [
        "pic.png: prints 4.5 in wide at 133 dpi, below 300 for print; supply it at least "
        "1350 px wide"
    ]


def test_large_image_is_fine(tmp_path: Path) -> None:
    warn_low_resolution(*_with_settings(book_with_image(tmp_path, 1400, "![x](pic.png)")))


def test_declared_width_counts(tmp_path: Path) -> None:
    # 600 px shown 96 px (1 in) wide: 600 dpi.
    warn_low_resolution(
        *_with_settings(book_with_image(tmp_path, 600, '![x](pic.png){: width="96" }'))
    )
