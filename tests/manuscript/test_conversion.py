"""Chapters converted ahead (manuscript/conversion.py): a long book's last chapters are
split off for a second process, the parse waits for their conversions only when it reaches
one, and converts itself what did not arrive."""

from __future__ import annotations

from pathlib import Path

import pytest

from presswork.errors import PressworkError
from presswork.manuscript import conversion
from presswork.manuscript.conversion import Awaiting, convert_ahead, split_ahead
from presswork.manuscript.markdown_cache import MarkdownCache
from presswork.manuscript.model import Source


def _sources(sizes: list[int]) -> tuple[Source, ...]:
    return tuple(
        Source(f"{n}.md", Path(f"{n}.md"), f"# C{n}\n\n" + "word " * (size // 5), None)
        for n, size in enumerate(sizes)
    )


def test_a_short_book_is_converted_by_the_parse_alone() -> None:
    assert split_ahead(_sources([20_000] * 3), {}, MarkdownCache(None)) == {}


def test_a_long_books_last_chapters_are_split_off_after_the_parses_share() -> None:
    sources = _sources([30_000] * 10)
    ahead = split_ahead(sources, {}, MarkdownCache(None))
    assert [source.relative for source in ahead.values()] == [f"{n}.md" for n in range(5, 10)]
    assert len(ahead) == 5  # 4.5 chapters' text is the parse's share: it takes five


def test_chapters_the_cache_holds_are_not_split_off() -> None:
    sources = _sources([30_000] * 10)
    cache = MarkdownCache(None)
    convert_ahead(sources[3:], {}, cache)
    assert split_ahead(sources, {}, cache) == {}  # three chapters left: under the threshold
    # twenty chapters, 3 to 9 held: of the thirteen left, the parse takes six (0-2, 10-12)
    ahead = split_ahead(_sources([30_000] * 20), {}, cache)
    assert [source.relative for source in ahead.values()] == [f"{n}.md" for n in range(13, 20)]


def test_conversions_made_elsewhere_arrive_when_the_parse_reaches_one() -> None:
    sources = _sources([30_000] * 10)
    elsewhere = MarkdownCache(None)
    ahead = split_ahead(sources, {}, elsewhere)
    made = convert_ahead(tuple(ahead.values()), {}, MarkdownCache(None))
    assert set(made) == set(ahead)
    received = []

    def receive() -> conversion.Made:
        received.append(True)
        return made

    cache = MarkdownCache(None)
    awaiting = Awaiting(cache, set(ahead), receive)
    first = next(iter(ahead))
    assert awaiting.get("not one of them") is None and received == []
    assert awaiting.get(first) == made[first] and received == [True]
    assert all(awaiting.get(key) == made[key] for key in ahead) and received == [True]
    assert cache.kept.fresh == set(made)  # kept by the build's own cache


def test_conversions_that_never_arrive_are_left_to_the_parse() -> None:
    def stopped() -> conversion.Made:
        raise PressworkError("a helper process stopped unexpectedly")

    awaiting = Awaiting(MarkdownCache(None), {"key"}, stopped)
    assert awaiting.get("key") is None


def test_a_chapter_that_cannot_be_converted_is_left_for_the_parse(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sources = _sources([10, 10])

    def too_deep(md: object, text: str, references: object, source: Source) -> object:
        if source.relative == "0.md":
            raise PressworkError("the text is nested too deeply to parse")
        return conversion.Converted("<p>ok</p>")

    monkeypatch.setattr(conversion, "_markdown", too_deep)
    made = convert_ahead(sources, {}, MarkdownCache(None))
    assert list(made.values()) == [conversion.Converted("<p>ok</p>")]
