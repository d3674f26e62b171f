"""The print back end: the parsed Book -> print-ready PDFs laid out by WeasyPrint.

Its one entry is this module: `write_editions` lays out and writes the print editions a
build asks for (with their covers, preflighted where they have a preset), and
`page_list` gives the EPUB where each printed page of an edition starts, from a layout
already made or from one made for it; `drawing_cover_front` draws the EPUB's cover beside
the parse. WeasyPrint is imported only inside this package, and only once one of these is
called (an EPUB-only build imports it only in the process drawing its cover). The patches
to WeasyPrint's internals (patches/) are installed here, before any layout.

Inside: html.py writes the print HTML; layout.py declares what a laid-out edition offers
and the policy both layouts settle by; whole.py lays an edition out as one document,
parts.py (with part_plan, pool, worker, part_cache) chapter by chapter in parallel, and
join.py (with join_fonts) joins the parts; editions.py runs the editions side by side.
"""

from __future__ import annotations

import functools
import logging
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from presswork.errors import PressworkError
from presswork.manuscript.config import BookConfig, Edition
from presswork.manuscript.model import Book, PageList, PageStart
from presswork.output import Staged
from presswork.workers import ForkedCall, forked_call, uncollected

if TYPE_CHECKING:
    from presswork.pdf.cover_cache import KeptCover

Progress = Callable[[str], None]


@dataclass
class PrintResult:
    """What writing the editions produced."""

    outputs: list[tuple[Path, int]] = field(default_factory=list)
    """Each file written, with its page count."""
    staged: list[Staged] = field(default_factory=list)
    """The files, under temporary names until the build puts them in place."""
    page_list: PageList | None = None
    """The page edition's page starts, when it was among the editions written."""


def write_editions(
    book: Book,
    theme: Path,
    editions: list[Edition],
    out_dir: Path,
    progress: Progress,
    page_edition: Edition | None = None,
    whole: bool = False,
) -> PrintResult:
    """Lay out and write each edition into `out_dir` (in parts, or as one document with
    `whole`); the one that is `page_edition` also reports its page starts."""
    with _engine():
        from presswork.pdf.cmyk_theme import cmyk_theme
        from presswork.pdf.editions import EditionJob, run_jobs
        from presswork.pdf.glyphs import check_fonts

        check_fonts(book, theme)  # before any work starts, once for every edition
        cmyk = any(edition.settings.color == "cmyk" for edition in editions)
        press = cmyk_theme(theme) if cmyk else theme
        jobs = [
            EditionJob(
                book,
                press if edition.settings.color == "cmyk" else theme,
                edition,
                out_dir,
                page_starts=edition == page_edition,
                cache=parts_cache(out_dir, edition),
                whole=whole,
            )
            for edition in editions
        ]
        result = PrintResult()
        for outcome in run_jobs(jobs, progress):
            for note in outcome.notes:
                progress(f"{outcome.edition.name or 'print'}: {note}")
            result.outputs += outcome.outputs
            result.staged += outcome.staged
            if outcome.starts is not None:
                result.page_list = _page_list(
                    book, outcome.edition, outcome.trim, outcome.starts, outcome.folios
                )
        return result


def page_list(
    book: Book,
    theme: Path,
    edition: Edition,
    out_dir: Path,
    progress: Progress,
    fonts_checked: bool = False,
) -> PageList:
    """The page starts of `edition` and the folio of each index term, as its print layout
    gives them, without writing a PDF: laid out in parts (in parallel, cached). The
    book's characters are checked against the fonts first, unless `fonts_checked`."""
    with _engine():
        from presswork.pdf.glyphs import check_fonts
        from presswork.pdf.parts import lay_out_parts

        if not fonts_checked:
            check_fonts(book, theme)
        cache = parts_cache(out_dir, edition)
        layout = lay_out_parts(book, theme, edition, cache, progress, write=False)
        terms = {term.id for chapter in book.chapters for term in chapter.index_terms}
        folios = {anchor: f for anchor, f in layout.term_pages().items() if anchor in terms}
        return _page_list(book, edition, edition.settings.trim, layout.page_starts(), folios)


