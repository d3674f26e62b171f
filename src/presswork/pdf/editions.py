"""The print editions of a build, laid out side by side in worker processes.

Editions share nothing but the parsed book, so each is one job: lay out, write the PDF
(preflighted when it has a preset) and its cover, and, for the edition the EPUB's page list
follows, report where each page starts. A job returns only plain data; warnings it logs are
handed back and logged again in the parent, so `--strict` and the end-of-build summary see
them. One job, or one core, runs in-process.
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from presswork.errors import PressworkError, Problems
from presswork.manuscript.config import Edition, PrintSettings
from presswork.manuscript.lengths import parse_length, parse_trim
from presswork.manuscript.model import Book, PageStart
from presswork.manuscript.presets import PRESETS
from presswork.output import Staged, discard, stage
from presswork.pdf.captured_log import captured
from presswork.pdf.cover import geometry, write_cover
from presswork.pdf.layout import Layout
from presswork.pdf.parts import lay_out_parts
from presswork.pdf.pdfx_preflight import pdfx_preflight
from presswork.pdf.preflight import preflight_pdf
from presswork.pdf.resolution import warn_low_resolution
from presswork.pdf.whole import lay_out_whole
from presswork.pdf.worker import STATE
from presswork.workers import fork_pool

Progress = Callable[[str], None]
LoggedWarning = tuple[str, int, str]
"""A logged warning as plain data: logger name, level, message."""


LOG = logging.getLogger("presswork")


@dataclass(frozen=True)
class EditionJob:
    """What to do with one edition: write its PDF (and cover) and/or report its page
    starts for the EPUB."""

    book: Book
    theme: Path
    edition: Edition
    out_dir: Path
    write: bool = True
    """Write the edition's PDF and cover (else it is laid out for its page starts only)."""
    page_starts: bool = False
    """Report where each page starts, for the EPUB's page list."""
    cache: Path | None = None
    """Where the edition's parts are cached (see parts.py)."""
    whole: bool = False
    """Lay the edition out as one document in one process instead of in parts."""
    workers: int = 1
    """Processes for the edition's parts."""


@dataclass
class EditionOutcome:
    """What a job did, as plain data."""

    edition: Edition
    outputs: list[tuple[Path, int]] = field(default_factory=list)
    staged: list[Staged] = field(default_factory=list)
    """The outputs, written under temporary names for the build to put in place."""
    notes: list[str] = field(default_factory=list)
    trim: str = ""
    starts: list[PageStart] | None = None
    folios: dict[str, str] | None = None
    warnings: list[LoggedWarning] = field(default_factory=list)
    error: PressworkError | None = None
    """Why the edition failed (its staged files are already removed)."""


def run_jobs(jobs: list[EditionJob], progress: Progress) -> list[EditionOutcome]:
    """Run the jobs: side by side when there are at least as many editions as cores (each
    laying its parts out in its own process), else one after the other, each edition
    laying its parts out on every core."""
    cores = len(os.sched_getaffinity(0))
    workers = min(len(jobs), cores)
    if len(jobs) < cores or workers < 2:
        _set_progress(progress)
        outcomes = [run_job(dataclasses.replace(job, workers=cores)) for job in jobs]
    else:
        with fork_pool(workers, _set_progress, (progress,)) as pool:  # the book is shared
            outcomes = list(pool.map(run_job, jobs))
    logged = set()  # editions share their sources: say each thing once
    for outcome in outcomes:
        for warning in outcome.warnings:
            if warning not in logged:
                logged.add(warning)
                name, level, message = warning
                logging.getLogger(name).log(level, "%s", message)
    failed = [outcome.error for outcome in outcomes if outcome.error is not None]
    if failed:  # every edition's problem in one run; none of their files is kept
        discard([item for outcome in outcomes for item in outcome.staged])
        raise Problems.of(failed)
    return outcomes


def _set_progress(progress: Progress) -> None:
    STATE.progress = progress


def run_job(job: EditionJob) -> EditionOutcome:
    """Lay out one edition and write what it asks for, its warnings handed back as data
    (a forked worker's log would go nowhere)."""
    with captured() as warnings:
        try:
            outcome = _run(job)
        except PressworkError as exc:
            outcome = EditionOutcome(job.edition, error=exc)
    outcome.warnings = warnings
    return outcome


