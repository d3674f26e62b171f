"""The page list laid out chapter by chapter (in parallel, cached) equals the whole-book
layout's, and an EPUB rebuilt after editing one chapter is byte-identical to a cold build
while laying out only that chapter and the back matter again."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import FIXTURES, RECAP, build_clean
from presswork.build import build
from presswork.manuscript.load import load_manuscript
from presswork.manuscript.parse import parse_book
from presswork.pdf import page_list, patches
from presswork.pdf.whole import lay_out_whole
from presswork.theme.styles import gather_theme

pytestmark = pytest.mark.slow
CASES = [
    (RECAP, "paperback"),  # KDP preset: padding, index with ranges
    (RECAP, "study-guide"),  # study chapters, notes pages
    (FIXTURES / "kitchen-sink", None),  # footnotes, tables, images
    (FIXTURES / "arabic-ar", None),  # right to left
    (FIXTURES / "chinese-zh", None),
]


@pytest.mark.parametrize(("manuscript", "edition_name"), CASES)
def test_parts_give_the_whole_book_page_starts(
    manuscript: Path, edition_name: str | None, tmp_path: Path
) -> None:
    config, sources = load_manuscript(manuscript)
    book = parse_book(config, manuscript, sources, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    edition = config.edition(edition_name)
    with tempfile.TemporaryDirectory() as scratch:
        theme = gather_theme(manuscript, Path(scratch) / "theme")
        patches.install()
        whole = lay_out_whole(book, theme, edition, lambda message: None)
        messages: list[str] = []
        found = page_list(book, theme, edition, tmp_path, messages.append)
        starts, folios = found.starts, found.folios
        assert starts == whole.page_starts()
        expected = whole.term_pages()
        assert folios == {term: expected[term] for term in folios}
        assert len(folios) == sum(len(c.index_terms) for c in whole.book.chapters)
        assert any("chapter(s)" in m for m in messages)
        messages.clear()  # a second time: every part from the cache
        assert page_list(book, theme, edition, tmp_path, messages.append).starts == starts
        assert messages == []


def test_editing_one_chapter_relays_only_it_and_gives_the_cold_build(tmp_path: Path) -> None:
    manuscript = tmp_path / "book"
    shutil.copytree(FIXTURES / "novella-fr", manuscript)
    warm = tmp_path / "warm"
    build_clean(manuscript, warm, ("epub",))
    chapter = next(p for p in sorted(manuscript.glob("*.md")))
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nUne phrase de plus.\n")
    messages: list[str] = []
    build(manuscript, warm, ("epub",), messages.append)
    # of 3 chapters only the edited one; the front and back matter (no index here) are
    # unchanged, so they come from the cache too
    assert [m for m in messages if "laying out" in m] == ["laying out 1 of 3 chapter(s)"]
    cold = build_clean(manuscript, tmp_path / "cold", ("epub",))
    epub = cold.outputs[0]
    assert (warm / epub.name).read_bytes() == epub.read_bytes()


def test_an_epub_build_lays_its_page_list_out_without_the_pdf_writers(tmp_path: Path) -> None:
    """pikepdf and the join, preflights and whole-book layout that import it are for
    writing PDFs: an EPUB's page list lays its edition out without them (0.05 to 0.15 s of
    the critical path before the workers start, most of a one-chapter rebuild's margin)."""
    code = (
        "import sys; from pathlib import Path; from presswork.build import build; "
        "build(Path(sys.argv[1]), Path(sys.argv[2]), ('epub',), lambda m: None); "
        "print(sorted(m for m in sys.modules if m == 'pikepdf' or m.startswith("
        "('presswork.pdf.join', 'presswork.pdf.preflight', 'presswork.pdf.pdfx_preflight', "
        "'presswork.pdf.whole', 'presswork.pdf.editions'))))"
    )
    command = [sys.executable, "-c", code, str(FIXTURES / "kitchen-sink"), str(tmp_path)]
    out = subprocess.run(command, capture_output=True, text=True, check=True, timeout=300)
    assert out.stdout.strip() == "[]"
    assert (tmp_path / "kitchen-sink-every-construct-once.epub").is_file()
