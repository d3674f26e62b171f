"""The Markdown conversions kept between builds: the same book, with a grid table's warning
said again, and a changed chapter converted anew."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from conftest import Recorder
from presswork.manuscript.load import load_manuscript
from presswork.manuscript.markdown_cache import Converted, MarkdownCache
from presswork.manuscript.model import Book
from presswork.manuscript.parse import parse_book

WHEN = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
SPANNING = "+---+---+\n| a | b |\n+---+---+\n| wide  |\n+-------+\n"


def _write(root: Path, second: str) -> None:
    (root / "a.md").write_text(f"# A\n\nSee [B][b] and *this*.\n\n{SPANNING}", encoding="utf-8")
    (root / "b.md").write_text(f"# B\n\n{second}\n\n[b]: b.md\n", encoding="utf-8")
    (root / "book.toml").write_text(
        'title = "T"\nlanguage = "en"\nchapters = ["a.md", "b.md"]\n', encoding="utf-8"
    )


def _parse(root: Path, cache: MarkdownCache | None) -> Book:
    config, sources = load_manuscript(root)
    return parse_book(config, root, sources, WHEN, cache=cache)


@pytest.mark.allow_warnings
def test_a_warm_parse_is_the_cold_parse_and_warns_the_same(
    tmp_path: Path, no_warnings: Recorder
) -> None:
    root, folder = tmp_path / "book", tmp_path / "cache"
    root.mkdir()
    _write(root, "Plain text.")
    cold = _parse(root, None)
    cold_warnings = [r.getMessage() for r in no_warnings.records]
    no_warnings.records.clear()
    first = MarkdownCache(folder)
    assert _parse(root, first) == cold
    first.save()
    assert len(list(folder.glob("*.json"))) == 2
    no_warnings.records.clear()
    warm = MarkdownCache(folder)
    assert _parse(root, warm) == cold
    assert [r.getMessage() for r in no_warnings.records] == cold_warnings
    assert (
        len(cold_warnings) == 1 and "grid table" in cold_warnings[0] and ":5:" in cold_warnings[0]
    )


@pytest.mark.allow_warnings
def test_an_entry_serves_its_own_text_only_and_unused_entries_go(tmp_path: Path) -> None:
    root, folder = tmp_path / "book", tmp_path / "cache"
    root.mkdir()
    _write(root, "Plain text.")
    first = MarkdownCache(folder)
    _parse(root, first)
    first.save()
    before = {p.name for p in folder.glob("*.json")}
    for path in folder.glob("*.json"):  # a stale entry would show if it were served
        path.write_text('{"html": "<h1>A</h1><p>stale</p>", "left_as_text": []}', "utf-8")
    _write(root, "Edited text.")
    second = MarkdownCache(folder)
    book = _parse(root, second)
    assert "stale" in book.chapters[0].body  # unchanged: served from the cache
    assert "Edited text." in book.chapters[1].body  # changed: converted anew
    second.save()
    after = {p.name for p in folder.glob("*.json")}
    assert len(after) == 2 and len(after & before) == 1  # the old b.md entry is gone


def test_a_changed_library_or_reference_changes_the_key(tmp_path: Path) -> None:
    cache = MarkdownCache(tmp_path)
    key = cache.key("text", {"b": ("b.md", "")})
    assert cache.key("text", {"b": ("c.md", "")}) != key
    other = dataclasses.replace(cache, dialect="another dialect")
    assert other.key("text", {"b": ("b.md", "")}) != key
    broken = tmp_path / f"{key}.json"
    broken.write_text("not json", encoding="utf-8")
    assert cache.get(key) is None  # a damaged entry is no entry
    cache.put(key, Converted("<p>x</p>"))
    assert cache.get(key) == Converted("<p>x</p>")
