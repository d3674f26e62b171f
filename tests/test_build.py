"""A build that lays a print edition out parses the manuscript in a process of its own
while it imports the print engine: the parse's warnings are still logged in the build's
process, its problems are raised before an engine that cannot load, and the conversions it
made come back to be kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Recorder
from presswork import build as build_module
from presswork import pdf
from presswork.errors import PressworkError
from presswork.manuscript.load import load_manuscript
from presswork.manuscript.markdown_cache import MarkdownCache
from presswork.manuscript.model import Book

SPANNING = "+---+---+\n| a | b |\n+---+---+\n| wide  |\n+-------+\n"


def _book(root: Path, text: str) -> Path:
    root.mkdir()
    (root / "a.md").write_text(text, encoding="utf-8")
    (root / "book.toml").write_text(
        'title = "T"\nlanguage = "en"\nchapters = ["a.md"]\n', encoding="utf-8"
    )
    return root


def _parse(root: Path, cache: Path) -> tuple[Book, MarkdownCache]:
    config, sources = load_manuscript(root)
    return build_module._parse_beside_engine(config, root, sources, False, MarkdownCache(cache))


@pytest.mark.allow_warnings
def test_the_parse_apart_logs_its_warnings_here_and_hands_its_conversions_back(
    tmp_path: Path, no_warnings: Recorder
) -> None:
    root = _book(tmp_path / "book", f"# A\n\nText.\n\n{SPANNING}")
    book, kept = _parse(root, tmp_path / "cache")
    assert book.chapters[0].title == "A"
    [message] = [r.getMessage() for r in no_warnings.records]
    assert message.endswith("a.md:5: a grid table with cells spanning columns is printed as text")
    kept.save()
    assert len(list((tmp_path / "cache").glob("*.json"))) == 1


def test_the_manuscripts_problems_come_before_an_engine_that_cannot_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def cannot_load() -> None:
        raise PressworkError("WeasyPrint cannot load a system library (test)")

    monkeypatch.setattr(pdf, "load_engine", cannot_load)
    broken = _book(tmp_path / "broken", "# A\n\nSee [there](missing.md).\n")
    with pytest.raises(PressworkError) as caught:
        _parse(broken, tmp_path / "cache-1")
    assert "missing.md" in str(caught.value) and "WeasyPrint" not in str(caught.value)
    sound = _book(tmp_path / "sound", "# A\n\nText.\n")
    with pytest.raises(PressworkError, match="WeasyPrint cannot load"):
        _parse(sound, tmp_path / "cache-2")
