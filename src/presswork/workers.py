"""Worker processes that stop with the build: a pool of them, or one function run beside
the build (forked_call).

Ctrl-C reaches every process of the terminal's process group. Left alone, a worker busy
with a task lets it fail and takes the next one, a worker idle in its queue dies printing
a traceback, and the parent, leaving its pool, waits for every running task to end: a
minute for a long chapter, for ever for a chapter waiting on one that was interrupted.
So workers ignore SIGINT and the parent, on KeyboardInterrupt (Ctrl-C or SIGTERM, see
cli.py), terminates them before shutting the pool down.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Generic, TypeVar

from presswork.errors import PressworkError

T = TypeVar("T")


@contextmanager
def fork_pool(
    workers: int, initializer: Callable[..., None] | None = None, initargs: tuple[object, ...] = ()
) -> Iterator[ProcessPoolExecutor]:
    """A pool of forked workers (they share the parent's parsed book) that an interrupt
    stops at once; they are started now, not at the first task."""
    context = multiprocessing.get_context("fork")
    start = functools.partial(_start, initializer, *initargs)
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=start)
    try:
        with inherited_heap_frozen():
            # a fork pool starts every worker at its first task (there is no other way to
            # ask for them): a task that does nothing starts them
            pool.submit(os.getpid)
        yield pool
    except KeyboardInterrupt:
        for child in multiprocessing.active_children():
            child.terminate()
        raise
    finally:
        pool.shutdown(cancel_futures=True)


@contextmanager
def inherited_heap_frozen() -> Iterator[None]:
    """Fork inside this block: what this process holds is frozen for the garbage collector
    (gc.freeze, as its documentation advises before a fork), in the children for good and
    here until the block ends. A child's full collections otherwise walk every object it
    inherited (the modules, WeasyPrint's, the parsed book), which none of them frees, and
    write to each one's header as they go, copying the pages it shares with its parent: a
    third of what the novel's layout workers spent collecting (0.1 s each of 0.3 s)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextmanager
def uncollected() -> Iterator[None]:
    """Import modules inside this block: the garbage collector is off while they are
    imported, and what they made is frozen after (gc.freeze). An import makes hundreds of
    thousands of objects that live as long as the process, and the collections they set off
    (full ones among them) walk them all and free nothing: 45 ms of a small book's build,
    on the path every build waits on (the CLI's imports, then WeasyPrint's). The freeze
    lasts until the next fork's end (inherited_heap_frozen), after which they are old
    objects, walked only by full collections."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _start(initializer: Callable[..., None] | None, *initargs: object) -> None:
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # the CLI turns SIGTERM into KeyboardInterrupt; inherited, it would make terminate()
    # fail the worker's task and let it take the next one
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if initializer is not None:
        initializer(*initargs)


PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when the process that forked it dies, even by SIGKILL
    (which leaves no chance to stop the workers): a killed build leaves no worker behind."""
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the parent still stops its workers
        return
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


class ForkedCall(Generic[T]):
    """A function running in a forked process of its own; `result()` waits for it."""

    def __init__(self, process: BaseProcess, connection: Connection) -> None:
        self._process = process
        self._connection = connection
        self._outcome: tuple[bool, object] | None = None

    def result(self) -> T:
        """What the function returned; what it raised is raised here."""
        if self._outcome is None:
            try:
                self._outcome = self._connection.recv()
            except EOFError:  # killed, or stopped without a word
                self._outcome = (False, PressworkError("a helper process stopped unexpectedly"))
            self._process.join()
        done, value = self._outcome
        if not done:
            assert isinstance(value, BaseException)
            raise value
        return value  # type: ignore[return-value]


@contextmanager
def forked_call(function: Callable[..., T], *args: object) -> Iterator[ForkedCall[T]]:
    """Start `function(*args)` in a forked process (it shares what this process has parsed
    and imported) to run beside this one; one whose result is not asked for by the end of
    the block is stopped."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    # not a daemon: a daemonic process may not start processes of its own (the parse's
    # converts in a second one); this block stops it, and Linux if this process is killed
    process = context.Process(target=_call, args=(send, function, args), daemon=False)
    with inherited_heap_frozen():
        process.start()
    send.close()
    try:
        yield ForkedCall(process, receive)
    finally:
        if process.is_alive():  # not wanted: it holds nothing to clean up (SIGKILL, which no
            process.kill()  # handler it inherited before it set its own can catch)
        process.join()
        receive.close()


def _call(send: Connection, function: Callable[..., object], args: tuple[object, ...]) -> None:
    _start(None)
    try:
        outcome: tuple[bool, object] = (True, function(*args))
    except BaseException as exc:  # handed to the parent, which raises it
        outcome = (False, exc)
    try:
        send.send(outcome)
    except Exception as exc:  # an unpicklable result or exception: say what it was
        send.send((False, PressworkError(f"a helper process failed: {exc}")))
    send.close()
