"""The EPUB's print page list without writing a PDF: the page edition laid out in parts
(parts.py: chapter by chapter, in parallel, cached), read for where each page starts and
which folio each index term is on. The result equals the whole-book layout's
(tests/test_page_list.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from presswork.manuscript.config import Edition
from presswork.manuscript.model import Book, PageStart
from presswork.pdf.parts import lay_out_parts


def page_list(
    book: Book, theme: Path, edition: Edition, cache: Path | None, progress: Callable[[str], None]
) -> tuple[list[PageStart], dict[str, str]]:
    """The page starts of `edition` and the folio of each index term, as the whole-book
    layout of that edition would give them."""
    layout = lay_out_parts(book, theme, edition, cache, progress, write=False)
    terms = {term.id for chapter in book.chapters for term in chapter.index_terms}
    folios = {anchor: folio for anchor, folio in layout.term_pages().items() if anchor in terms}
    return layout.page_starts(), folios
