"""Broken manuscripts through the whole build: each gives one located message and writes
nothing (the README's table of errors lists the same cases)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import FIXTURES
from presswork.build import build
from presswork.errors import PressworkError, Problems

Breaker = Callable[[Path], None]


def replace_in(name: str, old: str, new: str) -> Breaker:
    def apply(root: Path) -> None:
        path = root / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")

    return apply


def write(name: str, data: bytes) -> Breaker:
    return lambda root: (root / name).write_bytes(data) and None


def remove(name: str) -> Breaker:
    return lambda root: (root / name).unlink()


CASES: list[tuple[str, Breaker, str, str, int | None]] = [
    (
        "missing chapter",
        remove("02-structures.md"),
        "chapter file '02-structures.md' not found",
        "book.toml",
        12,
    ),
    (
        "duplicate chapter",
        replace_in("book.toml", '"02-structures.md"', '"01-prose.md"'),
        "chapter '01-prose.md' is listed twice",
        "book.toml",
        12,
    ),
    (
        "toml syntax",
        replace_in("book.toml", 'language = "en"', 'language = "en'),
        "book.toml is not valid TOML",
        "book.toml",
        3,
    ),
    (
        "unknown key",
        replace_in("book.toml", "subtitle =", "subtitel ="),
        "unknown key `subtitel`",
        "book.toml",
        2,
    ),
    (
        "wrong type",
        replace_in("book.toml", 'subjects = ["Testing"]', "subjects = 7"),
        'should be a list, like ["a", "b"]',
        "book.toml",
        9,
    ),
    (
        "missing title",
        replace_in("book.toml", 'title = "Kitchen Sink: Every Construct Once"', ""),
        "required key `title` is missing",
        "book.toml",
        None,
    ),
    (
        "missing language",
        replace_in("book.toml", 'language = "en"', ""),
        "required key `language` is missing",
        "book.toml",
        None,
    ),
    (
        "invalid language",
        replace_in("book.toml", 'language = "en"', 'language = "klingon"'),
        "'klingon' is not a valid BCP 47 language tag",
        "book.toml",
        3,
    ),
    (
        "bad ISBN",
        replace_in(
            "book.toml", "urn:uuid:0b5e1c52-6a0e-4d0b-9e55-7e4b0c1d2a10", "urn:isbn:9780306406158"
        ),
        "is not a valid ISBN",
        "book.toml",
        4,
    ),
    (
        "not UTF-8",
        write("02-structures.md", b"# S\n\nCaf\xe9\n"),
        "not UTF-8 (byte 0xe9 at offset 8)",
        "02-structures.md",
        3,
    ),
    (
        "control character",
        write("02-structures.md", b"# S\n\nBell\x07\n"),
        "control character U+0007 cannot appear in a book",
        "02-structures.md",
        3,
    ),
    (
        "empty chapter",
        write("02-structures.md", b"\n  \n"),
        "chapter is empty",
        "02-structures.md",
        None,
    ),
    (
        "no title",
        write("02-structures.md", b"Text without a heading.\n"),
        "chapter has no title",
        "02-structures.md",
        1,
    ),
    (
        "missing image",
        replace_in("01-prose.md", "images/orbit.png", "images/orbit.jpg"),
        "image 'images/orbit.jpg' not found",
        "01-prose.md",
        18,
    ),
    (
        "broken link",
        replace_in("01-prose.md", "(02-structures.md)", "(02-structure.md)"),
        "link '02-structure.md' points nowhere in the book",
        "01-prose.md",
        8,
    ),
    (
        "broken anchor",
        replace_in("01-prose.md", "#a-table", "#the-table"),
        "link '02-structures.md#the-table' points nowhere in the book",
        "01-prose.md",
        9,
    ),
]


@pytest.mark.parametrize(
    ("breaker", "message", "file", "line"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
@pytest.mark.allow_warnings  # a file the break leaves unlisted is said too
def test_broken_manuscript_is_explained_and_nothing_written(
    tmp_path: Path, breaker: Breaker, message: str, file: str, line: int | None
) -> None:
    root = tmp_path / "book"
    shutil.copytree(FIXTURES / "kitchen-sink", root)
    breaker(root)
    out = tmp_path / "out"
    with pytest.raises(PressworkError) as caught:
        build(root, out, ("epub", "pdf"), lambda _: None)
    found = caught.value.found if isinstance(caught.value, Problems) else (caught.value,)
    error = next(e for e in found if message in e.message)  # with every other problem
    assert error.file == root / file
    assert error.line == line
    assert error.hint
    assert not out.exists() or not [p for p in out.rglob("*") if p.is_file()]


@pytest.mark.parametrize("variant", ["bom", "crlf", "cr"])
def test_bom_and_line_endings_give_the_same_book(tmp_path: Path, variant: str) -> None:
    root = tmp_path / "book"
    shutil.copytree(FIXTURES / "kitchen-sink", root)
    path = root / "02-structures.md"
    text = path.read_text(encoding="utf-8")
    data = {
        "bom": "\ufeff" + text,
        "crlf": text.replace("\n", "\r\n"),
        "cr": text.replace("\n", "\r"),
    }[variant]
    path.write_bytes(data.encode("utf-8"))
    plain = build(FIXTURES / "kitchen-sink", tmp_path / "plain", ("epub",), lambda _: None)
    odd = build(root, tmp_path / "odd", ("epub",), lambda _: None)
    assert plain.outputs[0].read_bytes() == odd.outputs[0].read_bytes()
