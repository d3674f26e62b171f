"""The top-level helpers on their own: forked workers, a forked call and `presswork new`."""

from __future__ import annotations

import gc
import os
import signal
from pathlib import Path

import pytest

from presswork.errors import PressworkError
from presswork.manuscript.load import load_manuscript
from presswork.scaffold import scaffold
from presswork.workers import fork_pool, forked_call, uncollected

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


def _pid_and_handler(word: str) -> tuple[int, str, object]:
    return os.getpid(), word.upper(), signal.getsignal(signal.SIGINT)


def _fails(where: str) -> None:
    raise PressworkError("cannot draw it", Path(where), 3, hint="fix it")


def _sleeps() -> None:
    signal.pause()


def test_a_forked_call_runs_beside_this_process_and_hands_back_its_result() -> None:
    with forked_call(_pid_and_handler, "cover") as call:
        pid, word, handler = call.result()
        assert call.result()[1] == "COVER"  # asked again: the same answer
    assert pid != os.getpid() and word == "COVER" and handler == signal.SIG_IGN


def test_a_forked_call_raises_what_the_function_raised_with_its_place() -> None:
    with forked_call(_fails, "a.md") as call, pytest.raises(PressworkError) as caught:
        call.result()
    assert (caught.value.file, caught.value.line, caught.value.hint) == (Path("a.md"), 3, "fix it")


def test_a_forked_call_not_waited_for_is_stopped_at_the_end_of_its_block() -> None:
    with forked_call(_sleeps) as call:
        pid = call._process.pid
        assert pid is not None
    with pytest.raises(ProcessLookupError):  # stopped and reaped
        os.kill(pid, 0)


def _frozen(_: object = None) -> int:
    return gc.get_freeze_count()


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_children_inherit_the_heap_frozen_and_this_process_gets_it_back() -> None:
    """A child's collections leave what it inherited alone; here nothing stays frozen."""
    gc.unfreeze()
    kept = [_Cycle() for _ in range(100)]
    with forked_call(_frozen) as call:
        assert call.result() >= len(kept)
    with fork_pool(2) as pool:
        assert all(count >= len(kept) for count in pool.map(_frozen, range(4)))
    assert gc.get_freeze_count() == 0


def test_imports_are_made_uncollected_then_frozen() -> None:
    gc.unfreeze()
    try:
        with uncollected():
            assert not gc.isenabled()
            made = [_Cycle() for _ in range(100)]
        assert gc.isenabled() and gc.get_freeze_count() >= len(made)
        gc.disable()  # a collector that was off stays off
        with uncollected():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()


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
