"""One part of an edition laid out (in a worker process, or this one), and what workers share.

A part is plain data (PartJob) so that it crosses to a forked worker cheaply; the result
(PartDone) is its page starts and anchors, the folio it starts on and its PDF in the
cache. Chapters' page counts live in shared memory (Counts): a chapter reports its count
as soon as it is paginated and waits there for the chapters before it, whose counts give
its first folio (patches/folio_shift.py prints them). A worker keeps its state in one
small typed object: the pool's page counts (inherited through the fork) and the parsed
stylesheets and fonts, kept from one part to the next. See parts.py for the whole.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import weasyprint
from weasyprint.document import Document
from weasyprint.formatting_structure.boxes import PageBox

from presswork.errors import PressworkError
from presswork.pdf import pagemap
from presswork.pdf.box_tweaks import PassReviser
from presswork.pdf.captured_log import captured
from presswork.pdf.document_id import stable_document_id
from presswork.pdf.fetcher import LockedURLFetcher, RefusedResource, refused
from presswork.pdf.layout import anchor_pages
from presswork.pdf.part_cache import PartLayout, pdf_path, write_cache
from presswork.pdf.patches import folio_shift, line_fitting, revision
from presswork.pdf.repaginate import DISPLAY_FAULTS, Pass
from presswork.pdf.stylesheets import PrintSheets, print_stylesheets


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
    cleaned: tuple[tuple[Path, bytes], ...] = ()
    """Cleaned images the part shows (SVGs, see manuscript/svg.py), served instead of the
    files."""
    paginate: bool = False
    """Run the pagination pass on it (chapters of an edition that asks for it)."""
    display_only: bool = False
    """The pass judges only its display lines (the front matter: the title page)."""
    fit_lines: bool = False
    """Paragraphs that would end in a runt are tracked to avoid it as they are laid out
    (every part of an edition with the pass, as in `--layout whole`)."""
    run_on: bool = False
    """A chapter that opens on the page after the chapter before (chapter_start = "any"),
    recto or verso: its side, hence its first folio, must be known before its layout."""


@dataclass(frozen=True)
class PartDone:
    """A part laid out: its pages, its first folio and its PDF (when one was wanted)."""

    key: str
    layout: PartLayout
    folio: int
    pdf: Path | None
    fresh: bool = False
    """Laid out by this build (not read from the cache)."""


def first_folio(counts: Sequence[int | None], run_on: bool = False) -> int | None:
    """The folio a chapter starts on after chapters of these page counts: each chapter
    opens on a recto (an odd folio), or with `run_on` (chapter_start = "any") on the page
    after the one before; None while one of them is not known yet."""
    folio = 1
    for count in counts:
        if count is None:
            return None
        folio += count
        folio += 0 if run_on else 1 - folio % 2
    return folio


def recto(folio: int) -> int:
    """The first recto from this folio on (where the back matter opens)."""
    return folio + 1 - folio % 2


@dataclass
class _Flag:
    """A plain stand-in for a shared `Value` when everything runs in one process."""

    value: int = 0


class Counts:
    """The chapters' page counts, shared by the worker processes: a chapter reports its
    own and waits for those before it. -1 is unknown; `failed` stops every waiter when a
    part has failed (it would never report)."""

    def __init__(self, size: int, shared: bool) -> None:
        if shared:
            context = multiprocessing.get_context("fork")
            self.values: list[int] = context.Array("i", max(size, 1), lock=False)
            self.failed: _Flag = context.Value("b", 0, lock=False)
            self.changed: multiprocessing.synchronize.Condition | None = context.Condition()
        else:
            self.values = [-1] * max(size, 1)
            self.failed = _Flag()
            self.changed = None

    def reset(self, counts: list[int | None]) -> None:
        """Start a run with the counts known from the cache."""
        for slot, count in enumerate(counts):
            self.set(slot, count)
        self.failed.value = 0

    def set(self, slot: int, count: int | None) -> None:
        """A chapter's count as the cache knows it (None: not yet), set before any part
        that may wait for it is submitted."""
        self.values[slot] = -1 if count is None else count

    def report(self, slot: int, count: int) -> None:
        """A chapter's page count, as soon as it is paginated."""
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
        """Make every chapter waiting for a count give up."""
        self.failed.value = 1
        if self.changed is not None:
            with self.changed:
                self.changed.notify_all()


def _quiet(message: str) -> None:
    """Progress nowhere, until a build says where."""


@dataclass
class WorkerState:
    """What a process laying editions or parts out keeps: where progress goes, the running
    pool's page counts (set before the workers fork, so they inherit them) and the last
    stylesheets it parsed."""

    progress: Callable[[str], None] = _quiet
    counts: Counts | None = None
    sheets_key: str = ""
    sheets: PrintSheets | None = field(default=None, repr=False)
    sheet_warnings: list[tuple[str, int, str]] = field(default_factory=list)
    """What parsing the sheets ahead of the first part logged (prepare_sheets): that part
    hands it back as its own, as it would have had it parsed them itself."""


STATE = WorkerState()


