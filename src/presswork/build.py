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
from typing import TYPE_CHECKING, Any

from presswork import epub
from presswork.certify import certify
from presswork.checks import Report
from presswork.errors import PressworkError
from presswork.load import build_date, load_manuscript
from presswork.output import write_atomically
from presswork.parse import parse_book
from presswork.preflight import preflight_pdf
from presswork.theme import gather_theme

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
) -> BuildResult:
    """Build the requested formats of the manuscript into `out_dir`: the EPUB, and every
    print edition (or those named in `editions`) with its cover where it asks for one. With
    `certify_epub`, run EPUBCheck and Ace on the EPUB and claim accessibility conformance
    if they pass."""
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
        layouts: dict[str | None, Any] = {}
        if "pdf" in formats:
            pdf = _pdf_backend()
            for edition in chosen:
                what = f"the {edition.name} edition" if edition.name else "the print edition"
                progress(f"laying out {what}")
                layout = pdf.lay_out(book, theme, edition, progress)
                layouts[edition.name] = layout
                for note in layout.notes:
                    progress(f"{edition.name or 'print'}: {note}")
                _write_pdf(pdf, layout, out_dir / edition.file_name(slug), progress, result)
                if edition.settings.cover:
                    _write_cover(
                        layout,
                        theme,
                        out_dir / edition.file_name(slug, "-cover.pdf"),
                        progress,
                        result,
                    )
        if "epub" in formats:
            target = out_dir / f"{slug}.epub"
            layout = None
            if config.epub.page_list:
                source = config.edition(config.epub.page_edition)
                layout = layouts.get(source.name)
                if layout is None:
                    progress(f"laying out {source.name or 'the print edition'} for the page list")
                    layout = _pdf_backend().lay_out(book, theme, source, progress)
            progress(f"writing {target.name}")
            cache = out_dir / ".cache" / "fonts"
            starts, folios = _epub_pages(layout)
            page_source = (
                f"{config.book_id} (print, {layout.edition.name or 'edition'}, "
                f"{layout.settings.trim})"
                if layout
                else None
            )
            write_atomically(
                target,
                lambda tmp: epub.write_epub(book, theme, tmp, cache, starts, folios, page_source),
            )
            result.outputs.insert(0, target)  # the EPUB first, as `build` lists it
            if certify_epub:
                progress(f"checking {target.name} (EPUBCheck, DAISY Ace)")
                result.reports = certify(target, book.build_date)
    result.seconds = time.perf_counter() - started
    return result


def _epub_pages(layout: Any) -> tuple[Any, Any]:
    """The print page starts (page list) and each index term's folio, from a layout."""
    if layout is None:
        return None, None
    pdf = _pdf_backend()
    return pdf.page_starts(layout), pdf.term_pages(layout)


def _write_pdf(
    pdf: ModuleType, layout: Any, target: Path, progress: Progress, result: BuildResult
) -> None:
    """Write an edition's PDF; one with a print-on-demand preset must pass its preflight
    before it replaces the previous file."""
    settings = layout.settings
    progress(f"writing {target.name}")

    def write(tmp: Path) -> None:
        pdf.write_layout(layout, tmp)
        if settings.preset != "none":
            report = preflight_pdf(tmp, settings, layout.book.config.text_direction)
            progress(f"preflight {target.name} ({report.tool}): {'pass' if report.ok else 'FAIL'}")
            if not report.ok:
                raise PressworkError(
                    f"{target.name} fails the {report.tool} preflight:\n    "
                    + "\n    ".join(report.errors),
                    hint="the previous file (if any) was kept; see the README's preflight rules",
                )

    write_atomically(target, write)
    result.outputs.append(target)
    result.pages[target] = len(layout.document.pages)


def _write_cover(
    layout: Any, theme: Path, target: Path, progress: Progress, result: BuildResult
) -> None:
    """The wraparound cover for an edition, sized from its final page count."""
    from presswork import cover_pdf

    progress(f"writing {target.name}")
    pages = len(layout.document.pages)
    write_atomically(
        target, lambda tmp: cover_pdf.write_cover(layout.book, layout.settings, pages, theme, tmp)
    )
    result.outputs.append(target)
    result.pages[target] = 1


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
