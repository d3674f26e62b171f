"""The print HTML (and page CSS) of every fixture manuscript against reviewed copies in
expected/, beside the EPUB's goldens: a print regression shows here as a diff of the HTML
WeasyPrint is given, before any layout.

The HTML is the whole edition as one document with the index's page ranges still unknown
(they come from a layout). After checking that a change is wanted, run
`UPDATE_GOLDEN=1 make test` to rewrite the expected files.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import golden_differences
from presswork.manuscript.index import build_index
from presswork.manuscript.load import load_manuscript
from presswork.manuscript.parse import parse_book
from presswork.manuscript.select import select_material
from presswork.pdf.html import page_css, print_html
from presswork.theme.templates import make_environment

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CASES = sorted(p for p in FIXTURES.iterdir() if (p / "book.toml").is_file())
WHEN = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def rendered(case: Path) -> dict[str, str]:
    """Golden file name -> its text, for each print edition of the fixture."""
    config, sources = load_manuscript(case)
    book = parse_book(config, case, sources, WHEN)
    env = make_environment(case)
    found = {}
    for edition in config.print_editions:
        selected = select_material(book, edition.settings.study)
        index = build_index(selected) if edition.settings.index else ()
        name = f"print-{edition.name}" if edition.name else "print"
        found[f"{name}.html"] = print_html(selected, env, edition, index, None)
        found[f"{name}-page.css"] = page_css(edition.settings, env)
    return found


@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_print_html_matches_expected(case: Path) -> None:
    expected_dir = case / "expected"
    actual_files = rendered(case)
    differences = golden_differences(expected_dir, actual_files)
    assert not differences, "\n".join(differences)
    on_disk = {p.name for p in expected_dir.glob("print*")}
    assert on_disk == set(actual_files), "stale or missing print golden files"
