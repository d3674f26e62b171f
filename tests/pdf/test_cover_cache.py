"""The EPUB's drawn cover kept between builds: the same inputs use the kept image and fork
nothing; a change to the metadata or the manuscript's styles draws it again; only the
current image is kept; an unreadable styles/ keeps nothing."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES
from presswork import pdf
from presswork.manuscript.load import load_manuscript
from presswork.pdf.cover_cache import KeptCover, cover_key, kept_cover


@pytest.fixture
def manuscript(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURES / "kitchen-sink", tmp_path / "book"))


def test_the_key_follows_the_metadata_and_the_manuscripts_styles(manuscript: Path) -> None:
    config, _ = load_manuscript(manuscript)
    key = cover_key(config, manuscript)
    assert cover_key(config, manuscript) == key
    assert cover_key(dataclasses.replace(config, title="Another Title"), manuscript) != key
    styles = manuscript / "styles"
    styles.mkdir(exist_ok=True)
    (styles / "cover.css").write_text(".front { background: #123 }\n", encoding="utf-8")
    assert cover_key(config, manuscript) != key


def test_a_kept_cover_is_used_and_nothing_is_forked(
    manuscript: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, _ = load_manuscript(manuscript)
    cache = tmp_path / "cache"
    with pdf.drawing_cover_front(config, manuscript, cache) as drawn:
        first = drawn()
    assert [p.name for p in cache.iterdir()] == [f"{cover_key(config, manuscript)}.jpg"]

    def no_fork(*args: object) -> None:
        raise AssertionError("the kept cover should have been used")

    monkeypatch.setattr(pdf, "forked_call", no_fork)
    with pdf.drawing_cover_front(config, manuscript, cache) as drawn:
        assert drawn() == first


def test_only_the_current_image_is_kept(tmp_path: Path) -> None:
    (tmp_path / "old.jpg").write_bytes(b"old")
    KeptCover(tmp_path, "new").save(b"new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.jpg"]
    assert KeptCover(tmp_path, "new").get() == b"new"
    assert KeptCover(tmp_path, "missing").get() is None


def test_a_styles_folder_that_is_a_link_keeps_nothing(manuscript: Path, tmp_path: Path) -> None:
    config, _ = load_manuscript(manuscript)
    shutil.rmtree(manuscript / "styles", ignore_errors=True)
    (tmp_path / "elsewhere").mkdir()
    (manuscript / "styles").symlink_to(tmp_path / "elsewhere")
    kept = kept_cover(tmp_path / "cache", config, manuscript)
    assert kept.key is None and kept.get() is None
    kept.save(b"jpeg")
    assert not (tmp_path / "cache").exists()
