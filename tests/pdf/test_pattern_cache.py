"""pyphen's parsed patterns kept in the user's cache (pdf/pattern_cache.py): a second
process loads them instead of parsing, hyphenates the same, and a kept file that cannot be
read, or a cache that cannot be written, costs only the parse."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyphen
import pytest

from presswork.pdf import pattern_cache
from presswork.pdf.pattern_cache import preload

WORDS = ["hyphenation", "extraordinary", "astronaut", "mountaineers", "unquestionably"]
PATH = pyphen.LANGUAGES["en_US"]


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[dict[Path, object]]:
    """pyphen's in-memory cache empty (as in a new process), the user's cache in tmp."""
    memory: dict[Path, object] = {}
    monkeypatch.setattr(pyphen, "hdcache", memory)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    yield memory


def _kept(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache" / "presswork" / pattern_cache.FOLDER).glob("*.pickle"))


def _positions() -> list[list[int]]:
    return [pyphen.Pyphen(lang="en_US").positions(word) for word in WORDS]


def test_a_second_process_loads_the_patterns_instead_of_parsing(
    fresh: dict[Path, object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    preload("en_US")
    parsed = _positions()
    assert len(_kept(tmp_path)) == 1
    fresh.clear()

    def no_parse(self: object, path: Path) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(pyphen.HyphDict, "__init__", no_parse)
    preload("en_US")
    assert PATH in fresh
    assert _positions() == parsed
    assert parsed[0] == [2, 6]  # hy-phen-ation, as pyphen parses it


def test_a_kept_file_that_cannot_be_read_is_parsed_and_replaced(
    fresh: dict[Path, object], tmp_path: Path
) -> None:
    preload("en_US")
    (kept,) = _kept(tmp_path)
    expected = _positions()
    for broken in (b"", b"not a pickle", kept.read_bytes()[:1000]):
        kept.write_bytes(broken)
        fresh.clear()
        preload("en_US")
        assert _positions() == expected
        assert kept.read_bytes() != broken


def test_a_cache_that_cannot_be_written_costs_only_the_parse(
    fresh: dict[Path, object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))
    preload("en_US")
    assert fresh == {}  # left to pyphen, which parses as it always has
    assert _positions()[1] == pyphen.Pyphen(lang="en_US", cache=False).positions(WORDS[1])


def test_patterns_are_kept_by_dictionary_and_pyphen_version(
    fresh: dict[Path, object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    preload("en_US")
    preload("de_DE")
    assert len(_kept(tmp_path)) == 2
    fresh.clear()
    monkeypatch.setattr(pyphen, "__version__", "0.0.1")
    preload("en_US")
    assert len(_kept(tmp_path)) == 3
