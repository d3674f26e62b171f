"""Command line: `presswork build | check | watch | new`, progress on stderr, exit codes.

User errors (PressworkError) print as located messages, every one of a run together
(messages.py), and exit 1; warnings collected during the build are listed at the end, and
`--strict` turns them into a failure.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from presswork import __version__
from presswork.build import FORMATS, build
from presswork.cli.messages import print_problems
from presswork.errors import PressworkError, from_os_error
from presswork.manuscript.presets import PRESETS
from presswork.scaffold import scaffold

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


class WarningCollector(logging.Handler):
    """Keeps every warning from Presswork and WeasyPrint for the end-of-build summary."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.name}: {record.getMessage()}")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="presswork",
        description="Build an EPUB 3 and a print-ready PDF from a folder of Markdown chapters.",
        epilog="Run `presswork COMMAND --help` for each command's options.",
    )
    parser.add_argument("--version", action="version", version=f"presswork {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    b = commands.add_parser(
        "build",
        help="build the EPUB and/or the PDF",
        description="Build a manuscript folder (book.toml + Markdown).",
    )
    _add_book_arguments(b, "build")
    b.add_argument("--strict", action="store_true", help="treat warnings as errors")
    b.add_argument(
        "--draft",
        action="store_true",
        help="build whatever can be read: a missing or network image becomes a framed "
        "placeholder with its alt text, a dangling link plain text, a missing alt text or "
        "title the file's name, a character no font has a blank; each stand-in is listed "
        "as a warning (the default build refuses them: it is the publishing gate)",
    )
    b.add_argument(
        "--certify",
        action="store_true",
        help="run EPUBCheck and DAISY Ace on the EPUB and, if both pass, add the EPUB "
        "Accessibility 1.1 conformance claim (dcterms:conformsTo)",
    )
    b.add_argument("-q", "--quiet", action="store_true", help="print only errors and warnings")
    b.add_argument(
        "--layout",
        choices=("parts", "whole"),
        default="parts",
        help="parts (default): lay each chapter out on its own, in parallel and cached, and "
        "join the PDFs; whole: the book as one document in one process (slower, more "
        "memory; for stylesheets that use target-counter() across chapters)",
    )

    c = commands.add_parser(
        "check",
        help="check a manuscript without building it, or run the validators on built books",
        description="Given a manuscript folder: read and parse it as a build would, and "
        "list every problem (file:line, what, how to fix) without writing anything. Given "
        "books: EPUBCheck and DAISY Ace on .epub files; fonts, page boxes and "
        "bookmarks on .pdf files, and the print-on-demand preflight (each rule pass/fail "
        "with its pages) for editions with a preset. Exits 1 if any check fails.",
    )
    c.add_argument(
        "files",
        nargs="*",
        type=Path,
        help="a manuscript folder, or books to check (default: the manuscript's outputs in "
        "the -o folder)",
    )
    c.add_argument(
        "-m",
        "--manuscript",
        type=Path,
        default=Path("manuscript"),
        help="manuscript whose book.toml gives the trim (default: ./manuscript)",
    )
    c.add_argument(
        "-o",
        "--out",
        type=Path,
        default=Path("build"),
        help="folder of the built books (default: ./build)",
    )
    c.add_argument(
        "-e",
        "--edition",
        metavar="NAME",
        help="the edition a PDF given as FILES was built as (its trim, bleed and preset; "
        "default: found from the file name)",
    )
    c.add_argument(
        "--preset",
        choices=list(PRESETS),
        help="run this preflight on the PDFs, whatever their edition says",
    )
    c.add_argument(
        "--pdfx",
        choices=["x-1a", "x-4"],
        help="also check the PDFs as PDF/X-1a or PDF/X-4 files: no RGB, transparency "
        "(X-1a), total ink, image resolution, fonts, page boxes, version and output intent "
        "(an edition with `pdfx` in book.toml is checked so without it)",
    )
    c.add_argument("--no-ace", action="store_true", help="skip DAISY Ace on EPUBs")
    c.add_argument(
        "--no-usage",
        action="store_true",
        help="do not ask EPUBCheck for usage (best-practice) messages",
    )

    w = commands.add_parser(
        "watch",
        help="rebuild on every save and serve a live preview",
        description="Build, then rebuild whenever a file in the manuscript changes, and serve "
        "the EPUB's pages and the PDFs on http://127.0.0.1:PORT/, reloading the browser "
        "after each rebuild. A failed rebuild keeps the previous outputs.",
    )
    _add_book_arguments(w, "rebuild")
    w.add_argument("-p", "--port", type=int, default=8000, help="preview port (default: 8000)")
    w.add_argument("--no-serve", action="store_true", help="rebuild only, no preview server")

    n = commands.add_parser(
        "new",
        help="start a new manuscript",
        description="Create a manuscript folder with book.toml and two sample chapters.",
    )
    n.add_argument("folder", type=Path, help="folder to create (must be new or empty)")
    n.add_argument("--title", default="Untitled", help="the book's title")
    return parser


