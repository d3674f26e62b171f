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

from presswork import epub
from presswork.certify import certify
from presswork.checks import Report
from presswork.errors import PressworkError
from presswork.load import build_date, load_manuscript
from presswork.output import write_atomically
from presswork.parse import parse_book
from presswork.theme import gather_theme

if TYPE_CHECKING:
    from types import ModuleType

FORMATS = ("epub", "pdf")
Progress = Callable[[str], None]


@dataclass
class BuildResult:
    """What a build produced."""

    outputs: list[Path] = field(default_factory=list)
    pages: int | None = None
    reports: list[Report] = field(default_factory=list)
    seconds: float = 0.0


def build(
    manuscript: Path,
    out_dir: Path,
    formats: tuple[str, ...],
    progress: Progress,
    certify_epub: bool = False,
) -> BuildResult:
    """Build the requested formats of the manuscript into `out_dir`; with `certify_epub`, run
    EPUBCheck and Ace on the EPUB and claim accessibility conformance if they pass."""
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
    progress(f"parsing {len(sources)} chapters")
    book = parse_book(config, manuscript, sources, build_date(config))
    slug = config.book_slug
    with tempfile.TemporaryDirectory(prefix="presswork-") as scratch:
        theme = gather_theme(manuscript, Path(scratch) / "theme")
        page_list = "epub" in formats and config.epub.page_list
        document = None
        if "pdf" in formats or page_list:
            pdf = _pdf_backend()
            progress("laying out the print edition")
            document = pdf.render_document(book, theme)
        if "epub" in formats:
            target = out_dir / f"{slug}.epub"
            progress(f"writing {target.name}")
            cache = out_dir / ".cache" / "fonts"
            starts = pdf.page_starts(book, document) if page_list and document else None
            write_atomically(target, lambda tmp: epub.write_epub(book, theme, tmp, cache, starts))
            result.outputs.append(target)
            if certify_epub:
                progress(f"checking {target.name} (EPUBCheck, DAISY Ace)")
                result.reports = certify(target, book.build_date)
        if "pdf" in formats and document is not None:
            target = out_dir / f"{slug}.pdf"
            progress(f"writing {target.name}")
            write_atomically(target, lambda tmp: pdf.write_document(document, tmp))
            result.outputs.append(target)
            result.pages = len(document.pages)
    result.seconds = time.perf_counter() - started
    return result


def _pdf_backend() -> ModuleType:
    """Import WeasyPrint only for PDF builds (it costs most of a second), and turn a missing
    system library into a one-line install instruction."""
    try:
        from presswork import pdf
    except OSError as exc:
        raise PressworkError(
            f"WeasyPrint cannot load a system library ({exc})",
            hint="apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0",
        ) from None
    return pdf
