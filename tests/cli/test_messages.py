"""Every problem of a run printed together: sorted by place, repeats folded, a hint said once
for the run that shares it, and a summary line."""

from __future__ import annotations

from pathlib import Path

from presswork.cli.check import check_manuscript
from presswork.cli.messages import from_warning, gathered, report_lines, summary
from presswork.errors import PressworkError, Problems


def test_problems_sort_by_file_then_line_and_fold_repeats() -> None:
    found = [
        PressworkError("b", Path("two.md"), 9, "fix b"),
        PressworkError("image 'x.png' not found", Path("one.md"), 7, "check"),
        PressworkError("image 'x.png' not found", Path("one.md"), 3, "check"),
        PressworkError("a", Path("one.md"), 5, "check"),
    ]
    error = Problems.of(found)
    assert isinstance(error, Problems) and error.line == 3  # reads as its first problem
    messages = gathered(error, ["presswork: one.md:4: a warning", "presswork: no place"])
    assert report_lines(messages) == [
        "warning: no place",
        "one.md:3: error: image 'x.png' not found (also line 7)",
        "  hint: check",
        "one.md:4: warning: a warning",
        "one.md:5: error: a",
        "  hint: check",
        "two.md:9: error: b",
        "  hint: fix b",
    ]
    assert summary(messages) == "4 errors, 2 warnings in 2 files"


def test_a_single_problem_is_itself() -> None:
    only = PressworkError("x", Path("a.md"), 1)
    assert Problems.of([only]) is only
    assert Problems.of([Problems.of([only, only])]).found == (only, only)  # flattened


def test_a_warning_keeps_its_place_and_weasyprint_s_has_none() -> None:
    placed = from_warning("presswork: /b/c 1.md:12: draft: image 'x' not found")
    assert (placed.file, placed.lines, placed.text) == (
        "/b/c 1.md",
        [12],
        "draft: image 'x' not found",
    )
    loose = from_warning("weasyprint: Failed to load image at x (laying out one.md)")
    assert loose.file == "" and loose.text.startswith("Failed")


def test_a_problem_repeated_in_a_file_names_each_line(tmp_path: Path) -> None:
    (tmp_path / "one.md").write_text("# One\n\n[x](#nope)\n\nAgain [x](#nope).\n", encoding="utf-8")
    (tmp_path / "book.toml").write_text(
        'title = "T"\nlanguage = "en"\nchapters = ["one.md"]\n', encoding="utf-8"
    )
    try:
        check_manuscript(tmp_path, [])
    except PressworkError as error:
        lines = report_lines(gathered(error, []))
    assert lines[0].endswith("error: link '#nope' points nowhere in the book (also line 5)")
    assert lines[0].startswith(f"{tmp_path / 'one.md'}:3:")
