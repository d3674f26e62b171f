"""Editions in book.toml: what each falls back to, what a preset changes, and a located
error for each mistake; plus the pieces editions are built from (material selection,
presets' numbers, the cover's measures)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import toml_error, write_toml
from presswork.errors import PressworkError
from presswork.manuscript.book_toml import load_config
from presswork.manuscript.load import load_manuscript
from presswork.manuscript.parse import parse_book
from presswork.manuscript.presets import PRESETS, padding
from presswork.manuscript.select import select_material
from presswork.pdf.cover import geometry

BASE = 'title = "T"\nlanguage = "en"\nchapters = ["a.md"]\n'
EDITIONS = (
    BASE
    + """
[print]
trim = "6x9"
font_size = "11pt"

[editions.paperback]
preset = "kdp"
cover = true

[editions.study]
trim = "letter"
study = true
notes_pages = 4
label = "Study Guide"

[editions.study-a4]
extends = "study"
trim = "a4"

[editions.proof]
extends = "paperback"
preset = "none"
bleed = "0.125in"
marks = ["crop"]
"""
)


def test_without_editions_there_is_one_unnamed_edition(tmp_path: Path) -> None:
    config = load_config(write_toml(tmp_path, BASE))
    (only,) = config.print_editions
    assert only.name is None and only.settings == config.print
    assert only.file_name("t") == "t.pdf"
    assert config.edition(None) is not None


def test_editions_fall_back_to_print_then_to_what_they_extend(tmp_path: Path) -> None:
    config = load_config(write_toml(tmp_path, EDITIONS))
    editions = {e.name: e.settings for e in config.print_editions}
    assert list(editions) == ["paperback", "study", "study-a4", "proof"]
    # [print] is every edition's default
    assert {s.font_size for s in editions.values()} == {"11pt"}
    assert editions["paperback"].trim == "6x9"
    # the kdp preset switches off what KDP rejects
    paperback = editions["paperback"]
    assert (paperback.bookmarks, paperback.links, paperback.marks) == (False, False, ())
    assert paperback.cover and not paperback.study
    # extends: the A4 study guide keeps the study guide's notes pages and label
    study_a4 = editions["study-a4"]
    assert (study_a4.trim, study_a4.notes_pages, study_a4.label) == ("a4", 4, "Study Guide")
    assert editions["study"].bookmarks and editions["study"].links
    # the proof is the paperback without its preset, with bleed and marks
    proof = editions["proof"]
    assert (proof.preset, proof.bleed, proof.marks, proof.cover) == (
        "none",
        "0.125in",
        ("crop",),
        True,
    )
    assert config.edition("study-a4").file_name("t") == "t-study-a4.pdf"


def test_unknown_edition_on_the_command_line_suggests_one(tmp_path: Path) -> None:
    config = load_config(write_toml(tmp_path, EDITIONS))
    with pytest.raises(PressworkError) as caught:
        config.edition("papreback")
    assert "unknown edition 'papreback'" in caught.value.message
    assert "did you mean 'paperback'?" in (caught.value.hint or "")


@pytest.mark.parametrize(
    ("table", "message", "line", "hint"),
    [
        ('trimm = "a4"', "unknown key `editions.x.trimm`", 5, "did you mean `trim`?"),
        ('trim = "huge"', "`editions.x.trim`: 'huge' is not a trim size", 5, None),
        ('preset = "lulu"', "should be one of 'kdp', 'ingram' or 'none'", 5, None),
        ("notes_pages = -1", "from 0 to 100", 5, None),
        ('marks = ["bleed"]', "should be one of 'crop' or 'cross'", 5, None),
        ('extends = "papreback"', "extends 'papreback', which is not an edition", 4, None),
        ('bookmarks = "maybe"', "should be true or false", 5, None),
    ],
)
def test_bad_edition_values_are_located(
    tmp_path: Path, table: str, message: str, line: int, hint: str | None
) -> None:
    error = toml_error(tmp_path, BASE + f"[editions.x]\n{table}\n")
    assert message in error.message
    assert error.line == line
    if hint:
        assert hint in (error.hint or "")


def test_an_edition_key_error_points_at_the_edition_not_at_print(tmp_path: Path) -> None:
    text = BASE + '[print]\ntrim = "6x9"\n[editions.x]\ntrim = "nonsense"\n'
    assert toml_error(tmp_path, text).line == 7


def test_extends_cycle_is_refused(tmp_path: Path) -> None:
    text = BASE + '[editions.a]\nextends = "b"\n[editions.b]\nextends = "a"\n'
    error = toml_error(tmp_path, text)
    assert "extends itself through a -> b" in error.message and error.line in (4, 6)


def test_edition_names_must_suit_file_names(tmp_path: Path) -> None:
    error = toml_error(tmp_path, BASE + '[editions."Study Guide"]\nstudy = true\n')
    assert "lowercase letters, digits and hyphens" in error.message


def test_a_preset_refuses_what_its_printer_rejects(tmp_path: Path) -> None:
    error = toml_error(tmp_path, BASE + '[editions.p]\npreset = "kdp"\nbookmarks = true\n')
    assert "kdp preset does not allow `bookmarks = true`" in error.message
    assert error.line == 4
    error = toml_error(tmp_path, BASE + '[editions.p]\npreset = "kdp"\nmarks = ["crop"]\n')
    assert "printer's marks" in error.message and error.line == 6


def test_ingram_is_cmyk_pdfx_1a_and_kdp_stays_rgb(tmp_path: Path) -> None:
    text = BASE + '[editions.ingram]\npreset = "ingram"\n[editions.kdp]\npreset = "kdp"\n'
    config = load_config(write_toml(tmp_path, text))
    ingram, kdp = (config.edition(name).settings for name in ("ingram", "kdp"))
    assert (ingram.color, ingram.pdfx) == ("cmyk", "x-1a")
    assert (kdp.color, kdp.pdfx) == ("rgb", "none")
    own = BASE + '[editions.ingram]\npreset = "ingram"\npdfx = "x-4"\n'
    assert load_config(write_toml(tmp_path, own)).edition("ingram").settings.pdfx == "x-4"


def test_pdfx_needs_cmyk_and_no_links(tmp_path: Path) -> None:
    error = toml_error(tmp_path, BASE + '[editions.p]\npdfx = "x-1a"\nlinks = false\n')
    assert "`pdfx = 'x-1a'` needs `color = \"cmyk\"`" in error.message and error.line == 4
    error = toml_error(tmp_path, BASE + '[editions.p]\npdfx = "x-4"\ncolor = "cmyk"\n')
    assert "does not allow `links = true`" in error.message
    assert "links = false" in (error.hint or "")
    error = toml_error(tmp_path, BASE + '[print]\npdfx = "x-2"\n')
    assert "pdfx" in error.message and error.line == 5


def test_page_list_must_follow_an_existing_edition(tmp_path: Path) -> None:
    text = BASE + '[epub]\npage_edition = "paperbak"\n[editions.paperback]\npreset = "kdp"\n'
    error = toml_error(tmp_path, text)
    assert "epub.page_edition" in error.message and error.line == 5
    assert "paperback" in (error.hint or "")


def test_kdp_gutter_table_and_padding() -> None:
    kdp = PRESETS["kdp"]
    assert [kdp.gutter(n) / 72 for n in (24, 150, 151, 300, 301, 500, 501, 700, 701, 828)] == [
        0.375,
        0.375,
        0.5,
        0.5,
        0.625,
        0.625,
        0.75,
        0.75,
        0.875,
        0.875,
    ]
    assert padding(kdp, 19, last_blank=False) == 5  # up to KDP's 24 pages
    assert padding(kdp, 25, last_blank=False) == 1  # to an even count
    assert padding(kdp, 26, last_blank=False) == 0
    ingram = PRESETS["ingram"]
    assert padding(ingram, 26, last_blank=False) == 2  # a blank last page, then even
    assert padding(ingram, 26, last_blank=True) == 0


def test_cover_is_two_trims_a_spine_and_bleed(tmp_path: Path) -> None:
    config = load_config(write_toml(tmp_path, EDITIONS))
    settings = config.edition("paperback").settings
    sheet = geometry(settings, 24)
    assert sheet.spine == pytest.approx(24 * 0.002252 * 72)
    assert sheet.paper_width == pytest.approx(2 * 432 + 24 * 0.002252 * 72 + 2 * 9)
    assert not sheet.spine_text  # KDP: no spine text below 80 pages
    assert geometry(settings, 80).spine_text
    cream = geometry(config.edition("paperback").settings.__class__(paper="cream"), 100)
    assert cream.spine == pytest.approx(100 * 0.0025 * 72)


STUDY_CHAPTER = """# Story

