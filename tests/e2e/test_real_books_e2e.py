"""Real books nobody here wrote (tests/real-books, each with its licence and source beside
it), wrapped in a book.toml and otherwise as they are: each is checked in one run (every
error listed together, or none), and each builds with --draft into an EPUB EPUBCheck
accepts and a PDF with every font embedded and no word past the page edge (none outside
the page, and every word of the EPUB's chapters in the PDF's text)."""

from __future__ import annotations

import re
import subprocess
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path

import pikepdf
import pytest
from lxml import etree

from presswork.checks import check_epub, unembedded_fonts
from presswork.cli.main import main

BOOKS = Path(__file__).resolve().parents[1] / "real-books"
NAMES = sorted(p.name for p in BOOKS.iterdir() if (p / "book.toml").is_file())
SUMMARY = re.compile(r"presswork: (\d+) errors?, (\d+) warnings?")


def words_past_the_edge(pdf: Path) -> list[tuple[int, str]]:
    """(page, word) of every word whose box pdftotext finds outside its page."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True)
    root = etree.fromstring(out.stdout, etree.XMLParser(recover=True, huge_tree=True))
    past = []
    for number, page in enumerate(root.iter("{*}page"), start=1):
        width, height = float(page.get("width", 0)), float(page.get("height", 0))
        for word in page.iter("{*}word"):
            box = [float(word.get(k, 0)) for k in ("xMin", "yMin", "xMax", "yMax")]
            if min(box) < 0 or box[2] > width or box[3] > height:
                past.append((number, word.text or ""))
    return past


def words_lost_in_print(epub: Path, pdf: Path) -> list[str]:
    """Words of the EPUB's chapters that the PDF's text does not hold: text that ran off a
    page (pdftotext keeps only what is on it). Compared as letters and digits only, so
    hyphenation, wrapped code and a word cut across a table cell's lines still match. Where
    pdftotext's reading order scrambles a word (right-to-left runs with ligatures), the word
    counts as lost only if the PDF is also short of letters overall."""
    printed = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, check=True)
    text = unicodedata.normalize("NFKC", printed.stdout.decode("utf-8")).lower()
    stream = "".join(ch for ch in text if ch.isalnum())
    words = []
    with zipfile.ZipFile(epub) as book:
        for name in book.namelist():
            data = book.read(name)
            if name.endswith(".xhtml") and re.search(rb'<body[^>]*epub:type="bodymatter"', data):
                body = etree.fromstring(data).find("{*}body")
                words += (
                    re.findall(r"\w{4,}", " ".join(body.itertext()).lower())
                    if body is not None
                    else []
                )
    letters = ["".join(ch for ch in word if ch.isalnum()) for word in words]
    lost = [word for word in letters if word and word not in stream]
    short = Counter("".join(letters)) - Counter(stream)
    return lost if short else []


def test_there_are_five_books_in_three_languages_one_rtl_one_cjk() -> None:
    tomls = {name: (BOOKS / name / "book.toml").read_text(encoding="utf-8") for name in NAMES}
    languages = set(re.findall(r'^language = "(\w+)', "\n".join(tomls.values()), re.M))
    assert len(NAMES) >= 5 and len(languages) >= 3 and {"ar", "zh"} <= languages
    assert any('direction = "rtl"' in t for t in tomls.values())
    for name in NAMES:  # each with its source and licence beside it
        assert (BOOKS / name / "SOURCE.txt").is_file()
        assert list((BOOKS / name).glob("LICENSE*"))


@pytest.mark.slow
@pytest.mark.allow_warnings
@pytest.mark.parametrize("name", NAMES)
def test_a_check_lists_every_error_in_one_run(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["check", str(BOOKS / name)])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if code == 0:
        return
    errors = [line for line in err.splitlines() if ": error: " in line]
    summary = SUMMARY.search(err)
    assert summary and int(summary.group(1)) >= len(errors) > 1, err


@pytest.mark.slow
@pytest.mark.allow_warnings
@pytest.mark.parametrize("name", NAMES)
def test_a_draft_builds_valid_books(name: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["build", str(BOOKS / name), "-o", str(out), "-q", "--draft"]) == 0
    [epub] = out.glob("*.epub")
    report = check_epub(epub)
    assert report.errors == [], report.errors
    [pdf] = out.glob("*.pdf")
    with pikepdf.open(pdf) as opened:
        assert unembedded_fonts(opened) == []
    assert words_past_the_edge(pdf) == []
    assert words_lost_in_print(epub, pdf) == []
