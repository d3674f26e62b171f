"""A book written as one file is split into chapters at its `#` titles; a chapter's title
is its first `#` heading even after a badge line; a book.toml title replaces it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from presswork.errors import PressworkError
from presswork.manuscript.load import load_manuscript
from presswork.manuscript.model import Book, Source
from presswork.manuscript.parse import parse_book
from presswork.manuscript.split import split_chapters, title_lines

WHOLE = """---
title: The Whole Book
# a YAML comment, not a title
---

[![badge](b.png)](https://ci.example) [English](https://example.org/en) | [中文](https://example.org/zh)

# Getting Started {#start}

Read [the end](#the-end) first.

```sh
# a shell comment, not a title
```

Second Part
===========

Text.

# The End

Done, see [the start](#start).
"""


def book(tmp_path: Path, text: str, entry: str = '"whole.md"') -> Book:
    (tmp_path / "whole.md").write_text(text, encoding="utf-8")
    (tmp_path / "b.png").write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
        b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01"
        b"\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    (tmp_path / "book.toml").write_text(
        f'title = "T"\nlanguage = "en"\nchapters = [{entry}]\n', encoding="utf-8"
    )
    config, sources = load_manuscript(tmp_path)
    return parse_book(config, tmp_path, sources, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))


def test_titles_outside_code_and_front_matter() -> None:
    assert title_lines(WHOLE) == [(7, "Getting Started"), (15, "Second Part"), (20, "The End")]


def test_one_file_becomes_a_chapter_per_title_keeping_its_lines() -> None:
    source = Source("whole.md", Path("whole.md"), WHOLE, "Given")
    first, second, third = split_chapters(source)
    assert (first.piece, second.piece, third.piece) == ("", "second-part", "the-end")
    assert (first.title, second.title) == ("Given", None)  # book.toml's title: the first only
    assert third.text.split("\n")[20] == "# The End"  # line 21 of the file stays line 21
    assert "\n".join(p.text.lstrip("\n") for p in (first, second, third)) == WHOLE


def test_the_split_book_builds_with_links_across_its_chapters(tmp_path: Path) -> None:
    parsed = book(tmp_path, WHOLE)
    assert [c.title for c in parsed.chapters] == ["Getting Started", "Second Part", "The End"]
    assert [c.id for c in parsed.chapters] == ["whole", "second-part", "the-end"]
    first, _, last = parsed.chapters
    assert first.body.index("badge") < first.body.index("Read")  # the badge line stays
    assert "Getting Started" not in first.body  # the title is not printed twice
    assert 'href="#the-end--the-end"' in first.body and 'href="#whole--start"' in last.body


@pytest.mark.allow_warnings  # the [TOC] marker is left out, with a word
def test_a_book_toml_title_replaces_a_late_heading(tmp_path: Path) -> None:
    entry = '{ file = "whole.md", title = "Given" }'
    parsed = book(tmp_path, "[TOC]\n\nBadges.\n\n# Own Title\n\nText.\n", entry)
    assert parsed.chapters[0].title == "Given" and "Own Title" not in parsed.chapters[0].body


@pytest.mark.allow_warnings
def test_a_heading_after_long_text_is_no_title(tmp_path: Path) -> None:
    with pytest.raises(PressworkError, match="chapter has no title"):
        book(tmp_path, "word " * 60 + "\n\n# Late\n")