Jose met [Adela]{.index} in [Houston]{.index entry="Houston!Texas"}.[^1]

[^1]: A note in the story.

!!! questions
    1. Why [NASA]{.index}?[^2]

[^2]: A note inside study material.
"""


def test_material_selection_drops_study_chapters_boxes_notes_and_terms(tmp_path: Path) -> None:
    (tmp_path / "story.md").write_text(STUDY_CHAPTER, encoding="utf-8")
    (tmp_path / "cast.md").write_text("# Cast\n\n[Adela]{.index}\n: His wife.\n")
    (tmp_path / "book.toml").write_text(
        'title = "T"\nlanguage = "en"\n'
        'chapters = ["story.md", { file = "cast.md", study = true }]\n',
        encoding="utf-8",
    )
    config, sources = load_manuscript(tmp_path)
    book = parse_book(config, tmp_path, sources, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    story, cast = book.chapters
    assert (story.number, cast.number, cast.study) == (1, None, True)
    assert "Discussion questions" in story.body  # the untitled box got its label
    assert [t.entry for t in story.index_terms] == ["Adela", "Houston!Texas", "NASA"]
    assert len(story.notes) == 2
    plain = select_material(book, study=False)
    (only,) = plain.chapters
    assert "questions" not in only.body and "Why" not in only.body
    assert [t.entry for t in only.index_terms] == ["Adela", "Houston!Texas"]
    assert [n.number for n in only.notes] == [1]
    assert select_material(book, study=True) is book
