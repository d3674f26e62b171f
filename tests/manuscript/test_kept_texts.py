"""The store under the build's text caches: kept by key, new texts written on save, a
damaged entry replaced, the unused ones forgotten."""

from __future__ import annotations

from pathlib import Path

from presswork.manuscript.kept_texts import KeptTexts


def test_texts_are_kept_replaced_and_forgotten(tmp_path: Path) -> None:
    first = KeptTexts(tmp_path / "kept", ".txt")
    first.put("a", "alpha")
    first.put("b", "beta")
    first.save()
    later = KeptTexts(tmp_path / "kept", ".txt")
    assert later.get("a") == "alpha" and later.get("missing") is None
    later.put("a", "again")  # a kept text found wrong is replaced on disk
    later.save()
    assert sorted(p.name for p in (tmp_path / "kept").iterdir()) == ["a.txt"]  # b unused
    assert (tmp_path / "kept" / "a.txt").read_text(encoding="utf-8") == "again"


def test_without_a_folder_nothing_is_written(tmp_path: Path) -> None:
    kept = KeptTexts(None, ".txt")
    kept.put("a", "alpha")
    kept.save()
    assert kept.get("a") == "alpha" and not list(tmp_path.iterdir())
