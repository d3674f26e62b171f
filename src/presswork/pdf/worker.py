"""One part of an edition laid out in a worker process, and what the workers share.

A part is plain data (PartJob) so that it crosses to a forked worker cheaply; the result
(PartDone) is its page starts and anchors, the folio it starts on and its PDF in the
cache. Chapters' page counts live in shared memory (Counts): a chapter reports its count
as soon as it is paginated and waits there for the chapters before it, whose counts give
its first folio (folio_shift.py prints them). See parts.py for the whole.
"""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from presswork.errors import PressworkError
from presswork.workers import fork_pool

Progress = Callable[[str], None]
PROGRESS_FROM = 20
"""Chapters from which a run reports how far it has got."""
CROSS_PART = "presswork-part:"
"""The scheme a link to another part's element is written with; pdf_merge.py turns those
links back into links to the named destination once every part is in one file."""


@dataclass(frozen=True)
class PartLayout:
    """Where each page of a part starts, and the page (from 0) each element id is on."""

    starts: list[tuple[str, int]]
    anchors: dict[str, int]


@dataclass(frozen=True)
class PartJob:
    """One part to lay out, as plain data for a worker process."""

    key: str
    html: str
    page_css: str
    base_url: str
    root: Path
    theme: Path
    slot: int = -1
    """The chapter's place among the chapters (its folio depends on those before it);
    -1 for the front and back matter, whose first folio is known before they start."""
    folio: int | None = None
    """Its first folio, when the chapters before it are counted already."""
    known: PartLayout | None = None
    """Its layout from the cache: its page count is known before it is laid out again
    (for other folios), or its PDF may be cached too."""
    cache: Path | None = None
    pdf: bool = False
    """Write the part's PDF into the cache too (else only its page starts are wanted)."""
    variant: str | None = None


@dataclass(frozen=True)
class PartDone:
    """A part laid out: its pages, its first folio and its PDF (when one was wanted)."""

    key: str
    layout: PartLayout
    folio: int
    pdf: Path | None
    fresh: bool = False
    """Laid out by this build (not read from the cache)."""


def first_folio(counts: Sequence[int | None]) -> int | None:
    """The folio a chapter starts on after chapters of these page counts (each chapter
    opens on a recto, an odd folio); None while one of them is not known yet."""
    folio = 1
    for count in counts:
        if count is None:
            return None
        folio += count
        folio += 1 - folio % 2
    return folio


def pdf_path(job: PartJob, folio: int) -> Path:
    assert job.cache is not None
    return job.cache / f"{job.key}-{folio}.pdf"


def read_cache(cache: Path | None, key: str) -> PartLayout | None:
    if cache is None:
        return None
    path = cache / f"{key}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return PartLayout([(str(b), int(w)) for b, w in data["starts"]], dict(data["anchors"]))


def write_cache(cache: Path | None, key: str, layout: PartLayout) -> None:
    if cache is None:
        return
    cache.mkdir(parents=True, exist_ok=True)
    temporary = cache / f".{key}.{os.getpid()}.tmp"
    temporary.write_text(json.dumps(dataclasses.asdict(layout)), encoding="utf-8")
    temporary.replace(cache / f"{key}.json")


class Counts:
    """The chapters' page counts, shared by the worker processes: a chapter reports its
    own and waits for those before it. -1 is unknown; `failed` stops every waiter when a
    part has failed (it would never report)."""

    def __init__(self, size: int, shared: bool) -> None:
        if shared:
            context = multiprocessing.get_context("fork")
            self.values: Any = context.Array("i", max(size, 1), lock=False)
            self.failed: Any = context.Value("b", 0, lock=False)
            self.changed: Any = context.Condition()
        else:
            self.values = [-1] * max(size, 1)
            self.failed = type("Flag", (), {"value": 0})()
            self.changed = None

    def reset(self, counts: list[int | None]) -> None:
        for slot, count in enumerate(counts):
            self.values[slot] = -1 if count is None else count
        self.failed.value = 0

    def report(self, slot: int, count: int) -> None:
        if self.changed is None:
            self.values[slot] = count
            return
        with self.changed:
            self.values[slot] = count
            self.changed.notify_all()

    def before(self, slot: int) -> list[int]:
        """The page counts of the chapters before `slot`, once all are known."""
        while True:
            counts = [self.values[i] for i in range(slot)]
            if all(count >= 0 for count in counts):
                return counts
            if self.failed.value or self.changed is None:
                raise PressworkError("a chapter before this one could not be laid out")
            with self.changed:
                self.changed.wait(0.5)

    def fail(self) -> None:
        self.failed.value = 1
        if self.changed is not None:
            with self.changed:
                self.changed.notify_all()


_COUNTS: Counts | None = None  # the pool's, inherited by its forked workers