@contextmanager
def drawing_cover_front(
    config: BookConfig, manuscript: Path, cache: Path | None = None
) -> Iterator[Callable[[], bytes]]:
    """The print cover's front alone, as a JPEG for the EPUB of a book that brings no cover
    image (one design for both: templates/partials/cover-front.html.j2), drawn in a process
    of its own while this one parses the manuscript: it needs only the book's metadata and
    the theme, and WeasyPrint's import and the drawing are most of an EPUB build's fixed
    cost. The block gets what waits for the image; its warnings are logged here. With a
    `cache` folder, an image drawn before from the same inputs is used instead
    (cover_cache.py), and a new one kept when it is asked for (under the output's lock)."""
    from presswork.pdf.cover_cache import kept_cover

    kept = kept_cover(cache, config, manuscript) if cache is not None else None
    jpeg = kept.get() if kept is not None else None
    if jpeg is not None:
        yield lambda: jpeg
        return
    with (
        tempfile.TemporaryDirectory(prefix="presswork-cover-") as folder,
        forked_call(_draw_front, config, manuscript, Path(folder)) as call,
    ):
        yield functools.partial(_drawn, call, kept)


Drawing = ForkedCall[tuple[bytes, list[tuple[str, int, str]]]]


def _drawn(call: Drawing, kept: KeptCover | None) -> bytes:
    """The drawing process's image, its warnings logged here (and the image kept)."""
    jpeg, warnings = call.result()
    for name, level, message in warnings:
        logging.getLogger(name).log(level, "%s (drawing the EPUB's cover)", message)
    if kept is not None and not warnings:  # one drawn with warnings is drawn (and told) again
        kept.save(jpeg)
    return jpeg


def _draw_front(
    config: BookConfig, manuscript: Path, folder: Path
) -> tuple[bytes, list[tuple[str, int, str]]]:
    """In the drawing process: the theme gathered into `folder` (the build gathers its own
    later, and reports its faults), WeasyPrint's temporary files there too."""
    from presswork.theme.styles import gather_theme

    tempfile.tempdir = str(folder)  # this process's own, removed by the parent
    theme = gather_theme(manuscript, folder / "theme")
    with _engine():
        from presswork.pdf.captured_log import captured
        from presswork.pdf.cover_front import front_image

        with captured() as warnings:
            jpeg = front_image(config, theme, manuscript)
        return jpeg, warnings


def parts_cache(out_dir: Path, edition: Edition) -> Path:
    """Where an edition's laid-out parts are cached: one folder per edition, since each
    build forgets the parts it did not use."""
    return out_dir / ".cache" / "pages" / (edition.name or "print")


def _page_list(
    book: Book,
    edition: Edition,
    trim: str,
    starts: list[PageStart],
    folios: dict[str, str] | None,
) -> PageList:
    """The EPUB's page list from an edition's page starts (its editions.py job's, or a
    layout made for them alone: page_list, which imports none of the PDF's writing)."""
    if edition.settings.isbn:
        source = f"urn:isbn:{edition.settings.isbn}"
    else:  # no identifier of its own: say which print edition (not the EPUB's identifier)
        name = edition.settings.label or edition.name or "print"
        source = f"{book.config.title}, {name} edition, {trim} (print)"
    return PageList(starts, folios or {}, source)


def load_engine() -> None:
    """Import and patch WeasyPrint now (a build does it while the manuscript is parsed in
    a process of its own: build.py), so that the layout does not wait for it."""
    with _engine():
        pass


@contextmanager
def _engine() -> Iterator[None]:
    """WeasyPrint imported and patched, a missing system library turned into a one-line
    install instruction."""
    _patches().install()
    yield


@functools.cache
def _patches() -> ModuleType:
    """The patches' module, and WeasyPrint with it, imported the first time only
    (uncollected: workers.py)."""
    from presswork.pdf.library_lookup import quick_lookup

    try:  # quick_lookup: its seven system libraries, found from one ldconfig listing
        with quick_lookup(), uncollected():
            from presswork.pdf import patches
    except OSError as exc:
        raise PressworkError(
            f"WeasyPrint cannot load a system library ({exc})",
            hint="apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0",
        ) from None
    return patches
