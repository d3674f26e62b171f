"""The user's cache folder (presswork/user_cache.py): made private under $XDG_CACHE_HOME
or ~/.cache, and None, never an error, where there is none this process may write."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from presswork.user_cache import user_cache


def test_the_folder_is_made_under_xdg_cache_home_for_the_user_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = user_cache("things")
    assert folder == tmp_path / "cache" / "presswork" / "things"
    assert folder.is_dir()
    assert stat.S_IMODE(folder.stat().st_mode) & 0o077 == 0
    assert user_cache("things") == folder  # there already: the same folder


def test_without_xdg_cache_home_it_is_under_the_home_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert user_cache("things") == tmp_path / ".cache" / "presswork" / "things"


def test_no_folder_that_can_be_written_is_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "a-file"))
    assert user_cache("things") is None
    if os.geteuid() != 0:  # root may write anywhere
        locked = tmp_path / "locked"
        (locked / "presswork" / "things").mkdir(parents=True)
        (locked / "presswork" / "things").chmod(0o500)
        monkeypatch.setenv("XDG_CACHE_HOME", str(locked))
        assert user_cache("things") is None