class Pool:
    """Worker processes for the parts of one edition, or this process when one core."""

    def __init__(self, workers: int, chapters: int) -> None:
        self.workers = workers
        self.counts = Counts(chapters, shared=workers > 1)
        self.executor: ProcessPoolExecutor | None = None
        self._stack = ExitStack()

    def __enter__(self) -> Pool:
        global _COUNTS
        _COUNTS = self.counts
        if self.workers > 1:
            self.executor = self._stack.enter_context(fork_pool(self.workers))
        return self

    def __exit__(self, kind: type[BaseException] | None, value: Any, traceback: Any) -> None:
        """On the way out of a failure no part is wanted any more: chapters waiting for a
        page count give up (and on an interrupt fork_pool stops the workers)."""
        global _COUNTS
        if kind is not None:
            self.counts.fail()
        self._stack.__exit__(kind, value, traceback)
        _COUNTS = None

    def reset(self, counts: list[int | None]) -> None:
        self.counts.reset(counts)

    def run(self, jobs: list[PartJob], progress: Progress | None = None) -> list[PartDone]:
        """Lay the jobs out, chapters in their order (a chapter waits only for earlier
        ones, so the order of submission rules out a deadlock); a long run tells
        `progress` how far it has got, five times at most."""
        if self.executor is None or len(jobs) < 2:
            results = []
            for done, job in enumerate(jobs, start=1):
                results.append(lay_out_part(job))
                _tell(progress, done, len(jobs))
            return results
        futures: list[Future[PartDone]] = [self.executor.submit(lay_out_part, j) for j in jobs]
        for done, future in enumerate(as_completed(futures), start=1):
            if future.exception() is not None:
                self.counts.fail()  # the chapters waiting for its page count give up
            else:
                _tell(progress, done, len(jobs))
        return [future.result() for future in futures]


def _tell(progress: Progress | None, done: int, total: int) -> None:
    step = max(PROGRESS_FROM // 5, total // 5)
    if progress is not None and total >= PROGRESS_FROM and done % step == 0 and done < total:
        progress(f"{done} of {total} chapters laid out")


_RENDER_STATE: dict[str, Any] = {}


def lay_out_part(job: PartJob) -> PartDone:
    """Lay one part out with WeasyPrint (its folios shifted to where it sits in the book),
    read where its pages start, and write its PDF and cache entry."""
    import weasyprint

    from presswork.pdf.fetcher import LockedURLFetcher, RefusedResource, refused
    from presswork.pdf.pagemap import raw_starts
    from presswork.pdf.patches import folio_shift
    from presswork.pdf.whole import print_stylesheets

    counts = _COUNTS
    if counts is not None and counts.failed.value:  # queued before the run was given up
        raise PressworkError("the layout was stopped")
    if job.folio is None and job.known is not None and job.pdf:
        # its page count is cached but not where it starts: perhaps its PDF is too
        assert counts is not None
        folio = first_folio(counts.before(job.slot))
        assert folio is not None
        cached = pdf_path(job, folio)
        if cached.exists():
            return PartDone(job.key, job.known, folio, cached)
        job = dataclasses.replace(job, folio=folio)
    state_key = f"{job.theme}|{job.page_css}"
    if _RENDER_STATE.get("key") != state_key:  # stylesheets and fonts, once per worker
        sheets, fonts = print_stylesheets(job.theme, job.page_css)
        _RENDER_STATE.update(key=state_key, fonts=fonts, sheets=sheets)
    used: list[int] = []

    def shift(pages: int) -> int:
        folio = job.folio
        if job.slot >= 0 and counts is not None:
            counts.report(job.slot, pages)
            if folio is None:
                folio = first_folio(counts.before(job.slot))
        assert folio is not None
        used.append(folio)
        return folio - 1

    html = weasyprint.HTML(
        string=job.html,
        base_url=job.base_url,
        url_fetcher=LockedURLFetcher([job.root, job.theme]),
    )
    try:
        with folio_shift.shifting(shift):
            document = html.render(
                stylesheets=_RENDER_STATE["sheets"], font_config=_RENDER_STATE["fonts"]
            )
    except RefusedResource as exc:
        raise refused(exc, job.root) from None
    anchors: dict[str, int] = {}
    for number, page in enumerate(document.pages):
        for anchor in page.anchors:
            anchors.setdefault(anchor, number)
    layout = PartLayout(raw_starts(document), anchors)
    folio = used[0] if used else (job.folio or 1)
    path: Path | None = None
    if job.pdf and job.cache is not None:
        path = pdf_path(job, folio)
        job.cache.mkdir(parents=True, exist_ok=True)
        temporary = job.cache / f".{job.key}.{os.getpid()}.{time.monotonic_ns()}.tmp"
        document.write_pdf(temporary, pdf_variant=job.variant)
        temporary.replace(path)
    write_cache(job.cache, job.key, layout)
    return PartDone(job.key, layout, folio, path, fresh=True)
