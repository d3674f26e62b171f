"""Compiled templates kept in the user's cache folder: a second environment loads them
instead of compiling, an edited template is compiled again, the sandbox holds for code
loaded from the cache, and a cache that cannot be written or made costs only the compile."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from jinja2.exceptions import SecurityError

from presswork.theme import template_cache
from presswork.theme.templates import make_environment, render


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / template_cache.FOLDER


def _manuscript(root: Path, text: str) -> Path:
    (root / "templates").mkdir(parents=True, exist_ok=True)
    (root / "templates" / "mine.j2").write_text(text, encoding="utf-8")
    return root


def test_a_second_environment_loads_what_the_first_compiled(
    cache_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _manuscript(tmp_path / "book", "hello {{ who }}")
    assert render(make_environment(root), "mine.j2", who="you") == "hello you"
    assert list(cache_home.glob("*.cache"))

    def no_compile(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(jinja2.Environment, "compile", no_compile)
    assert render(make_environment(root), "mine.j2", who="me") == "hello me"


def test_an_edited_template_is_compiled_again(cache_home: Path, tmp_path: Path) -> None:
    root = _manuscript(tmp_path / "book", "first")
    assert render(make_environment(root), "mine.j2") == "first"
    _manuscript(root, "second")
    assert render(make_environment(root), "mine.j2") == "second"


def test_the_sandbox_holds_for_code_from_the_cache(cache_home: Path, tmp_path: Path) -> None:
    root = _manuscript(tmp_path / "book", "{{ cycler.__init__.__globals__ }}")
    for _ in range(2):  # compiled, then loaded from the cache
        with pytest.raises(SecurityError):
            make_environment(root).get_template("mine.j2").render()
    # the files are named for environments made as ours: a plain one shares none of them
    assert all(p.name.startswith(tuple("0123456789abcdef")) for p in cache_home.iterdir())
    assert not list(cache_home.glob("__jinja2_*"))


def test_no_usable_cache_folder_only_costs_the_compile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "a-file"))
    root = _manuscript(tmp_path / "book", "still {{ x }}")
    assert render(make_environment(root), "mine.j2", x="works") == "still works"


def test_a_cache_that_cannot_be_written_only_costs_the_compile(
    cache_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(self: object, bucket: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(jinja2.FileSystemBytecodeCache, "dump_bytecode", full)
    root = _manuscript(tmp_path / "book", "still {{ x }}")
    assert render(make_environment(root), "mine.j2", x="works") == "still works"
