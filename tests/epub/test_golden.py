"""Rendered EPUB pages of every fixture manuscript against reviewed copies in expected/.

A difference fails the test and shows the diff; after checking that a change is wanted, run
`UPDATE_GOLDEN=1 make test` to rewrite the expected files.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import golden_differences
from presswork.epub.package import build_pages
from presswork.epub.pages import chapter_file
from presswork.manuscript.load import load_manuscript
from presswork.manuscript.parse import parse_book

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CASES = sorted(p for p in FIXTURES.iterdir() if (p / "book.toml").is_file())
WHEN = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
GOLDEN_PAGES = ("nav.xhtml", "titlepage.xhtml", "copyright.xhtml")


@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_rendered_pages_match_expected(case: Path) -> None:
    config, sources = load_manuscript(case)
    book = parse_book(config, case, sources, WHEN)
    pages = build_pages(book, ["styles/base.css"])
    chapter_files = {chapter_file(c) for c in book.chapters}
    expected_dir = case / "expected"
    rendered = {
        page.file_name: page.content.decode("utf-8")
        for page in pages
        if page.file_name in chapter_files or page.file_name in GOLDEN_PAGES
    }
    differences = golden_differences(expected_dir, rendered)
    assert not differences, "\n".join(differences)
    expected_names = {p.name for p in expected_dir.glob("*.xhtml")}
    assert expected_names == chapter_files | set(GOLDEN_PAGES), "stale or missing golden files"
