"""The top-level helpers on their own: forked workers and `presswork new`."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from presswork.errors import PressworkError
from presswork.manuscript.load import load_manuscript
from presswork.scaffold import scaffold
from presswork.workers import fork_pool

_SEEN: list[str] = []


def _remember(word: str) -> None:
    _SEEN.append(word)


def _in_worker(_: int) -> tuple[int, list[str], object]:
    return os.getpid(), list(_SEEN), signal.getsignal(signal.SIGINT)


def test_workers_are_forked_initialised_and_leave_ctrl_c_to_the_parent() -> None:
    with fork_pool(2, _remember, ("ready",)) as pool:
        results = list(pool.map(_in_worker, range(4)))
    assert all(pid != os.getpid() for pid, _, _ in results)
    assert all(seen == ["ready"] for _, seen, _ in results)  # the initializer ran there
    assert all(handler == signal.SIG_IGN for _, _, handler in results)
    assert _SEEN == []  # not here


def test_new_writes_a_manuscript_that_loads(tmp_path: Path) -> None:
    written = scaffold(tmp_path / "book", 'A "Quoted" Title')
    assert sorted(p.name for p in written) == [
        "01-first-chapter.md",
        "02-second-chapter.md",
        "book.toml",
    ]
    config, sources = load_manuscript(tmp_path / "book")
    assert config.title == 'A "Quoted" Title' and len(sources) == 2
    with pytest.raises(PressworkError, match="not empty"):
        scaffold(tmp_path / "book", "Again")
