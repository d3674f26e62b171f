"""Print page numbers in the EPUB: the words right after each page-break marker are the first
words of that page in the PDF (pdftotext), and the page list has every printed page."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import PAGE_EDITION, pdf_of
from presswork.build import BuildResult
from presswork.manuscript.book_toml import load_config
from presswork.manuscript.lengths import parse_length, parse_trim
from presswork.pdf.pagemap import page_labels, roman

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
CASES = {
    "recap": ROOT / "manuscript",
    "novella-fr": ROOT / "tests/fixtures/novella-fr",
    "kitchen-sink": ROOT / "tests/fixtures/kitchen-sink",
}
NS = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}


def outputs(built: dict[str, BuildResult], name: str) -> tuple[Path, Path]:
    epub = next(p for p in built[name].outputs if p.suffix == ".epub")
    return epub, pdf_of(built, name, PAGE_EDITION.get(name))


def body_words(pdf: Path, page: int, manuscript: Path) -> list[str]:
    """Words of one PDF page inside the text block (running heads and folios cropped off)."""
    settings = load_config(manuscript / "book.toml").print
    width, height = parse_trim(settings.trim)
    top, bottom = parse_length(settings.margin_top), parse_length(settings.margin_bottom)
    text = subprocess.run(
        [
            "pdftotext",
            "-f",
            str(page),
            "-l",
            str(page),
            "-x",
            "0",
            "-y",
            str(int(top)),
            "-W",
            str(int(width)),
            "-H",
            str(int(height - top - bottom)),
            str(pdf),
            "-",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return text.split()


def markers(epub: Path) -> dict[str, list[str]]:
    """Page label -> the first words of text after its marker in the EPUB. In the contents
    only the heading is compared: the EPUB's nav lists the chapters without page numbers."""
    found = {}
    with zipfile.ZipFile(epub) as archive:
        for name in archive.namelist():
            if not name.endswith(".xhtml"):
                continue
            root = etree.fromstring(archive.read(name))
            for br in root.iterfind(".//x:br", NS):
                br.tail = " " + (br.tail or "")
            for span in root.iterfind(".//x:span[@epub:type='pagebreak']", NS):
                following = "".join(span.xpath("following::text()")).split()
                found[span.get("aria-label")] = following[: 1 if name.endswith("nav.xhtml") else 6]
    return found


def same_start(epub_words: list[str], pdf_words: list[str]) -> bool:
    """Equal first words, whatever their case (a chapter's label is set in small caps from
    lower case in print); a word hyphenated across the page break shows in the PDF as its
    second half only."""
    if not pdf_words:
        return True
    epub_words = [word.casefold() for word in epub_words]
    pdf_words = [word.casefold() for word in pdf_words]
    first = epub_words[0] == pdf_words[0] or epub_words[0].endswith(pdf_words[0])
    return first and epub_words[1:4] == pdf_words[1 : len(epub_words[:4])]


@pytest.mark.parametrize("name", sorted(CASES))
def test_marker_words_are_the_first_words_of_the_printed_page(
    built: dict[str, BuildResult], name: str
) -> None:
    epub, pdf = outputs(built, name)
    found = markers(epub)
    pages = built[name].pages[pdf]
    assert len(found) == pages  # one marker per printed page
    checked = 0
    for number in range(1, pages + 1):
        pdf_words = body_words(pdf, number, CASES[name])
        label = next(label for label in found if _index(label, found) == number)
        if pdf_words:
            checked += 1
            assert same_start(found[label], pdf_words), (label, found[label], pdf_words[:6])
    assert checked >= pages // 2


def _index(label: str, found: dict[str, list[str]]) -> int:
    """1-based page position of a label, in page-list order (the order markers were found
    is file order, so use the label itself)."""
    labels = list(found)
    romans = [x for x in labels if re.fullmatch(r"[ivxlc]+", x)]
    return len(romans) + int(label) if label.isdigit() else romans.index(label) + 1


def test_page_list_and_metadata(built: dict[str, BuildResult]) -> None:
    epub, _ = outputs(built, "recap")
    with zipfile.ZipFile(epub) as archive:
        nav = etree.fromstring(archive.read("EPUB/nav.xhtml"))
        opf = archive.read("EPUB/content.opf").decode()
    entries = nav.findall(".//x:nav[@epub:type='page-list']//x:a", NS)
    labels = [a.text for a in entries]
    assert labels == page_labels(len(labels), 6)  # i-vi front matter, then 1, 2, 3...
    assert labels[:6] == ["i", "ii", "iii", "iv", "v", "vi"] and labels[6] == "1"
    assert len(labels) == built["recap"].pages[outputs(built, "recap")[1]]
    assert '<meta property="pageBreakSource">' in opf and "<dc:source>" in opf
    assert ">printPageNumbers<" in opf


def test_roman_numerals() -> None:
    assert [roman(n) for n in (1, 4, 9, 14, 40, 90, 400, 1999)] == [
        "i",
        "iv",
        "ix",
        "xiv",
        "xl",
        "xc",
        "cd",
        "mcmxcix",
    ]
