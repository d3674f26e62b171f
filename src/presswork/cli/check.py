"""`presswork check`: a manuscript read and checked without building, or built books run
through the validators (EPUBCheck and Ace, the PDF checks, the preflight)."""

from __future__ import annotations

import argparse
import dataclasses
import functools
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import cast

import pikepdf

from presswork.checks import Report, check_ace, check_epub, check_pdf
from presswork.cli.messages import print_problems
from presswork.errors import PressworkError
from presswork.manuscript.book_toml import load_config
from presswork.manuscript.config import BookConfig, Edition, PrintSettings
from presswork.manuscript.lengths import parse_length, parse_trim
from presswork.manuscript.load import build_date, load_manuscript
from presswork.manuscript.parse import parse_book
from presswork.manuscript.presets import PRESETS
from presswork.pdf.glyphs import check_fonts
from presswork.pdf.pdfx_preflight import Variant, pdfx_preflight
from presswork.pdf.preflight import preflight_pdf
from presswork.theme.styles import gather_theme

EXIT_OK, EXIT_ERROR = 0, 1


def check_manuscript(root: Path, warnings: list[str]) -> int:
    """Everything a build reads, read and checked, nothing written: the manuscript's
    problems all listed in one run."""
    with tempfile.TemporaryDirectory(prefix="presswork-check-") as scratch:
        config, sources = load_manuscript(root)
        book = parse_book(config, root, sources, build_date(config))
        check_fonts(book, gather_theme(root, Path(scratch) / "theme"))
    print(f"{root}: {len(book.chapters)} chapters read, no errors")
    if warnings:
        print_problems(None, warnings)
    return EXIT_OK


def check_books(args: argparse.Namespace) -> int:
    config = (
        load_config(args.manuscript / "book.toml")
        if (args.manuscript / "book.toml").is_file()
        else None
    )
    files = list(args.files)
    if not files:
        if config is None:
            raise PressworkError(
                "no files given and no manuscript to find them from",
                hint="pass the .epub/.pdf files to check",
            )
        slug = config.book_slug
        files = [args.out / f"{slug}.epub"]
        for edition in config.print_editions:
            files.append(args.out / edition.file_name(slug))
            if edition.settings.cover:
                files.append(args.out / edition.file_name(slug, "-cover.pdf"))
    # which chapters are study chapters, read once and only if a PDF's bookmarks need it (a
    # file split at its titles counts each piece)
    studies = functools.cache(lambda: [s.study for s in load_manuscript(args.manuscript)[1]])
    failed = False
    for path in files:
        if not path.is_file():
            raise PressworkError(f"{path} does not exist", hint="build it first")
        if path.suffix == ".epub":
            reports = [check_epub(path, usage=not args.no_usage)]
            if not args.no_ace:
                reports.append(check_ace(path))
        elif path.suffix == ".pdf":
            reports = _check_pdf(path, config, args, studies)
        else:
            raise PressworkError(
                f"{path}: cannot check this kind of file", hint="pass .epub or .pdf files"
            )
        for report in reports:
            print_report(report)
            failed = failed or not report.ok
    return EXIT_ERROR if failed else EXIT_OK


def _check_pdf(
    path: Path,
    config: BookConfig | None,
    args: argparse.Namespace,
    studies: Callable[[], list[bool]],
) -> list[Report]:
    """Boxes, fonts and bookmarks as the PDF's edition says, then its preflight; a cover
    PDF is checked as the cover of its edition."""
    edition = _edition_of(path, config, args.edition)
    if config and edition and path.name == edition.file_name(config.book_slug, "-cover.pdf"):
        return _check_cover(path, edition, config, _pdfx(args, edition.settings))
    settings = edition.settings if edition else PrintSettings()
    if args.preset:
        settings = dataclasses.replace(settings, preset=args.preset)
    chapters = None
    if config and settings.bookmarks:  # the chapters this edition prints
        chapters = len([study for study in studies() if settings.study or not study])
    trim = parse_trim(settings.trim)
    reports = [check_pdf(path, trim, chapters, settings.bookmarks)]
    pagination = _pagination(path, edition)
    if pagination is not None:
        reports.append(pagination)
    if settings.preset in PRESETS:
        direction = config.text_direction if config else "ltr"
        reports.append(preflight_pdf(path, settings, direction))
    variant = _pdfx(args, settings)
    if variant:
        reports.append(pdfx_preflight(path, variant, trim, parse_length(settings.bleed)))
    return reports


def _pdfx(args: argparse.Namespace, settings: PrintSettings) -> Variant | None:
    """The PDF/X preflight to run: --pdfx, else the edition's own `pdfx`."""
    wanted = args.pdfx or settings.pdfx
    return None if wanted == "none" else cast(Variant, wanted)


def _pagination(path: Path, edition: Edition | None) -> Report | None:
    """The pagination report the build kept for this PDF (None: not built here, or built
    without the pass); a page-end hyphen or stub page left fails it."""
    from presswork.pdf import parts_cache
    from presswork.pdf.pagination_report import PaginationReport

    with pikepdf.open(path) as pdf:
        pages = len(pdf.pages)
    folder = parts_cache(path.parent, edition or Edition(name=None, settings=PrintSettings()))
    report = PaginationReport.read(folder, pages)
    if report is None:
        return None
    notes = [report.summary(), *report.details()]
    return Report(path, "pagination pass", warnings=report.warnings(), notes=notes)


def _check_cover(
    path: Path, edition: Edition, config: BookConfig, variant: Variant | None
) -> list[Report]:
    """A cover's sheet is back + spine + front, the spine from the interior's page count;
    a PDF/X edition's cover is PDF/X too."""
    from presswork.pdf.cover import geometry

    interior = path.parent / edition.file_name(config.book_slug)
    if not interior.is_file():
        raise PressworkError(
            f"{path.name} is a cover: its size depends on {interior.name}, which is not there",
            hint="check the cover beside its interior PDF",
        )
    with pikepdf.open(interior) as pdf:
        sheet = geometry(edition.settings, len(pdf.pages))
    trim = (sheet.width, sheet.trim_height)
    reports = [check_pdf(path, trim, bookmarks=None)]
    if variant:
        reports.append(pdfx_preflight(path, variant, trim, sheet.bleed))
    return reports


def _edition_of(path: Path, config: BookConfig | None, name: str | None) -> Edition | None:
    """The edition a PDF was built as: named, or matched by its file name (its own or its
    cover's)."""
    if config is None:
        return None
    if name:
        return config.edition(name)
    for edition in config.print_editions:
        slug = config.book_slug
        if path.name in (edition.file_name(slug), edition.file_name(slug, "-cover.pdf")):
            return edition
    return config.print_editions[0]


def print_report(report: Report) -> None:
    verdict = "PASS" if report.ok else "FAIL"
    print(
        f"{verdict} {report.path} ({report.tool}): {len(report.errors)} error(s), "
        f"{len(report.warnings)} warning(s), {len(report.notes)} note(s)"
    )
    for kind, items in (
        ("error", report.errors),
        ("warning", report.warnings),
        ("note", report.notes),
    ):
        for item in items:
            print(f"  {kind}: {item}")
