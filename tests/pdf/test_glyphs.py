"""The glyph check walks the font stack of each kind of text: a character outside its stack
but in an installed face is a located warning (it prints in a fallback face); one no
installed face has stops the build, at its file and line."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from conftest import Recorder
from presswork.cli.main import main
from presswork.errors import PressworkError
from presswork.manuscript.load import load_manuscript
from presswork.manuscript.model import Book
from presswork.manuscript.parse import parse_book
from presswork.pdf.fontconfig import Coverage, charset_ranges, installed_faces
from presswork.pdf.glyphs import book_characters, check_fonts
from presswork.theme.styles import gather_theme


def book(tmp_path: Path, text: str, draft: bool = False) -> Book:
    root = tmp_path / "book"
    root.mkdir()
    (root / "book.toml").write_text(
        'title = "T"\nlanguage = "en"\nchapters = ["one.md"]\n', encoding="utf-8"
    )
    (root / "one.md").write_text(text, encoding="utf-8")
    config, sources = load_manuscript(root)
    return parse_book(config, root, sources, dt.datetime(2026, 1, 1, tzinfo=dt.UTC), draft)


def test_fontconfig_charsets_read_as_ranges() -> None:
    assert charset_ranges("20-7e a0 4e00-9fff") == [(0x20, 0x7E), (0xA0, 0xA0), (0x4E00, 0x9FFF)]
    coverage = Coverage.of([(5, 9), (1, 3), (4, 4), (20, 20)])
    assert coverage.ranges() == [(1, 9), (20, 20)] and 7 in coverage and 10 not in coverage
    assert any("DejaVu Sans Mono" in face.families for face in installed_faces())


def test_each_character_is_counted_in_the_kind_of_text_it_is_in(tmp_path: Path) -> None:
    used = book_characters(book(tmp_path, "# Tí\n\nBody é `cödé`\n\n## Hé\n"))
    assert ("body", "é") in used and ("code", "ö") in used and ("headings", "í") in used
    assert ("headings", "H") in used and ("body", "ö") not in used


@pytest.mark.allow_warnings
def test_a_script_outside_the_code_stack_warns_with_its_line(
    tmp_path: Path, no_warnings: Recorder
) -> None:
    parsed = book(tmp_path, "# One\n\nनमस्ते in the text.\n\n```\nprint('नमस्ते')\n```\n")
    check_fonts(parsed, gather_theme(parsed.root, tmp_path / "theme"))
    [message] = [r.getMessage() for r in no_warnings.records]
    assert message.startswith(f"{parsed.root / 'one.md'}:3: ")  # the first use of the letter
    assert "in the code text" in message and "Noto Sans Devanagari" in message


def test_a_character_no_face_has_stops_the_build_at_its_line(tmp_path: Path) -> None:
    parsed = book(tmp_path, "# One\n\nText.\n\nA private glyph: \ue000.\n")
    with pytest.raises(PressworkError, match="U\\+E000") as caught:
        check_fonts(parsed, gather_theme(parsed.root, tmp_path / "theme"))
    assert (caught.value.file, caught.value.line) == (parsed.root / "one.md", 5)


@pytest.mark.allow_warnings
def test_a_draft_prints_it_blank_with_a_warning(tmp_path: Path, no_warnings: Recorder) -> None:
    parsed = book(tmp_path, "# One\n\nA private glyph: \ue000.\n", draft=True)
    check_fonts(parsed, gather_theme(parsed.root, tmp_path / "theme"))
    assert "draft: no installed font can print" in no_warnings.records[0].getMessage()


SCRIPTS = (
    "# Every script\n\nनमस्ते दुनिया, สวัสดีชาวโลก, 안녕하세요, 𠀀𠀁, שלום, こんにちは, 🚀.\n\n"
    "## 안녕하세요 नमस्ते\n\n```\nprint('안녕하세요')\n```\n"
)


@pytest.mark.slow
def test_every_script_prints_in_a_face_of_the_stack(tmp_path: Path, no_warnings: Recorder) -> None:
    parsed = book(tmp_path, SCRIPTS)
    check_fonts(parsed, gather_theme(parsed.root, tmp_path / "theme"))  # and no warning
    out = tmp_path / "out"
    assert main(["build", str(parsed.root), "-o", str(out), "-q", "-f", "pdf"]) == 0
    listing = subprocess.run(
        ["pdffonts", str(next(out.glob("*.pdf")))], capture_output=True, text=True, check=True
    ).stdout
    for face in (
        "Noto-Serif-Devanagari",
        "Noto-Serif-Thai",
        "Noto-Serif-CJK",
        "HanaMin",
        "Noto-Sans-Mono-CJK",
    ):
        assert face in listing, listing
    assert " no " not in listing  # every font embedded
