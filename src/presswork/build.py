"""The build as a short sequence of stages: load -> parse -> theme -> EPUB and/or PDF.

Each output is written to a temporary file beside its target and renamed into place only
when it is complete, and nothing is ever written inside the manuscript folder.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from presswork.checks import Report
from presswork.errors import PressworkError
from presswork.manuscript.config import Edition
from presswork.manuscript.load import build_date, load_manuscript
from presswork.manuscript.parse import parse_book
from presswork.output import write_atomically
from presswork.pdf.editions import EditionJob, EditionOutcome, run_jobs
from presswork.theme.styles import gather_theme

if TYPE_CHECKING:
    from types import ModuleType

FORMATS = ("epub", "pdf")
Progress = Callable[[str], None]


@dataclass
class BuildResult:
    """What a build produced."""

    outputs: list[Path] = field(default_factory=list)
    pages: dict[Path, int] = field(default_factory=dict)
    reports: list[Report] = field(default_factory=list)
    seconds: float = 0.0


def build(
    manuscript: Path,
    out_dir: Path,
    formats: tuple[str, ...],
    progress: Progress,
    certify_epub: bool = False,
    editions: tuple[str, ...] = (),
    whole: bool = False,
) -> BuildResult:
    """Build the requested formats of the manuscript into `out_dir`: the EPUB, and every
    print edition (or those named in `editions`) with its cover where it asks for one. With
    `certify_epub`, run EPUBCheck and Ace on the EPUB and claim accessibility conformance
    if they pass. `whole` lays each edition out as one document instead of in parts."""
    started = time.perf_counter()
    manuscript = manuscript.resolve()
    out_dir = out_dir.resolve()
    if out_dir.is_relative_to(manuscript):
        raise PressworkError(
            f"output folder {out_dir} is inside the manuscript folder",
            hint="Presswork never writes into the manuscript; choose another -o folder",
        )
    result = BuildResult()
    progress(f"loading {manuscript}")
    config, sources = load_manuscript(manuscript)
    chosen = [config.edition(name) for name in editions] or list(config.print_editions)
    progress(f"parsing {len(sources)} chapters")
    book = parse_book(config, manuscript, sources, build_date(config))
    slug = config.book_slug
    with tempfile.TemporaryDirectory(prefix="presswork-") as scratch:
        theme = gather_theme(manuscript, Path(scratch) / "theme")
        page_edition = None
        if "epub" in formats and config.epub.page_list:
            page_edition = config.edition(config.epub.page_edition)
        jobs = [
            EditionJob(
                book,
                theme,
                edition,
                out_dir,
                True,
                edition == page_edition,
                _parts(out_dir, edition),
                whole,
            )
            for edition in (chosen if "pdf" in formats else [])
        ]
        by_parts = page_edition is not None and not any(job.page_starts for job in jobs)
        if jobs or by_parts:
            # a missing system library or font is reported before any work starts
            _pdf_backend().check_fonts(book, theme)
        outcomes = run_jobs(jobs, progress)
        source = None
        if by_parts and page_edition is not None:
            # No PDF of that edition is being built: lay it out chapter by chapter, in
            # parallel and cached, for its page starts only.
            from presswork.pdf.page_list import page_list

            found, terms = page_list(
                book, theme, page_edition, _parts(out_dir, page_edition), progress
            )
            trim = page_edition.settings.trim
            source = EditionOutcome(page_edition, trim=trim, starts=found, folios=terms)
        for outcome in outcomes:
            for note in outcome.notes:
                progress(f"{outcome.edition.name or 'print'}: {note}")
            for path, pages in outcome.outputs:
                result.outputs.append(path)
                result.pages[path] = pages
            if outcome.starts is not None:
                source = outcome
        if "epub" in formats:
            target = out_dir / f"{slug}.epub"
            progress(f"writing {target.name}")
            cache = out_dir / ".cache" / "fonts"
            starts = source.starts if source else None
            folios = source.folios if source else None
            page_source = (
                f"{config.book_id} (print, {source.edition.name or 'edition'}, {source.trim})"
                if source
                else None
            )
            from presswork.epub import (
                package as epub,  # ebooklib and fontTools only for EPUB builds
            )

            write_atomically(
                target,
                lambda tmp: epub.write_epub(book, theme, tmp, cache, starts, folios, page_source),
            )
            result.outputs.insert(0, target)  # the EPUB first, as `build` lists it
            if certify_epub:
                progress(f"checking {target.name} (EPUBCheck, DAISY Ace)")
                from presswork.epub.certify import certify

                result.reports = certify(target, book.build_date)
    result.seconds = time.perf_counter() - started
    return result


def _parts(out_dir: Path, edition: Edition) -> Path:
    """Where an edition's laid-out parts are cached: one folder per edition, since each
    build forgets the parts it did not use."""
    return out_dir / ".cache" / "pages" / (edition.name or "print")


def _pdf_backend() -> ModuleType:
    """Import WeasyPrint only for PDF builds (it costs most of a second), and turn a missing
    system library into a one-line install instruction."""
    try:
        from presswork.pdf import whole as pdf
    except OSError as exc:
        raise PressworkError(
            f"WeasyPrint cannot load a system library ({exc})",
            hint="apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0",
        ) from None
    return pdf
