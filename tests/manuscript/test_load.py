"""Manuscript folder -> sources: every file-level problem is one located error."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from presswork.errors import PressworkError
from presswork.manuscript.book_toml import load_config
from presswork.manuscript.load import build_date, load_manuscript

BOOK = 'title = "T"\nlanguage = "en"\nchapters = [\n    "a.md",\n    "b.md",\n]\n'


def manuscript(tmp_path: Path, a: bytes = b"# A\n\nText.\n", b: bytes = b"# B\n\nMore.\n") -> Path:
    (tmp_path / "book.toml").write_text(BOOK, encoding="utf-8")
    (tmp_path / "a.md").write_bytes(a)
    (tmp_path / "b.md").write_bytes(b)
    return tmp_path


def error_for(root: Path) -> PressworkError:
    with pytest.raises(PressworkError) as caught:
        load_manuscript(root)
    return caught.value


def test_reads_chapters_in_order(tmp_path: Path) -> None:
    _, sources = load_manuscript(manuscript(tmp_path))
    assert [s.relative for s in sources] == ["a.md", "b.md"]
    assert sources[0].text.startswith("# A")


def test_bom_and_crlf_are_normalised(tmp_path: Path) -> None:
    _, sources = load_manuscript(manuscript(tmp_path, a=b"\xef\xbb\xbf# A\r\n\r\nText.\r\n"))
    assert sources[0].text == "# A\n\nText.\n"


def test_missing_chapter_names_book_toml_line(tmp_path: Path) -> None:
    (manuscript(tmp_path) / "b.md").unlink()
    error = error_for(tmp_path)
    assert error.message == "chapter file 'b.md' not found"
    assert error.file == tmp_path / "book.toml"
    assert error.line == 5


@pytest.mark.allow_warnings  # the file left unlisted is said too
def test_duplicate_chapter(tmp_path: Path) -> None:
    manuscript(tmp_path)
    (tmp_path / "book.toml").write_text(BOOK.replace('"b.md"', '"a.md"'), encoding="utf-8")
    assert "listed twice" in error_for(tmp_path).message


def test_not_utf8_gives_line(tmp_path: Path) -> None:
    error = error_for(manuscript(tmp_path, b=b"# B\n\nCaf\xe9 au lait.\n"))
    assert "not UTF-8" in error.message
    assert error.file == tmp_path / "b.md"
    assert error.line == 3
    assert "iconv" in (error.hint or "")


def test_control_character_gives_line(tmp_path: Path) -> None:
    error = error_for(manuscript(tmp_path, a=b"# A\n\nBell\x07 here.\n"))
    assert "U+0007" in error.message
    assert error.line == 3


def test_empty_chapter(tmp_path: Path) -> None:
    error = error_for(manuscript(tmp_path, b=b"  \n\n"))
    assert error.message == "chapter is empty"
    assert error.file == tmp_path / "b.md"


@pytest.mark.allow_warnings  # the file left unlisted is said too
def test_chapter_outside_manuscript(tmp_path: Path) -> None:
    root = tmp_path / "book"
    root.mkdir()
    manuscript(root)
    (tmp_path / "secret.md").write_text("# S\n", encoding="utf-8")
    (root / "book.toml").write_text(BOOK.replace('"b.md"', '"../secret.md"'), encoding="utf-8")
    assert "outside the manuscript" in error_for(root).message


def test_missing_folder(tmp_path: Path) -> None:
    assert "does not exist" in error_for(tmp_path / "nowhere").message


@pytest.mark.allow_warnings
def test_unlisted_markdown_is_a_warning(tmp_path: Path, no_warnings) -> None:  # type: ignore[no-untyped-def]
    (manuscript(tmp_path) / "forgotten.md").write_text("# F\n", encoding="utf-8")
    load_manuscript(tmp_path)
    assert any("forgotten.md" in r.getMessage() for r in no_warnings.records)


def test_build_date_prefers_source_date_epoch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = load_config(manuscript(tmp_path) / "book.toml")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert build_date(config) == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    with pytest.raises(PressworkError, match="SOURCE_DATE_EPOCH"):
        build_date(config)
