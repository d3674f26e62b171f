"""The print back end's pieces on their own: the settle policy, the parts' cache and keys,
the fetcher, the glyph check, print notes and answer lines, and one edition job."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from conftest import Recorder
from presswork.cli.main import main
from presswork.errors import PressworkError
from presswork.manuscript.config import PrintSettings
from presswork.manuscript.load import load_manuscript
from presswork.manuscript.model import Book
from presswork.manuscript.parse import parse_book
from presswork.manuscript.transforms.xhtml import inner_xml, parse_html
from presswork.pdf import patches
from presswork.pdf.answer_lines import add_answer_lines
from presswork.pdf.editions import EditionJob, run_jobs
from presswork.pdf.fetcher import LockedURLFetcher, RefusedResource
from presswork.pdf.glyphs import check_fonts
from presswork.pdf.layout import anchor_pages, end_padding, gutter_note, wider_gutter
from presswork.pdf.notes import inline_notes
from presswork.pdf.part_cache import PartLayout, prune, read_cache, write_cache
from presswork.pdf.part_plan import EditionParts
from presswork.theme.styles import default_styles, gather_theme

KDP = PrintSettings(preset="kdp", margin_inner="0.375in", bookmarks=False, links=False)


def test_the_gutter_grows_with_the_page_count_as_the_preset_says() -> None:
    assert wider_gutter(KDP, 150) is None
    wider = wider_gutter(KDP, 151)
    assert wider is not None and wider.margin_inner == "0.500in"
    assert gutter_note(wider, 151) == "gutter widened to 0.500in for 151 pages (KDP minimum)"
    assert wider_gutter(PrintSettings(margin_inner="0.1in"), 800) is None  # no preset


def test_the_end_is_padded_to_the_printers_page_count() -> None:
    assert end_padding(KDP, 20, False, "paperback") == (
        4,
        ["4 blank page(s) added at the end (KDP: at least 24 pages, an even count)"],
    )
    assert end_padding(KDP, 31, False, None)[0] == 1  # to an even count
    assert end_padding(PrintSettings(), 3, False, None) == (0, [])
    with pytest.raises(PressworkError, match="needs at least 24"):
        end_padding(KDP, 2, False, "tiny")  # more than 10 blank pages at the end


def test_an_anchor_is_on_the_first_page_that_has_it() -> None:
    assert anchor_pages([["a"], ["a", "b"], []], offset=4) == {"a": 4, "b": 5}


def test_the_parts_cache_keeps_layouts_and_forgets_stale_parts(tmp_path: Path) -> None:
    layout = PartLayout([("ch--b1", 0), ("ch--b1", 120)], {"ch": 0})
    write_cache(tmp_path, "k1", layout)
    assert read_cache(tmp_path, "k1") == layout
    assert read_cache(tmp_path, "missing") is None
    (tmp_path / "k1.json").write_text("{not json", encoding="utf-8")
    assert read_cache(tmp_path, "k1") is None  # a damaged entry is laid out again
    for name in ("k1.json", "k1-3.pdf", "k1-5.pdf", "old.json"):
        (tmp_path / name).write_bytes(b"x")
    prune(tmp_path, {"k1"}, {"k1-5.pdf"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k1-5.pdf", "k1.json"]


def tiny_book(tmp_path: Path, body: str, before: Callable[[Path], None] | None = None) -> Book:
    root = tmp_path / "book"
    root.mkdir()
    if before is not None:
        before(root)
    (root / "book.toml").write_text(
        'title = "Tiny"\nlanguage = "en"\nchapters = ["one.md"]\n', encoding="utf-8"
    )
    (root / "one.md").write_text(body, encoding="utf-8")
    config, sources = load_manuscript(root)
    return parse_book(config, root, sources, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))


def test_a_parts_key_changes_with_what_its_layout_depends_on(tmp_path: Path) -> None:
    book = tiny_book(tmp_path, "# One\n\nText.\n")
    theme = gather_theme(book.root, tmp_path / "theme")
    edition = book.config.print_editions[0]

    def key(settings: PrintSettings, html: str = "<p>a</p>", digest: str = "t") -> str:
        plan = EditionParts(book, theme, digest, edition, settings, (), None, False)
        return plan.job_for(html).key

    base = key(edition.settings)
    assert key(edition.settings) == base
    assert key(edition.settings, "<p>b</p>") != base
    assert key(edition.settings, digest="u") != base
    assert key(PrintSettings(font_size="12pt")) != base


def test_weasyprint_may_read_only_the_allowed_folders(tmp_path: Path) -> None:
    inside = tmp_path / "book"
    inside.mkdir()
    (inside / "a.css").write_text("p {}", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("no", encoding="utf-8")
    fetcher = LockedURLFetcher([inside])
    assert fetcher.fetch((inside / "a.css").as_uri()) is not None
    assert fetcher.fetch("data:text/plain,hello") is not None
    for url in ((tmp_path / "secret.txt").as_uri(), "https://example.org/x.png"):
        with pytest.raises(RefusedResource):
            fetcher.fetch(url)


def test_a_character_no_font_has_stops_the_build_at_its_file(tmp_path: Path) -> None:
    book = tiny_book(tmp_path, "# One\n\nA private glyph: \ue000.\n")
    theme = gather_theme(book.root, tmp_path / "theme")
    with pytest.raises(PressworkError, match="U\\+E000") as caught:
        check_fonts(book, theme)
    assert caught.value.file == book.root / "one.md"


def test_notes_move_to_their_call_and_questions_get_lines(tmp_path: Path) -> None:
    book = tiny_book(tmp_path, "# One\n\nSaid[^a] once.\n\n[^a]: The note.\n")
    body = inline_notes(book.chapters[0])
    assert (
        '<span class="footnote" id="one--fn-a"><span class="fn-para">The note.</span></span>'
        in (body.replace("fn:a", "fn-a"))
        or 'class="fn-para">The note.</span>' in body
    )
    assert "doc-noteref" not in body
    root = parse_html('<div class="admonition questions"><ol><li>Why?</li></ol></div>')
    add_answer_lines(root, lines=2)
    assert inner_xml(root).count('class="answer-line"') == 2


@pytest.mark.allow_warnings
def test_an_edition_job_writes_its_pdf_and_hands_its_warnings_back(
    tmp_path: Path, no_warnings: Recorder
) -> None:
    book = tiny_book(tmp_path, "# One\n\n![A dot](dot.png)\n", before=_small_image)
    theme = gather_theme(book.root, tmp_path / "theme")
    patches.install()
    edition = book.config.print_editions[0]
    job = EditionJob(book, theme, edition, tmp_path, page_starts=True, whole=True)
    messages: list[str] = []
    (outcome,) = run_jobs([job], messages.append)
    assert outcome.outputs == [(tmp_path / "tiny.pdf", outcome.outputs[0][1])]
    (staged,) = outcome.staged  # written beside its target, for the build to put in place
    assert staged.target == tmp_path / "tiny.pdf" and not staged.target.exists()
    assert staged.temporary.read_bytes().startswith(b"%PDF")
    assert outcome.starts and outcome.starts[0].label == "i"
    assert any("laying out the print edition" in m for m in messages)
    logged = [r.getMessage() for r in no_warnings.records]
    assert len(logged) == 1 and "dot.png" in logged[0]  # logged in the job, again here


def _small_image(root: Path) -> None:
    Image.new("RGB", (40, 40), "navy").save(root / "dot.png")


@pytest.mark.allow_warnings
@pytest.mark.parametrize("layout", ["parts", "whole"])
def test_a_warning_in_a_layout_worker_reaches_the_user_and_fails_strict(
    tmp_path: Path, layout: str, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "book"
    (root / "styles").mkdir(parents=True)
    (root / "styles" / "print.css").write_text("p { colr: red }\n", encoding="utf-8")
    (root / "book.toml").write_text(
        'title = "Two"\nlanguage = "en"\nchapters = ["a.md", "b.md", "c.md"]\n', encoding="utf-8"
    )
    for name in ("a", "b", "c"):  # several chapters: laid out in forked workers
        (root / f"{name}.md").write_text(f"# {name}\n\nText.\n", encoding="utf-8")
    out = tmp_path / "out"
    command = ["build", "-q", "-f", "pdf", str(root), "-o", str(out), "--layout", layout]
    assert main([*command, "--strict"]) == 1
    err = capsys.readouterr().err
    assert "unknown property" in err and "colr" in err
    assert main(command) == 0  # warm: the cached parts say it again
    assert "unknown property" in capsys.readouterr().err


@pytest.mark.allow_warnings
def test_an_image_that_fails_to_load_in_a_worker_is_said_with_its_chapter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "book"
    (root / "styles").mkdir(parents=True)
    shipped = default_styles() / "print.css"
    (root / "styles" / "print.css").write_text(
        shipped.read_text(encoding="utf-8") + 'h1 { background-image: url("gone.png"); }\n',
        encoding="utf-8",
    )
    (root / "book.toml").write_text(
        'title = "Two"\nlanguage = "en"\nchapters = ["a.md", "b.md"]\n', encoding="utf-8"
    )
    for name in ("a", "b"):  # two chapters: laid out in forked workers
        (root / f"{name}.md").write_text(f"# {name}\n\nText.\n", encoding="utf-8")
    command = ["build", "-q", "-f", "pdf", str(root), "-o", str(tmp_path / "out")]
    assert main(command) == 0
    err = capsys.readouterr().err
    assert "Failed to load image" in err and f"(laying out {root / 'a.md'})" in err
    assert main([*command, "--strict"]) == 1
