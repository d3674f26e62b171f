"""The template environment: the manuscript's templates first, autoescaping, strict
variables, and template mistakes reported with their file and line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from presswork.errors import PressworkError
from presswork.manuscript.labels import labels_for
from presswork.theme.templates import date_in_words, make_environment, render


def test_a_manuscript_template_overrides_the_shipped_one(tmp_path: Path) -> None:
    (tmp_path / "templates" / "print").mkdir(parents=True)
    (tmp_path / "templates" / "print" / "blank.html.j2").write_text("mine {{ x }}")
    env = make_environment(tmp_path)
    assert render(env, "print/blank.html.j2", x="<b>") == "mine &lt;b&gt;"  # escaped
    assert "epub/page.xhtml.j2" in env.list_templates()  # the rest still shipped


def test_template_mistakes_are_located(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "bad.j2").write_text("line one\n{% if %}\n")
    (tmp_path / "templates" / "undefined.j2").write_text("{{ nothing_here }}")
    env = make_environment(tmp_path)
    with pytest.raises(PressworkError) as caught:
        render(env, "bad.j2")
    assert caught.value.line == 2 and str(caught.value.file).endswith("bad.j2")
    with pytest.raises(PressworkError, match="nothing_here"):
        render(env, "undefined.j2")


def test_a_date_is_written_as_the_language_writes_it() -> None:
    day = dt.date(2026, 11, 23)
    assert date_in_words(day, labels_for(Path("/nowhere"), "en")) == "November 23, 2026"
    assert date_in_words(day, labels_for(Path("/nowhere"), "fr-CA")) == "23 novembre 2026"
    assert date_in_words(day, labels_for(Path("/nowhere"), "zh-Hans")) == "2026年11月23日"
    hostile = {"date": "{day.__class__.__mro__} {year}", "months": "too few"}
    assert date_in_words(day, hostile) == "{day.__class__.__mro__} 2026"  # text, never format