def _add_book_arguments(parser: argparse.ArgumentParser, verb: str) -> None:
    """The manuscript, formats, output folder and editions, shared by build and watch."""
    parser.add_argument(
        "manuscript",
        nargs="?",
        type=Path,
        default=None,
        help="folder holding book.toml (default: this folder if it holds one, else ./manuscript)",
    )
    parser.add_argument(
        "-f",
        "--format",
        choices=[*sorted(FORMATS), "all"],
        default="all",
        help=f"what to {verb} (default: all)",
    )
    parser.add_argument(
        "-o",
        "--out",
        type=Path,
        default=None,
        help="output folder (default: ./build, or MANUSCRIPT-build beside the manuscript when "
        "./build would be inside it)",
    )
    parser.add_argument(
        "-e",
        "--edition",
        action="append",
        default=[],
        metavar="NAME",
        help=f"{verb} only this print edition from book.toml's [editions.NAME] (repeatable; "
        "default: every edition)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `presswork` console script."""
    args = _parser().parse_args(argv)
    if args.command in ("build", "watch"):
        args.manuscript, args.out = _defaults(args.manuscript, args.out)
    signal.signal(signal.SIGTERM, _terminate)
    collector = WarningCollector()
    for name in ("presswork", "weasyprint"):
        logging.getLogger(name).addHandler(collector)
    try:
        if args.command == "build":
            return _build(args, collector)
        if args.command == "check":  # its validators (pikepdf, PDFium) only when checking
            from presswork.cli import check

            if len(args.files) == 1 and args.files[0].is_dir():
                return check.check_manuscript(args.files[0], collector.messages)
            return check.check_books(args)
        if args.command == "watch":
            return _watch(args)
        for path in scaffold(args.folder, args.title):
            print(f"created {path}")
        print(f"next: presswork build {args.folder}")
        return EXIT_OK
    except PressworkError as exc:
        print_problems(exc, collector.messages, args.command == "build" and not args.draft)
        return EXIT_ERROR
    except OSError as exc:  # permission, full disk, a file where a folder should be...
        print(f"presswork: {from_os_error(exc)}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("presswork: interrupted; previous outputs are untouched", file=sys.stderr)
        return 130


def _defaults(manuscript: Path | None, out: Path | None) -> tuple[Path, Path]:
    """The manuscript (this folder when it holds a book.toml) and the output folder
    (./build, unless that lies inside the manuscript: then beside it, as NAME-build)."""
    if manuscript is None:
        manuscript = Path(".") if Path("book.toml").is_file() else Path("manuscript")
    if out is None:
        out = Path("build")
        root = manuscript.resolve()
        if out.resolve().is_relative_to(root):
            out = root.parent / f"{root.name}-build"
    return manuscript, out


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM unwinds like Ctrl-C, so temporary outputs are removed on the way out."""
    raise KeyboardInterrupt


def _build(args: argparse.Namespace, collector: WarningCollector) -> int:
    formats = tuple(FORMATS) if args.format == "all" else (args.format,)
    started = time.perf_counter()

    def progress(message: str) -> None:
        if not args.quiet:
            print(f"[{time.perf_counter() - started:6.2f}s] {message}", file=sys.stderr)

    result = build(
        args.manuscript,
        args.out,
        formats,
        progress,
        certify_epub=args.certify,
        editions=tuple(args.edition),
        whole=args.layout == "whole",
        draft=args.draft,
    )
    for path in result.outputs:
        pages = result.pages.get(path)
        print(f"built {path}" + (f" ({pages} page{'s' if pages != 1 else ''})" if pages else ""))
    if result.reports:
        from presswork.cli.check import print_report

        for report in result.reports:
            print_report(report)
    progress(f"done in {result.seconds:.2f}s")
    if collector.messages:
        print_problems(None, collector.messages)
        if args.strict:
            return EXIT_ERROR
    if not all(report.ok for report in result.reports):
        return EXIT_ERROR
    return EXIT_OK


def _watch(args: argparse.Namespace) -> int:
    from presswork.preview.watch import watch

    formats = tuple(FORMATS) if args.format == "all" else (args.format,)
    started = time.perf_counter()

    def progress(message: str) -> None:
        print(f"[{time.perf_counter() - started:7.2f}s] {message}", file=sys.stderr)

    try:
        watch(
            args.manuscript,
            args.out,
            formats,
            progress,
            editions=tuple(args.edition),
            port=None if args.no_serve else args.port,
        )
    except KeyboardInterrupt:
        print("presswork: stopped watching", file=sys.stderr)
    except OSError as exc:
        raise PressworkError(
            f"cannot serve the preview on port {args.port}: {exc.strerror}",
            hint="pass another --port, or --no-serve",
        ) from None
    return EXIT_OK
