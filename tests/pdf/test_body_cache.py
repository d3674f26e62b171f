"""Chapters' print bodies kept between builds: made once per text and settings, served
back from the folder by a later build, the unused ones forgotten."""

from __future__ import annotations

from pathlib import Path

from presswork.pdf.body_cache import BodyCache


def test_a_body_is_made_once_and_served_by_the_next_build(tmp_path: Path) -> None:
    made: list[str] = []

    def make(fragment: str) -> str:
        made.append(fragment)
        return fragment.upper()

    first = BodyCache(tmp_path)
    assert first.body("<p>a</p>", "en", make) == "<P>A</P>"
    assert first.body("<p>a</p>", "en", make) == "<P>A</P>" and made == ["<p>a</p>"]
    assert first.body("<p>a</p>", "fr", make) == "<P>A</P>" and len(made) == 2  # other settings
    first.save()
    assert len(list(tmp_path.glob("*.html"))) == 2
    second = BodyCache(tmp_path)
    assert second.body("<p>a</p>", "en", make) == "<P>A</P>" and len(made) == 2  # from disk
    second.save()
    assert len(list(tmp_path.glob("*.html"))) == 1  # the "fr" body was not used: forgotten


def test_without_a_folder_bodies_are_only_made(tmp_path: Path) -> None:
    cache = BodyCache(None)
    assert cache.body("x", "", str.upper) == "X"
    cache.save()
    assert not list(tmp_path.iterdir())