def _run(job: EditionJob) -> EditionOutcome:
    edition, progress = job.edition, STATE.progress
    what = f"the {edition.name} edition" if edition.name else "the print edition"
    progress(f"laying out {what}" + ("" if job.write else " for the page list"))
    warn_low_resolution(job.book, edition.settings)  # whichever layout, once per edition
    name = edition.name or "print"

    def told(message: str) -> None:  # editions run side by side: say whose line it is
        progress(f"{name}: {message}")

    layout: Layout
    if job.whole:
        layout = lay_out_whole(job.book, job.theme, edition, told, job.cache)
    else:
        layout = lay_out_parts(
            job.book, job.theme, edition, job.cache, told, job.write, job.workers
        )
    outcome = EditionOutcome(edition, notes=list(layout.notes), trim=layout.settings.trim)
    if edition.settings.paginate:
        _report_pagination(layout, job, outcome)
    if job.page_starts:
        outcome.starts, outcome.folios = layout.page_starts(), layout.term_pages()
    if job.write:
        try:
            _write_outputs(layout, job, outcome, progress)
        except BaseException:
            discard(outcome.staged)  # the edition failed: none of its files stays
            raise
    return outcome


def _write_outputs(
    layout: Layout, job: EditionJob, outcome: EditionOutcome, progress: Progress
) -> None:
    """The edition's PDF and cover, staged, each passing its preflights."""
    slug = job.book.config.book_slug
    target = job.out_dir / job.edition.file_name(slug)
    outcome.staged.append(_write_pdf(layout, target, progress))
    outcome.outputs.append((target, layout.page_count))
    if not job.edition.settings.cover:
        return
    cover = job.out_dir / job.edition.file_name(slug, "-cover.pdf")
    progress(f"writing {cover.name}")
    pages = layout.page_count

    def write(tmp: Path) -> None:
        write_cover(layout.book, layout.settings, pages, job.theme, tmp)
        sheet = geometry(layout.settings, pages)
        trim = (sheet.width, sheet.trim_height)
        press_check(tmp, cover.name, layout.settings, (trim, sheet.bleed), progress)

    outcome.staged.append(stage(cover, write))
    outcome.outputs.append((cover, 1))


def _report_pagination(layout: Layout, job: EditionJob, outcome: EditionOutcome) -> None:
    """The pass's summary as a note, each page-end hyphen or stub page left as a warning,
    and the report kept beside the edition's parts for `presswork check`."""
    report = layout.pagination
    outcome.notes.append(report.summary())
    for line in report.warnings():
        LOG.warning("%s: %s", job.edition.file_name(job.book.config.book_slug), line)
    if job.write and job.cache is not None:
        report.write(job.cache)


def _write_pdf(layout: Layout, target: Path, progress: Progress) -> Staged:
    """Write an edition's PDF under a temporary name; one with a print-on-demand preset
    must pass its preflight before it may replace the previous file."""
    settings = layout.settings
    progress(f"writing {target.name}")

    def write(tmp: Path) -> None:
        layout.write(tmp)
        press_check(tmp, target.name, settings, None, progress)
        if settings.preset in PRESETS:
            report = preflight_pdf(tmp, settings, layout.book.config.text_direction)
            verdict = "pass" if report.ok else "FAIL"
            progress(f"preflight {target.name} ({report.tool}): {verdict}")
            if not report.ok:
                raise PressworkError(
                    f"{target.name} fails the {report.tool}:\n    " + "\n    ".join(report.errors),
                    hint="the previous file (if any) was kept; see the README's preflight rules",
                )

    return stage(target, write)


def press_check(
    path: Path,
    name: str,
    settings: PrintSettings,
    sheet: tuple[tuple[float, float], float] | None,
    progress: Progress,
) -> None:
    """A PDF/X edition's file must pass the PDF/X preflight (`sheet`: a cover's trim and
    bleed, else the edition's); its warnings are logged."""
    if settings.pdfx == "none":
        return
    trim, bleed = sheet or (parse_trim(settings.trim), parse_length(settings.bleed))
    report = pdfx_preflight(path, settings.pdfx, trim, bleed)
    progress(f"preflight {name} ({report.tool}): {'FAIL' if report.errors else 'pass'}")
    for warning in report.warnings:
        LOG.warning("%s: %s", name, warning)
    if report.errors:
        raise PressworkError(
            f"{name} fails the {report.tool}:\n    " + "\n    ".join(report.errors),
            hint="the previous file (if any) was kept; see the README's PDF/X rules",
        )