def lay_out_part(job: PartJob) -> PartDone:
    """Lay one part out with WeasyPrint (its folios shifted to where it sits in the book),
    read where its pages start, and write its PDF and cache entry."""
    counts = STATE.counts
    if counts is not None and counts.failed.value:  # queued before the run was given up
        raise PressworkError("the layout was stopped")
    if job.folio is None and job.known is not None and job.pdf:
        # its page count is cached but not where it starts: perhaps its PDF is too
        assert counts is not None
        folio = first_folio(counts.before(job.slot), job.run_on)
        assert folio is not None
        cached = pdf_path(job.cache, job.key, folio)
        if cached.exists():
            return PartDone(job.key, job.known, folio, cached)
        job = dataclasses.replace(job, folio=folio)
    if job.run_on and job.folio is None:  # its side depends on the chapters before it
        assert counts is not None
        job = dataclasses.replace(job, folio=first_folio(counts.before(job.slot), True))
    used: list[int] = []
    with captured() as warnings:
        document, judged = _render(job, counts, used)
    warnings[:0], STATE.sheet_warnings = STATE.sheet_warnings, []
    layout = PartLayout(
        pagemap.raw_starts(document), _anchors(document), warnings, *judged.record()
    )
    folio = used[0] if used else (job.folio or 1)
    path: Path | None = None
    if job.pdf and job.cache is not None:
        path = pdf_path(job.cache, job.key, folio)
        job.cache.mkdir(parents=True, exist_ok=True)
        temporary = job.cache / f".{job.key}.{os.getpid()}.{time.monotonic_ns()}.tmp"
        try:
            document.write_pdf(temporary, pdf_variant=job.variant, finisher=stable_document_id)
            tidy_resources(temporary)
            temporary.replace(path)
        finally:  # a full disk or an interrupt leaves no partial part
            temporary.unlink(missing_ok=True)
    write_cache(job.cache, job.key, layout)
    return PartDone(job.key, layout, folio, path, fresh=True)


def load_pdf_writer() -> None:
    """Import pikepdf (tidy_resources) before forking workers that will write PDFs: once
    here, where the join needs it too, rather than in every worker; a layout for an EPUB's
    page list writes none and goes without it."""
    import pikepdf  # noqa: F401


def tidy_resources(path: Path) -> None:
    """Drop the resources a page lists but does not draw (WeasyPrint lists a part's fonts,
    images and states on pages that do not use them; a checker counting a page's images
    would count them): here, in the worker and once per cached part, rather than over the
    whole book at every join."""
    import pikepdf  # imported before the fork: load_pdf_writer

    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.remove_unreferenced_resources()
        pdf.save(
            path,
            deterministic_id=True,
            stream_decode_level=pikepdf.StreamDecodeLevel.none,
            recompress_flate=False,
        )


def _render(job: PartJob, counts: Counts | None, used: list[int]) -> tuple[Document, Pass]:
    """The part's WeasyPrint document, judged by the pagination pass right after each
    pagination (and re-made from the first page it changes, as it asks), its folios
    shifted once its page count is known (and, for a chapter, once the chapters before it
    are counted); the folio used goes into `used`."""
    sheets = _sheets(job.theme, job.page_css)
    kinds = DISPLAY_FAULTS if job.display_only else None
    judge = Pass.resumed(job.known) if job.known is not None else Pass(job.paginate, kinds=kinds)

    def shift(pages: list[PageBox]) -> int:
        folio = job.folio
        if job.slot >= 0 and counts is not None:
            counts.report(job.slot, len(pages))
            if folio is None:
                folio = first_folio(counts.before(job.slot), job.run_on)
        assert folio is not None
        used.append(folio)
        return folio - 1

    html = weasyprint.HTML(
        string=job.html,
        base_url=job.base_url,
        url_fetcher=LockedURLFetcher([job.root, job.theme], dict(job.cleaned)),
    )
    if job.run_on and job.folio is not None and job.folio % 2 == 0:
        html.etree_element.set("style", "break-before: verso")  # its first page is a verso
    try:
        reviser = PassReviser(judge, job.fit_lines)
        with (
            folio_shift.shifting(shift),
            revision.revising(reviser),
            line_fitting.fitting(reviser),
        ):
            return sheets.render(html), judge
    except RefusedResource as exc:
        raise refused(exc, job.root) from None


def prepare_sheets(theme: Path, css: str) -> None:
    """Parse an edition's stylesheets as a worker starts (0.1 s), while the main process
    is still writing the chapters' HTML, rather than at the worker's first part. A
    failure is left for that part to meet, and report where it happened."""
    with captured() as warnings:
        try:
            _sheets(theme, css)
        except Exception:  # the first part parses them again and says why
            STATE.sheets, STATE.sheets_key = None, ""
            return
    STATE.sheet_warnings = warnings


def _sheets(theme: Path, css: str) -> PrintSheets:
    """The theme's stylesheets with this page CSS, parsed once per worker and edition."""
    key = f"{theme}|{css}"
    if STATE.sheets is None or STATE.sheets_key != key:
        STATE.sheet_warnings = []  # they were another edition's
        STATE.sheets, STATE.sheets_key = print_stylesheets(theme, css), key
    return STATE.sheets


def _anchors(document: Document) -> dict[str, int]:
    return anchor_pages(page.anchors for page in document.pages)
