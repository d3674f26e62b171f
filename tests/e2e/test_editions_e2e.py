"""The recap's editions built for real and judged with poppler and pikepdf: three PDF
editions and the paperback cover, each with the trim (and bleed) on every page and every
font embedded, the paperback passing its KDP preflight, and the study guide's index citing
the pages where its terms stand."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
from lxml import etree

from conftest import FIXTURES, RECAP, RECAP_OUTPUTS, pdf_of
from presswork.build import BuildResult, build
from presswork.cli.main import main
from presswork.errors import PressworkError
from presswork.manuscript.index import build_index
from presswork.manuscript.load import load_manuscript
from presswork.manuscript.parse import parse_book
from presswork.manuscript.select import select_material

pytestmark = pytest.mark.slow
TRIMS = {  # points
    "ingram": (432, 648),
    "paperback": (432, 648),
    "proof": (432, 648),
    "study-guide": (612, 792),
    "study-guide-a4": (595.28, 841.89),
    "teacher": (612, 792),
}


def text_of(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    pages = [] if first is None else ["-f", str(first), "-l", str(last or first)]
    return subprocess.run(
        ["pdftotext", *pages, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def boxes(pdf: Path) -> dict[str, set[tuple[float, ...]]]:
    """Each box pdfinfo reports, as the set of its values over every page."""
    out = subprocess.run(
        ["pdfinfo", "-box", "-f", "1", "-l", "9999", str(pdf)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found: dict[str, set[tuple[float, ...]]] = {}
    for match in re.finditer(r"^Page\s+\d+\s+(\w+):\s+([-\d.\s]+)$", out, re.MULTILINE):
        found.setdefault(match.group(1), set()).add(
            tuple(round(float(v), 1) for v in match.group(2).split())
        )
    return found


def test_make_pdf_builds_every_edition_and_the_cover(built: dict[str, BuildResult]) -> None:
    names = sorted(p.name for p in built["recap"].outputs)
    assert names == RECAP_OUTPUTS


@pytest.mark.parametrize("edition", sorted(TRIMS))
def test_trim_and_bleed_on_every_page(built: dict[str, BuildResult], edition: str) -> None:
    width, height = TRIMS[edition]
    found = boxes(pdf_of(built, "recap", edition))
    assert found["TrimBox"] == {(0.0, 0.0, round(width, 1), round(height, 1))}
    bleed = 9.0 if edition == "proof" else 0.0
    assert found["MediaBox"] == {
        (-bleed, -bleed, round(width + bleed, 1), round(height + bleed, 1))
    }
    assert found["BleedBox"] == found["MediaBox"]


@pytest.mark.parametrize("edition", [*sorted(TRIMS), "paperback-cover", "ingram-cover"])
def test_every_font_is_embedded(built: dict[str, BuildResult], edition: str) -> None:
    pdf = next(p for p in built["recap"].outputs if p.stem.endswith(f"-{edition}"))
    rows = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert rows
    assert all(row.split()[-5] == "yes" for row in rows), rows


def test_paperback_passes_its_preflight_and_is_flat(
    built: dict[str, BuildResult], capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = pdf_of(built, "recap", "paperback")
    assert main(["check", "-m", str(RECAP), str(pdf)]) == 0
    out = capsys.readouterr().out
    assert "PASS" in out and "FAIL" not in out
    for rule in ("gutter", "outside margins", "no bookmarks", "page count", "blank pages"):
        assert f"pass {rule}" in out
    with pikepdf.open(pdf) as document:
        assert len(document.pages) % 2 == 0 and len(document.pages) >= 24
        assert all("/Annots" not in page.obj for page in document.pages)
        with document.open_outline() as outline:
            assert len(outline.root) == 0
    text = text_of(pdf)
    for study in ("Discussion questions", "Key points", "Timeline", "Glossary", "Notes"):
        assert study not in text
    assert "Index" in text  # the index is a book feature, not study material


def test_the_proof_has_crop_marks_outside_the_trim(built: dict[str, BuildResult]) -> None:
    pdf = pdf_of(built, "recap", "proof")
    assert main(["check", "-m", str(RECAP), str(pdf), "--preset", "kdp"]) == 1


def test_study_guide_has_its_material(built: dict[str, BuildResult]) -> None:
    pdf = pdf_of(built, "recap", "study-guide")
    text = text_of(pdf)
    assert text.count("Discussion questions") == 6 and text.count("Key points") == 6
    for heading in ("Characters", "Timeline", "Glossary", "Vocabulary", "Study Guide"):
        assert heading in text
    assert "February 1, 2003" in text and "1 February 2003" not in text
    assert "Mission specialist" in text
    notes_pages = [
        n
        for n, page in enumerate(text.split("\f"), 1)
        if page.strip() == "Notes\n\n" + page.strip().split("\n")[-1]
        or page.strip().startswith("Notes")
    ]
    assert len(notes_pages) == 4
    with pikepdf.open(pdf) as document, document.open_outline() as outline:
        titles = [item.title for item in outline.root]
    assert titles[-4:] == ["Glossary", "Vocabulary", "Index", "Notes"]


def printed_folio(page_text: str) -> str:
    """The folio printed on a page: at the foot of an opener, in the running head else."""
    lines = [line.strip() for line in page_text.splitlines() if line.strip()]
    if lines[-1].isdigit():
        return lines[-1]
    head = lines[0].split()
    return head[0] if head[0].isdigit() else head[-1]


def ranges(folios: list[int]) -> str:
    runs: list[list[int]] = []
    for folio in sorted(set(folios)):
        if runs and folio == runs[-1][-1] + 1:
            runs[-1].append(folio)
        else:
            runs.append([folio])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


@pytest.mark.parametrize("edition", ["study-guide", "paperback"])
def test_index_cites_the_pages_where_the_terms_stand(
    built: dict[str, BuildResult], edition: str
) -> None:
    """Expected numbers come from the PDF itself: the page each term's named destination
    points at, and the folio printed on that page, where the term's words must stand."""
    pdf = pdf_of(built, "recap", edition)
    pages = text_of(pdf).split("\f")
    config, sources = load_manuscript(RECAP)
    book = parse_book(config, RECAP, sources, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    book = select_material(book, study=edition == "study-guide")
    spans = _term_texts(book)
    if edition == "paperback":  # KDP: no links, so no destinations; read the text only
        _index_numbers_stand_on_their_pages(pages, book, spans)
        return
    with pikepdf.open(pdf) as document:
        dests = pikepdf.NameTree(document.Root.Names.Dests)
        page_of = {
            key: document.pages.index(pikepdf.Page(dests[key][0]))
            for key in dests.keys()  # noqa: SIM118 (NameTree iterates its keys here)
            if "--ix" in key
        }
    index_text = " ".join(  # the index pages, without the folio at their foot
        " ".join(page.split()[:-1]) for page in pages if page.strip().startswith("Index")
    )
    entries = [e for g in build_index(book) for top in g.entries for e in (top, *top.subentries)]
    assert len(entries) >= 20
    for entry in entries:
        folios = []
        for term in entry.terms:
            page = pages[page_of[term.id]]
            flat = " ".join(page.replace("\u2010\n", "").split())
            assert " ".join(spans[term.id].split()) in flat, (term, page_of[term.id])
            folios.append(int(printed_folio(page)))
        cited = rf"(?<![\w,]){re.escape(entry.heading)} {re.escape(ranges(folios))}(?![\d,–])"
        assert re.search(cited, index_text), (entry.heading, ranges(folios))


def _index_numbers_stand_on_their_pages(
    pages: list[str], book: object, spans: dict[str, str]
) -> None:
    """Every number the index prints for an entry is a page showing one of its terms."""
    by_folio = {printed_folio(page): page for page in pages if page.strip()}
    index_text = " ".join(  # the index pages, without the folio at their foot
        " ".join(page.split()[:-1]) for page in pages if page.strip().startswith("Index")
    )
    groups = build_index(book)  # type: ignore[arg-type]
    for entry in (e for g in groups for top in g.entries for e in (top, *top.subentries)):
        match = re.search(rf"{re.escape(entry.heading)} (\d(?:[\d–, ]*\d)?)", index_text)
        assert match, entry.heading
        texts = {" ".join(spans[t.id].split()) for t in entry.terms}
        for part in match.group(1).split(", "):
            first, _, last = part.partition("–")
            for folio in range(int(first), int(last or first) + 1):
                flat = " ".join(by_folio[str(folio)].replace("\u2010\n", "").split())
                if folio in (int(first), int(last or first)):
                    assert any(text in flat for text in texts), (entry.heading, folio)


def _term_texts(book: object) -> dict[str, str]:
    """Term id -> the words it marks in the text."""
    found = {}
    for chapter in book.chapters:  # type: ignore[attr-defined]
        root = etree.fromstring(f"<div>{chapter.body}</div>")
        for span in root.iter("span"):
            if span.get("class") == "index-term":
                found[span.get("id")] = "".join(span.itertext())
    return found


def test_cover_width_is_two_trims_a_spine_and_bleed(built: dict[str, BuildResult]) -> None:
    result = built["recap"]
    interior = pdf_of(built, "recap", "paperback")
    cover = next(p for p in result.outputs if p.name.endswith("-cover.pdf"))
    pages = result.pages[interior]
    with pikepdf.open(cover) as document:
        (page,) = document.pages
        x0, y0, x1, y1 = (float(v) for v in page.mediabox)
        tx0, _, tx1, _ = (float(v) for v in page.obj.TrimBox)
    spine = pages * 0.002252 * 72
    assert x1 - x0 == pytest.approx(2 * 432 + spine + 2 * 9, abs=0.05)
    assert y1 - y0 == pytest.approx(648 + 2 * 9, abs=0.05)
    assert tx1 - tx0 == pytest.approx(2 * 432 + spine, abs=0.05)
    text = text_of(cover)
    assert "A Million Miles Away" in text and "Stockton" in text  # front and blurb


def test_epub_index_links_to_the_places_with_paperback_page_numbers(
    built: dict[str, BuildResult],
) -> None:
    epub = next(p for p in built["recap"].outputs if p.suffix == ".epub")
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    with zipfile.ZipFile(epub) as archive:
        page = etree.fromstring(archive.read("EPUB/index.xhtml"))
        ids = {}
        for name in archive.namelist():
            if name.endswith(".xhtml"):
                tree = etree.fromstring(archive.read(name))
                ids.update({e.get("id"): name for e in tree.iter() if e.get("id")})
        nav = etree.fromstring(archive.read("EPUB/nav.xhtml"))
    page_labels = {a.text for a in nav.findall(".//x:nav[@id='page-list']//x:a", ns)}
    links = page.findall(".//x:a", ns)
    assert len(links) >= 30
    for link in links:
        file_name, _, anchor = link.get("href").partition("#")
        assert ids[anchor] == f"EPUB/{file_name}"
        # named by the paperback page it stands on; study chapters, which the paperback
        # leaves out, by their title
        assert link.text in page_labels or link.text in {"Timeline", "Glossary"}


def write_book(root: Path, toml: str, words: int = 300) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    text = " ".join(f"word{n % 97}" for n in range(words))
    (root / "one.md").write_text(f"# One\n\n{text}\n", encoding="utf-8")
    (root / "book.toml").write_text(
        'title = "Preset"\nlanguage = "en"\nchapters = ["one.md"]\n' + toml, encoding="utf-8"
    )
    return root


def test_a_failing_preflight_fails_the_build_and_keeps_the_old_file(tmp_path: Path) -> None:
    manuscript = write_book(
        tmp_path / "m",
        '[editions.paperback]\npreset = "kdp"\nmargin_outer = "0.1in"\n',
        words=5000,
    )
    out = tmp_path / "out"
    out.mkdir()
    previous = out / "preset-paperback.pdf"
    previous.write_bytes(b"the previous good book")
    with pytest.raises(PressworkError) as caught:
        build(manuscript, out, ("pdf",), lambda message: None)
    assert "fails the KDP preflight" in caught.value.message
    assert "outside margins" in caught.value.message
    assert previous.read_bytes() == b"the previous good book"
    assert sorted(p.name for p in out.iterdir()) == [".cache", "preset-paperback.pdf"]


def test_gutter_grows_with_the_page_count_and_the_book_is_laid_out_again(
    tmp_path: Path,
) -> None:
    manuscript = write_book(
        tmp_path / "m",
        '[editions.paperback]\npreset = "kdp"\ntrim = "5in 8in"\nfont_size = "22pt"\n'
        'margin_inner = "0.375in"\nmargin_outer = "0.375in"\n',
        words=9000,
    )
    messages: list[str] = []
    result = build(manuscript, tmp_path / "out", ("pdf",), messages.append)
    (pdf,) = result.outputs
    assert 151 <= result.pages[pdf] <= 300
    assert any("gutter widened to 0.500in" in m for m in messages), messages
    assert any("laying out paperback again" in m for m in messages)
    assert main(["check", "-m", str(manuscript), str(pdf)]) == 0


def test_the_recaps_ingram_edition_passes_ingrams_preflight_and_pdfx(
    built: dict[str, BuildResult], capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = pdf_of(built, "recap", "ingram")
    assert built["recap"].pages[pdf] % 2 == 0  # IngramSpark: even, with a blank last page
    cover = pdf.with_name(pdf.stem + "-cover.pdf")
    assert main(["check", "-m", str(RECAP), str(pdf), str(cover)]) == 0
    report = capsys.readouterr().out
    assert report.count("PASS") == 6 and "FAIL" not in report  # its edition says pdfx
    assert report.count("(PDF/X-1a preflight)") == 2 and "IngramSpark preflight" in report


def test_check_with_no_files_checks_every_output_of_the_manuscript(
    built: dict[str, BuildResult], capsys: pytest.CaptureFixture[str]
) -> None:
    """`make check`: the EPUB, each edition and cover, bookmarks counted per edition's
    material."""
    out = pdf_of(built, "recap", "paperback").parent
    assert main(["check", "-m", str(RECAP), "-o", str(out), "--no-ace"]) == 0
    report = capsys.readouterr().out
    # the EPUB; 6 PDFs and their pagination reports; the KDP, IngramSpark and PDF/X-1a
    # preflights; the 2 covers, and the ingram cover's PDF/X-1a preflight
    assert report.count("PASS") == 19 and "FAIL" not in report


def test_a_cover_image_fills_the_front_into_the_bleed(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    manuscript = tmp_path / "novella"
    shutil.copytree(FIXTURES / "novella-fr", manuscript)  # has [epub] cover = an image
    with (manuscript / "book.toml").open("a", encoding="utf-8") as toml:
        toml.write('\n[editions.poche]\npreset = "kdp"\ncover = true\n')
    result = build(manuscript, tmp_path / "out", ("pdf",), lambda message: None)
    cover = next(p for p in result.outputs if p.name.endswith("-cover.pdf"))
    document = pdfium.PdfDocument(cover)
    page = document[0]
    images = [o for o in page.get_objects() if o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE]
    assert len(images) == 1
    left, bottom, right, top = images[0].get_bounds()  # before clipping to its box
    media = page.get_mediabox()  # the trim plus 9 pt of bleed on every side
    interior = next(p for p in result.outputs if p.stem.endswith("-poche"))
    a5, spine = 419.53, result.pages[interior] * 0.002252 * 72
    assert page.get_trimbox()[2] == pytest.approx(2 * a5 + spine, abs=0.5)
    assert left == pytest.approx(a5 + spine, abs=0.5)  # from the front's fold...
    assert right == pytest.approx(media[2], abs=0.5)  # ...into the bleed at the fore-edge
    assert bottom <= media[1] + 0.5 and top >= media[3] - 0.5  # and at head and foot
    page.close()
    document.close()
