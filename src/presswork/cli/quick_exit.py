"""The console script's entry: `main`, then an end without the interpreter's teardown.

A build leaves some 80,000 objects behind (the parsed book, the templates, WeasyPrint's
and Pango's state), and Python's finalisation frees them one by one, module by module,
where the operating system takes the whole process back at once: 0.1 to 0.14 s between
`main` returning and the process ending (strace, a one-chapter rebuild of the novel's EPUB,
which takes 1.1 s in all), paid by every `presswork` run a writer waits for. The exit
functions still run first (multiprocessing's, which unlinks shared memory and stops the
resource tracker; temporary folders' finalizers; logging's flush), then the standard
streams are flushed and the process ends with `main`'s code. While another thread or a
child process is still running (none should be by then) the usual exit is taken, which
waits for them.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable
from typing import NoReturn

from presswork.workers import uncollected

PYDANTIC_PLUGINS = "PYDANTIC_DISABLE_PLUGINS"
"""Presswork's `book.toml` models use no pydantic plugin, and looking for them (every
installed distribution's entry points, on the first model validated) took 12 ms of every
run; a value the user set is kept."""


def run() -> NoReturn:
    """`presswork`: the command's exit code, without the teardown; the CLI's modules are
    imported uncollected (workers.uncollected), pydantic told to look for no plugin."""
    os.environ.setdefault(PYDANTIC_PLUGINS, "__all__")
    with uncollected():
        from presswork.cli.main import main
    leave(main())


def leave(code: int, end: Callable[[int], NoReturn] = os._exit) -> NoReturn:
    """End the process with `code` once everything it must do on exit is done."""
    if threading.active_count() > 1 or multiprocessing.active_children():
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing to keep
            stream.flush()
    end(code)
