"""`presswork check MANUSCRIPT` and a failing build list every problem of every chapter in
one run; `--draft` builds the same manuscript into valid books with each stand-in listed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from lxml import etree

from presswork.checks import check_epub
from presswork.cli.check import check_manuscript
from presswork.cli.main import main
from presswork.manuscript.load import load_manuscript
from presswork.manuscript.parse import parse_book

BROKEN = {
    "one.md": "# One\n\nSee ![a map](missing.png) and [two](#second-part).\n\n"
    "![](nope.png)\n\n[lost](#nowhere)\n",
    "two.md": "# Two\n\n## Second part\n\n![web](https://example.org/a.png)\n",
    "three.md": "No heading here.\n",
}


def broken(tmp_path: Path) -> Path:
    root = tmp_path / "book"
    root.mkdir()
    for name, text in BROKEN.items():
        (root / name).write_text(text, encoding="utf-8")
    (root / "book.toml").write_text(
        'title = "Broken"\nlanguage = "en"\nchapters = ["one.md", "two.md", "three.md"]\n',
        encoding="utf-8",
    )
    return root


EXPECTED = [
    "one.md:3: error: image 'missing.png' not found",
    "one.md:5: error: image 'nope.png' not found",
    "one.md:7: error: link '#nowhere' points nowhere in the book",
    "three.md:1: error: chapter has no title",
    "two.md:5: error: image 'https://example.org/a.png' is on the network",
]


def test_check_lists_every_problem_in_order_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = broken(tmp_path)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    assert main(["check", str(root)]) == 1
    err = capsys.readouterr().err
    places = [
        line.split(str(root) + "/", 1)[-1] for line in err.splitlines() if ": error: " in line
    ]
    assert [p[: len(e)] for p, e in zip(places, EXPECTED, strict=True)] == EXPECTED
    assert "presswork: 5 errors, 0 warnings in 3 files" in err
    assert "Traceback" not in err and sorted(p.name for p in tmp_path.rglob("*")) == before


def test_a_build_lists_them_all_too_and_offers_the_draft(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = broken(tmp_path)
    assert main(["build", str(root), "-o", str(tmp_path / "out"), "-q", "-f", "epub"]) == 1
    err = capsys.readouterr().err
    assert err.count(": error: ") == 5 and "--draft" in err
    assert not (tmp_path / "out" / "broken.epub").exists()


@pytest.mark.allow_warnings
def test_a_draft_builds_a_valid_epub_listing_each_stand_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = broken(tmp_path)
    out = tmp_path / "out"
    assert main(["build", str(root), "-o", str(out), "-q", "-f", "epub", "--draft"]) == 0
    err = capsys.readouterr().err
    assert err.count("warning: draft: ") == 5 and "0 errors, 5 warnings in 3 files" in err
    report = check_epub(out / "broken.epub")
    assert report.ok and not report.warnings, report.errors
    assert (
        main(["build", str(root), "-o", str(out), "-q", "-f", "epub", "--draft", "--strict"]) == 1
    )


@pytest.mark.allow_warnings
def test_a_draft_stands_in_for_images_links_and_titles(tmp_path: Path) -> None:

    root = broken(tmp_path)
    config, sources = load_manuscript(root)
    book = parse_book(config, root, sources, dt.datetime(2026, 1, 1, tzinfo=dt.UTC), draft=True)
    one = etree.fromstring(f"<div>{book.chapters[0].body}</div>")
    boxes = one.findall(".//span[@class='image-placeholder']")
    assert [b.text for b in boxes] == ["a map", "nope.png"]  # alt text, else the file name
    assert [a.get("href") for a in one.iter("a")] == ["#two--second-part"]  # moved; lost unwrapped
    assert "lost" in "".join(one.itertext())
    assert book.chapters[2].title == "three" and book.draft


def test_a_sound_manuscript_checks_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "fine"
    root.mkdir()
    (root / "book.toml").write_text(
        'title = "Fine"\nlanguage = "en"\nchapters = ["two.md"]\n', encoding="utf-8"
    )
    (root / "two.md").write_text("# Two\n\nPlain words.\n", encoding="utf-8")
    assert check_manuscript(root, []) == 0
    assert "1 chapters read, no errors" in capsys.readouterr().out
