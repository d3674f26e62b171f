"""The build as a short sequence of stages: load -> parse -> theme -> each output format.

The formats are a table: each is one function that takes the build (the parsed book, the
gathered theme, where to write) and adds what it wrote to the result. They run in the
table's order because the EPUB's page list can reuse the layout of a print edition built
in the same run. Each output is written to a temporary file beside its target and renamed
into place only when it is complete, and nothing is ever written inside the manuscript.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from presswork.errors import PressworkError, from_os_error
from presswork.manuscript.config import BookConfig, Edition
from presswork.manuscript.load import build_date, load_manuscript
from presswork.manuscript.markdown_cache import Converted, MarkdownCache
from presswork.manuscript.model import Book, PageList, Source
from presswork.output import Staged, commit, discard, locked, scratch_folder, sweep
from presswork.theme.styles import gather_theme

if TYPE_CHECKING:  # the validators (pikepdf) are imported only by a build that runs them
    from presswork.checks import Report

Progress = Callable[[str], None]


@dataclass
class BuildResult:
    """What a build produced."""

    outputs: list[Path] = field(default_factory=list)
    pages: dict[Path, int] = field(default_factory=dict)
    reports: list[Report] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class Build:
    """One build as the formats see it: its inputs, and what one format hands the next."""

    book: Book
    theme: Path
    out_dir: Path
    progress: Progress
    formats: tuple[str, ...]
    """The formats asked for."""
    editions: list[Edition]
    """The print editions asked for."""
    whole: bool
    """Lay each edition out as one document instead of in parts."""
    certify: bool
    """Run EPUBCheck and Ace on the EPUB and claim conformance if they pass."""
    result: BuildResult
    cover: Callable[[], bytes] | None = None
    """What waits for the EPUB's drawn cover (started before the parse), if it draws one."""
    page_list: PageList | None = None
    """Where the page edition's pages start, once a print format has laid it out."""
    printed: bool = False
    """A print format ran (and checked the book's characters against the fonts)."""
    staged: list[Staged] = field(default_factory=list)
    """The outputs written so far, under temporary names until the build ends well."""


def _print(build: Build) -> None:
    """Every chosen print edition, with its cover where it asks for one."""
    from presswork import pdf

    config = build.book.config
    wanted = None  # the edition whose page starts the EPUB will want, if one is built
    if "epub" in build.formats and config.epub.page_list:
        wanted = config.edition(config.epub.page_edition)
    done = pdf.write_editions(
        build.book, build.theme, build.editions, build.out_dir, build.progress, wanted, build.whole
    )
    for path, pages in done.outputs:
        build.result.outputs.append(path)
        build.result.pages[path] = pages
    build.staged += done.staged
    build.page_list, build.printed = done.page_list, True


def _epub(build: Build) -> None:
    """The EPUB, with a page list that follows the page edition's print layout."""
    from presswork import pdf
    from presswork.epub import write_epub

    config = build.book.config
    pages = build.page_list
    if pages is None and config.epub.page_list:
        # no PDF of that edition is being built: lay it out, in parts, for its pages only
        edition = config.edition(config.epub.page_edition)
        pages = pdf.page_list(
            build.book, build.theme, edition, build.out_dir, build.progress, build.printed
        )
    drawn = build.cover() if build.cover is not None else None
    staged = write_epub(build.book, build.theme, build.out_dir, pages, build.progress, drawn)
    build.staged.append(staged)
    build.result.outputs.insert(0, staged.target)  # the EPUB first, as `build` lists it
    if build.certify:
        build.progress(f"checking {staged.target.name} (EPUBCheck, DAISY Ace)")
        from presswork.epub.certify import certify

        build.result.reports = certify(staged.temporary, build.book.build_date)


def _output_names(config: BookConfig, editions: list[Edition]) -> list[str]:
    """Every file a build of these editions may write into the output folder."""
    slug = config.book_slug
    names = [f"{slug}.epub"]
    for edition in editions:
        names += [edition.file_name(slug), edition.file_name(slug, "-cover.pdf")]
    return names


FORMATS: dict[str, Callable[[Build], None]] = {"pdf": _print, "epub": _epub}
"""Output formats, in the order they are built."""


def _write_formats(run: Build) -> None:
    """Each format asked for, in the table's order; all put in place, or none."""
    try:
        for name, write in FORMATS.items():
            if name in run.formats:
                write(run)
        commit(run.staged)
    except BaseException:
        discard(run.staged)  # what was not put in place yet
        raise


def build(
    manuscript: Path,
    out_dir: Path,
    formats: tuple[str, ...],
    progress: Progress,
    certify_epub: bool = False,
    editions: tuple[str, ...] = (),
    whole: bool = False,
    draft: bool = False,
) -> BuildResult:
    """Build the requested formats of the manuscript into `out_dir`: the EPUB, and every
    print edition (or those named in `editions`) with its cover where it asks for one. With
    `certify_epub`, run EPUBCheck and Ace on the EPUB and claim accessibility conformance
    if they pass. `whole` lays each edition out as one document instead of in parts;
    `draft` stands in for what can be stood in for (parse_book) instead of refusing it."""
    try:
        return _build(manuscript, out_dir, formats, progress, certify_epub, editions, whole, draft)
    except OSError as exc:  # permission, full disk, name too long...: one located line
        raise from_os_error(exc) from None


