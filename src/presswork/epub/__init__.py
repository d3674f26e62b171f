"""The EPUB back end: the parsed Book -> an EPUB 3 file that passes EPUBCheck and Ace.

Its one entry is `write_epub`. Inside: package.py puts the book together with ebooklib,
pages.py renders each XHTML page as checked bytes, pagebreaks.py marks where the print
edition's pages start, fonts.py subsets the theme's fonts (a book that brings no cover gets
the print cover's front, drawn by the print engine: pdf/cover_front.py), certify.py claims
conformance once the validators pass.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from presswork.manuscript.model import Book, PageList
from presswork.output import Staged, stage


def write_epub(
    book: Book,
    theme: Path,
    out_dir: Path,
    pages: PageList | None,
    progress: Callable[[str], None],
    drawn_cover: bytes | None = None,
) -> Staged:
    """Write `<slug>.epub` for `out_dir` under a temporary name (the build puts it in
    place), with a page list from `pages`."""
    from presswork.epub import package  # ebooklib and fontTools only for EPUB builds

    target = out_dir / f"{book.config.book_slug}.epub"
    progress(f"writing {target.name}")
    starts = pages.starts if pages else None
    folios = pages.folios if pages else None
    source = pages.source if pages else None
    return stage(
        target,
        lambda tmp: package.write_epub(book, theme, tmp, starts, folios, source, drawn_cover),
    )
