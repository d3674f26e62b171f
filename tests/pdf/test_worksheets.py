"""A chapter's study boxes as one set and its worksheet (pdf/worksheets.py), and how many
rules fill a notes page."""

from __future__ import annotations

from pathlib import Path

from presswork.manuscript.config import PrintSettings
from presswork.manuscript.labels import labels_for
from presswork.manuscript.lengths import parse_length
from presswork.manuscript.transforms.xhtml import find_all, parse_html
from presswork.pdf.worksheets import NOTES_TITLE_RULES, arrange_worksheets, notes_rules

BODY = (
    "<p>Text.</p>"
    '<div class="admonition key-points study"><p>Key</p><ul><li>k</li></ul></div>\n'
    '<div class="admonition questions study"><p>Q</p><ol><li>Why?</li><li>How?</li></ol></div>'
    '<div class="admonition true-false study"><p>TF</p></div>'
    "<p>More text.</p>"
    '<div class="admonition activity study"><p>After</p></div>'
)


def test_boxes_in_a_row_are_one_set_and_the_worksheet_starts_at_the_questions(
    tmp_path: Path,
) -> None:
    root = parse_html(BODY)
    arrange_worksheets(root, PrintSettings(), labels_for(tmp_path, "en"))
    sets = find_all(root, "./div[@class='study-set']")
    assert len(sets) == 2  # the activity after more text is a set of its own
    first = sets[0]
    assert [c.get("class") for c in first] == ["admonition key-points study", "worksheet"]
    assert len(find_all(first, "./div[@class='worksheet']/div")) == 2
    assert not find_all(root, ".//p[@class='name-line']")
    assert len(find_all(root, ".//span[@class='answer-line']")) == 2 * 3


def test_worksheets_open_under_a_name_line_and_answer_lines_are_a_setting(
    tmp_path: Path,
) -> None:
    root = parse_html(BODY)
    settings = PrintSettings(worksheets=True, answer_lines=5)
    arrange_worksheets(root, settings, labels_for(tmp_path, "en"))
    (line,) = find_all(root, ".//div[@class='worksheet']/p[@class='name-line']")
    assert "".join(line.itertext()).split() == ["Name", "Class", "Date"]
    assert len(find_all(root, ".//span[@class='answer-line']")) == 2 * 5


def test_notes_rules_fill_the_text_block() -> None:
    settings = PrintSettings(trim="letter", margin_top="0.9in", margin_bottom="1in")
    spacing = parse_length(settings.answer_spacing)
    block = 11 * 72 - (0.9 + 1) * 72
    rules = notes_rules(settings)
    assert (
        (rules + NOTES_TITLE_RULES) * spacing <= block < (rules + NOTES_TITLE_RULES + 1) * spacing
    )