def _parse_beside_engine(
    config: BookConfig,
    manuscript: Path,
    sources: tuple[Source, ...],
    draft: bool,
    converted: MarkdownCache,
) -> tuple[Book, MarkdownCache]:
    """Parse the manuscript in a process of its own while this one imports the print
    engine (WeasyPrint and its patches, 0.35 s, which every print layout needs in this
    process before it forks its workers): the two side by side instead of one after the
    other. The parse's warnings are logged here, its problems raised here, before an
    engine that cannot load is reported; the conversions it made come back to be kept."""
    from presswork import pdf
    from presswork.workers import forked_call

    with forked_call(_parse_apart, config, manuscript, sources, draft, converted) as parsing:
        try:
            pdf.load_engine()
            engine_error = None
        except PressworkError as exc:  # the manuscript's own problems are told first
            engine_error = exc
        book, kept, warnings = parsing.result()
    _relog(warnings)
    if engine_error is not None:
        raise engine_error
    return book, kept


def _parse_apart(
    config: BookConfig,
    manuscript: Path,
    sources: tuple[Source, ...],
    draft: bool,
    converted: MarkdownCache,
) -> tuple[Book, MarkdownCache, list[tuple[str, int, str]]]:
    """In the parsing process: the Book, the conversions, and the warnings logged."""
    from presswork.pdf.captured_log import captured

    with captured() as warnings:
        book = _parse(config, manuscript, sources, draft, converted)
    return book, converted, warnings


def _parse(
    config: BookConfig,
    manuscript: Path,
    sources: tuple[Source, ...],
    draft: bool,
    converted: MarkdownCache,
) -> Book:
    """The parse, with a long book's last chapters' Markdown converted in a second process
    meanwhile (manuscript/conversion.py: the conversion is most of a parse)."""
    from presswork.manuscript.conversion import Awaiting, split_ahead
    from presswork.manuscript.parse import parse_book
    from presswork.manuscript.references import book_references
    from presswork.workers import forked_call

    date, references = build_date(config), book_references(sources)
    ahead = split_ahead(sources, references, converted)
    if not ahead:
        return parse_book(config, manuscript, sources, date, draft, converted, references)
    chapters = tuple(ahead.values())
    with forked_call(_convert_apart, chapters, references, converted) as other:

        def receive() -> dict[str, Converted]:
            made, warnings = other.result()
            _relog(warnings)
            return made

        awaiting = Awaiting(converted, set(ahead), receive)
        return parse_book(config, manuscript, sources, date, draft, awaiting, references)


def _convert_apart(
    sources: tuple[Source, ...], references: dict[str, tuple[str, str]], cache: MarkdownCache
) -> tuple[dict[str, Converted], list[tuple[str, int, str]]]:
    """In the second process: these chapters' conversions, and what they logged."""
    from presswork.manuscript.conversion import convert_ahead
    from presswork.pdf.captured_log import captured

    with captured() as warnings:
        made = convert_ahead(sources, references, cache)
    return made, warnings


def _relog(warnings: list[tuple[str, int, str]]) -> None:
    """Log here what another process logged."""
    for name, level, message in warnings:
        logging.getLogger(name).log(level, "%s", message)


def _build(
    manuscript: Path,
    out_dir: Path,
    formats: tuple[str, ...],
    progress: Progress,
    certify_epub: bool,
    editions: tuple[str, ...],
    whole: bool,
    draft: bool,
) -> BuildResult:
    started = time.perf_counter()
    manuscript, out_dir = manuscript.resolve(), out_dir.resolve()
    if out_dir.exists() and not out_dir.is_dir():
        raise PressworkError(
            f"the output folder {out_dir} is a file",
            hint="pass -o a folder (it is created if it does not exist)",
        )
    if out_dir.is_relative_to(manuscript):
        raise PressworkError(
            f"output folder {out_dir} is inside the manuscript folder",
            hint="Presswork never writes into the manuscript; choose another -o folder",
        )
    result = BuildResult()
    progress(f"loading {manuscript}")
    config, sources = load_manuscript(manuscript)
    chosen = [config.edition(name) for name in editions] or list(config.print_editions)
    with ExitStack() as stack:
        engine = "pdf" in formats or ("epub" in formats and config.epub.page_list)
        draw = "epub" in formats and not config.epub.cover  # the print cover's front

        def drawing() -> Callable[[], bytes]:
            from presswork import pdf

            kept = out_dir / ".cache" / "cover"
            return stack.enter_context(pdf.drawing_cover_front(config, manuscript, kept))

        cover = drawing() if draw and not engine else None  # beside the parse
        progress(f"parsing {len(sources)} chapters")
        converted = MarkdownCache(out_dir / ".cache" / "markdown")
        if engine:
            book, converted = _parse_beside_engine(config, manuscript, sources, draft, converted)
            # forked once the engine is loaded, the drawing process only draws (two
            # processes importing WeasyPrint beside the parse would share two cores)
            cover = drawing() if draw else None
        else:
            book = _parse(config, manuscript, sources, draft, converted)
        with locked(out_dir, progress), scratch_folder(out_dir) as scratch:
            converted.save()
            sweep(out_dir, _output_names(config, chosen))
            theme = gather_theme(manuscript, scratch / "theme")
            run = Build(
                book, theme, out_dir, progress, formats, chosen, whole, certify_epub, result, cover
            )
            _write_formats(run)
    result.seconds = time.perf_counter() - started
    return result
