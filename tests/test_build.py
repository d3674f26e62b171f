"""A build that lays a print edition out parses the manuscript in a process of its own
while it imports the print engine: the parse's warnings are still logged in the build's
process, its problems are raised before an engine that cannot load, and the conversions it
made come back to be kept. A long book's last chapters are converted by a second process
meanwhile: the same book, the same warnings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import Recorder
from presswork import build as build_module
from presswork import pdf
from presswork.errors import PressworkError
from presswork.manuscript import conversion
from presswork.manuscript.conversion import split_ahead
from presswork.manuscript.load import build_date, load_manuscript
from presswork.manuscript.markdown_cache import MarkdownCache
from presswork.manuscript.model import Book, Source
from presswork.manuscript.parse import parse_book
from presswork.manuscript.references import book_references

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


@pytest.mark.allow_warnings
def test_a_long_book_parsed_with_a_second_converting_process_is_the_same_book(
    tmp_path: Path, no_warnings: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "long"
    root.mkdir()
    names = [f"{n:02}.md" for n in range(8)]
    for n, name in enumerate(names):
        table = SPANNING if n == 7 else ""  # a warning from the second process's share
        prose = f"Words of chapter {n}, [a link](01.md), and a note.[^{n}]\n\n" * 400
        (root / name).write_text(f"# C{n}\n\n{prose}{table}\n[^{n}]: The note.\n", "utf-8")
    (root / "book.toml").write_text(
        f'title = "T"\nlanguage = "en"\ndate = 2026-01-01\nchapters = {names!r}\n'.replace(
            "'", '"'
        ),
        "utf-8",
    )
    config, sources = load_manuscript(root)
    references = book_references(sources)
    ahead = split_ahead(sources, references, MarkdownCache(None))
    assert 0 < len(ahead) < len(sources)  # long enough for a second process
    expected = parse_book(config, root, sources, build_date(config), False, MarkdownCache(None))
    alone_warnings = [r.getMessage() for r in no_warnings.records]
    no_warnings.records.clear()
    kept = MarkdownCache(tmp_path / "cache")
    here: list[str] = []  # what this process converted (the other's calls stay there)
    original = conversion._markdown

    def counted(md: Any, text: str, references: Any, source: Source) -> conversion.Converted:
        here.append(source.relative)
        return original(md, text, references, source)

    monkeypatch.setattr(conversion, "_markdown", counted)
    assert build_module._parse(config, root, sources, False, kept) == expected
    assert sorted(here) == sorted(set(names) - {source.relative for source in ahead.values()})
    assert [r.getMessage() for r in no_warnings.records] == alone_warnings
    assert alone_warnings == [
        f"{root / '07.md'}:803: a grid table with cells spanning columns is printed as text"
    ]
    kept.save()
    assert len(list((tmp_path / "cache").glob("*.json"))) == 8
    # as a build does it: the parse in a process of its own, which starts the second one
    beside, handed = build_module._parse_beside_engine(
        config, root, sources, False, MarkdownCache(tmp_path / "cache-2")
    )
    assert beside == expected and len(handed.kept.fresh) == 8
