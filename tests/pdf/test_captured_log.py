"""Warnings of a layout kept as data and logged again, once, saying where they came from."""

from __future__ import annotations

import logging

import pytest

from presswork.pdf.captured_log import captured, relog
from presswork.pdf.part_cache import PartLayout


@pytest.mark.allow_warnings
def test_warnings_are_kept_then_logged_with_their_part(caplog: pytest.LogCaptureFixture) -> None:
    with captured() as found:
        logging.getLogger("weasyprint").warning("Failed to load image at %s", "a.png")
    assert found == [("weasyprint", logging.WARNING, "Failed to load image at a.png")]
    assert caplog.records == []  # kept, not logged
    relog(PartLayout([], {}, found), "chapters/one.md")
    assert [r.getMessage() for r in caplog.records] == [
        "Failed to load image at a.png (laying out chapters/one.md)"
    ]
