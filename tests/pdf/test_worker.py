"""A layout worker's stylesheets, parsed as it starts (prepare_sheets) instead of at its
first part: the part still hands back what parsing them logged, a failure to parse is left
for the part to report, and another edition's CSS is parsed anew."""

from __future__ import annotations

import dataclasses
import multiprocessing
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from presswork.pdf import patches, worker
from presswork.pdf.pool import Pool
from presswork.pdf.worker import STATE, PartJob, lay_out_part, prepare_sheets
from presswork.theme.styles import default_styles

PAGE_CSS = "@page { size: 5in 8in; margin: 0.5in }"
UNKNOWN = "p { colour: red }"
"""A declaration WeasyPrint ignores, with a warning."""


@pytest.fixture(autouse=True)
def fresh_state() -> Iterator[None]:
    patches.install()
    saved = STATE.sheets, STATE.sheets_key, STATE.sheet_warnings
    STATE.sheets, STATE.sheets_key, STATE.sheet_warnings = None, "", []
    yield
    STATE.sheets, STATE.sheets_key, STATE.sheet_warnings = saved


@pytest.fixture
def theme(tmp_path: Path) -> Path:
    return Path(shutil.copytree(default_styles(), tmp_path / "theme"))


def _job(theme: Path, root: Path, css: str) -> PartJob:
    html = '<html lang="en"><body><section id="c1"><p>Text.</p></section></body></html>'
    return PartJob("k", html, css, root.as_uri() + "/", root, theme, folio=1)


def test_prepared_sheets_serve_the_first_part_and_their_warnings_come_with_it(
    theme: Path, tmp_path: Path
) -> None:
    prepare_sheets(theme, PAGE_CSS + UNKNOWN)
    prepared = STATE.sheets
    assert prepared is not None
    assert any("colour" in message for _, _, message in STATE.sheet_warnings)

    first = lay_out_part(_job(theme, tmp_path, PAGE_CSS + UNKNOWN))
    assert STATE.sheets is prepared  # not parsed again
    assert any("colour" in message for _, _, message in first.layout.warnings)
    again = dataclasses.replace(_job(theme, tmp_path, PAGE_CSS + UNKNOWN), key="k2")
    second = lay_out_part(again)
    assert not any("colour" in message for _, _, message in second.layout.warnings)


def test_another_editions_css_is_parsed_anew_and_keeps_its_own_warnings(
    theme: Path, tmp_path: Path
) -> None:
    prepare_sheets(theme, PAGE_CSS + UNKNOWN)
    prepared = STATE.sheets
    done = lay_out_part(_job(theme, tmp_path, PAGE_CSS))
    assert STATE.sheets is not prepared
    assert not any("colour" in message for _, _, message in done.layout.warnings)


def test_a_theme_that_cannot_be_parsed_is_left_to_the_first_part(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(theme: Path, css: str) -> object:
        raise OSError("no such stylesheet")

    monkeypatch.setattr(worker, "print_stylesheets", broken)
    prepare_sheets(tmp_path / "missing", PAGE_CSS)  # says nothing, raises nothing
    assert STATE.sheets is None and STATE.sheets_key == ""
    with pytest.raises(OSError, match="no such stylesheet"):
        lay_out_part(_job(tmp_path / "missing", tmp_path, PAGE_CSS))


def test_the_pool_starts_its_workers_before_the_first_part(theme: Path, tmp_path: Path) -> None:
    with Pool(2, 1, sheets=(theme, PAGE_CSS + UNKNOWN)) as pool:
        assert pool.executor is not None
        assert len(multiprocessing.active_children()) >= 2  # parsing the sheets already
        (done,) = pool.run([_job(theme, tmp_path, PAGE_CSS + UNKNOWN)])  # one part: a worker's
    assert any("colour" in message for _, _, message in done.layout.warnings)
