"""book.toml -> BookConfig: valid values, and a located, actionable error for each mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import toml_error, write_toml
from presswork.errors import PressworkError
from presswork.manuscript.book_toml import load_config
from presswork.manuscript.lengths import parse_length, parse_trim

MINIMAL = 'title = "T"\nlanguage = "en"\nchapters = ["a.md"]\n'


def test_minimal_config_gets_defaults(tmp_path: Path) -> None:
    config = load_config(write_toml(tmp_path, MINIMAL))
    assert config.title == "T"
    assert config.chapters[0].file == "a.md"
    assert config.print.trim == "6in 9in"
    assert config.book_slug == "t"
    assert config.text_direction == "ltr"


def test_identifier_is_stable_when_derived(tmp_path: Path) -> None:
    first = load_config(write_toml(tmp_path, MINIMAL)).book_id
    second = load_config(write_toml(tmp_path, MINIMAL)).book_id
    assert first == second
    assert first.startswith("urn:uuid:")


def test_chapter_tables_and_strings_mix(tmp_path: Path) -> None:
    text = 'title = "T"\nlanguage = "en"\nchapters = ["a.md", { file = "b.md", title = "B" }]\n'
    config = load_config(write_toml(tmp_path, text))
    assert [(c.file, c.title) for c in config.chapters] == [("a.md", None), ("b.md", "B")]


def test_arabic_is_right_to_left(tmp_path: Path) -> None:
    config = load_config(write_toml(tmp_path, MINIMAL.replace('"en"', '"ar"')))
    assert config.text_direction == "rtl"


def test_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    error = toml_error(tmp_path, MINIMAL + 'subtitel = "x"\n')
    assert "unknown key `subtitel`" in error.message
    assert error.hint == "did you mean `subtitle`?"
    assert error.line == 4


def test_unknown_key_in_a_table(tmp_path: Path) -> None:
    error = toml_error(tmp_path, MINIMAL + '[print]\nmargin_innr = "1in"\n')
    assert "print.margin_innr" in error.message
    assert "margin_inner" in (error.hint or "")
    assert error.line == 5


def test_missing_title(tmp_path: Path) -> None:
    error = toml_error(tmp_path, 'language = "en"\nchapters = ["a.md"]\n')
    assert "`title` is missing" in error.message


def test_missing_language(tmp_path: Path) -> None:
    error = toml_error(tmp_path, 'title = "T"\nchapters = ["a.md"]\n')
    assert "`language` is missing" in error.message


def test_invalid_language(tmp_path: Path) -> None:
    error = toml_error(tmp_path, MINIMAL.replace('"en"', '"english"'))
    assert "not a valid BCP 47 language tag" in error.message
    assert error.line == 2


def test_isbn_checksum_is_checked(tmp_path: Path) -> None:
    error = toml_error(tmp_path, MINIMAL + 'identifier = "urn:isbn:9780306406158"\n')
    assert "'9780306406158' is not a valid ISBN" in error.message and "checksum" in error.message
    assert error.line == 4
    good = load_config(
        write_toml(tmp_path, MINIMAL + 'identifier = "urn:isbn:978-0-306-40615-7"\n')
    )
    assert good.book_id == "urn:isbn:9780306406157"


def test_toml_syntax_error_has_line(tmp_path: Path) -> None:
    error = toml_error(tmp_path, MINIMAL + 'subtitle = "unclosed\n')
    assert "not valid TOML" in error.message
    assert error.line == 4


def test_wrong_type(tmp_path: Path) -> None:
    error = toml_error(tmp_path, MINIMAL + "subjects = 3\n")
    assert "`subjects`" in error.message
    assert error.line == 4


def test_bad_length(tmp_path: Path) -> None:
    error = toml_error(tmp_path, MINIMAL + '[print]\nmargin_top = "wide"\n')
    assert "print.margin_top" in error.message
    assert "not a length" in error.message


def test_missing_book_toml(tmp_path: Path) -> None:
    with pytest.raises(PressworkError, match=r"no book\.toml"):
        load_config(tmp_path / "book.toml")


@pytest.mark.parametrize(
    ("value", "points"),
    [("1in", 72.0), ("12pt", 12.0), ("25.4mm", 72.0), ("1pc", 12.0), ("96px", 72.0)],
)
def test_lengths(value: str, points: float) -> None:
    assert parse_length(value) == pytest.approx(points)


def test_trims() -> None:
    assert parse_trim("6in 9in") == (432.0, 648.0)
    assert parse_trim("letter") == (612.0, 792.0)
    assert parse_trim("A4") == pytest.approx((595.2756, 841.8898))
    with pytest.raises(ValueError, match="not a trim size"):
        parse_trim("6in")
