"""The worker processes that lay out the parts of one edition, or this process on one core.

The pool shares the chapters' page counts with its workers (worker.Counts): it puts them
into the worker state before forking, so every worker inherits them, and on a failure
makes every chapter still waiting for a count give up, so an interrupted or failed
layout never hangs.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType

from presswork.pdf.worker import STATE, Counts, PartDone, PartJob, lay_out_part, prepare_sheets
from presswork.workers import fork_pool

Progress = Callable[[str], None]
Pending = Future[PartDone] | PartJob
"""A part submitted: laid out in a worker, or to be laid out in this process."""
PROGRESS_FROM = 20
"""Chapters from which a run reports how far it has got."""


class Pool:
    """Worker processes for the parts of one edition, or this process when one core."""

    def __init__(self, workers: int, chapters: int, sheets: tuple[Path, str] | None = None) -> None:
        self.workers = workers
        self.counts = Counts(chapters, shared=workers > 1)
        self.sheets = sheets
        """The edition's theme and page CSS, for the workers to parse as they start."""
        self.executor: ProcessPoolExecutor | None = None
        self._stack = ExitStack()

    def __enter__(self) -> Pool:
        """Fork the workers now, not at the first part: each parses the edition's
        stylesheets (prepare_sheets) while this process writes the chapters' HTML."""
        STATE.counts = self.counts
        if self.workers > 1:
            start = (prepare_sheets, self.sheets) if self.sheets is not None else (None, ())
            self.executor = self._stack.enter_context(fork_pool(self.workers, *start))
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """On the way out of a failure no part is wanted any more: chapters waiting for a
        page count give up (and on an interrupt fork_pool stops the workers)."""
        if kind is not None:
            self.counts.fail()
        self._stack.__exit__(kind, value, traceback)
        STATE.counts = None

    def reset(self, counts: list[int | None]) -> None:
        """Start a run with the page counts known from the cache."""
        self.counts.reset(counts)

    def run(self, jobs: list[PartJob], progress: Progress | None = None) -> list[PartDone]:
        """Lay the jobs out, chapters in their order (a chapter waits only for earlier
        ones, so the order of submission rules out a deadlock); a long run tells
        `progress` how far it has got, five times at most. A single part goes to a worker
        too: the workers have the stylesheets parsed, this process has not."""
        return self.gather([self.submit(job) for job in jobs], progress)

    def submit(self, job: PartJob) -> Pending:
        """Start laying a part out now, in a worker, while this process goes on (a
        chapter's HTML is written while the chapters before it are laid out); in this
        process, the job waits for `gather`."""
        return self.executor.submit(lay_out_part, job) if self.executor is not None else job

    def gather(self, pending: list[Pending], progress: Progress | None = None) -> list[PartDone]:
        """The parts submitted, laid out (see `run`)."""
        futures = [p for p in pending if isinstance(p, Future)]
        for done, future in enumerate(as_completed(futures), start=1):
            if future.exception() is not None:
                self.counts.fail()  # the chapters waiting for its page count give up
            else:
                _tell(progress, done, len(futures))
        results = []
        for done, item in enumerate(pending, start=1):
            if isinstance(item, Future):
                results.append(item.result())
            else:
                results.append(lay_out_part(item))
                _tell(progress, done, len(pending))
        return results


def _tell(progress: Progress | None, done: int, total: int) -> None:
    step = max(PROGRESS_FROM // 5, total // 5)
    if progress is not None and total >= PROGRESS_FROM and done % step == 0 and done < total:
        progress(f"{done} of {total} chapters laid out")
