"""What a new user met in the first hour, each now as the README says (issue 12's second
list): one test per item."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pikepdf
import pytest
from lxml import etree
from PIL import Image

from conftest import RECAP, Recorder
from presswork.build import build
from presswork.cli.main import main
from presswork.epub.package import _locators
from presswork.manuscript.book_toml import load_config
from presswork.manuscript.index import IndexEntry, IndexGroup
from presswork.manuscript.model import IndexTerm
from presswork.theme.styles import default_styles

ROOT = Path(__file__).resolve().parents[1]
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"


def small_book(tmp_path: Path, chapter: str = "# One\n\nText.\n", toml: str = "") -> Path:
    root = tmp_path / "my-book"
    root.mkdir()
    (root / "book.toml").write_text(
        f'title = "My Book"\nsubtitle = "A Story: Told"\nlanguage = "en"\n'
        f'chapters = ["one.md"]\n[[creators]]\nname = "Ada Writer"\n{toml}',
        encoding="utf-8",
    )
    (root / "one.md").write_text(chapter, encoding="utf-8")
    return root


def opf_of(epub: Path) -> etree._Element:
    with zipfile.ZipFile(epub) as archive:
        return etree.fromstring(archive.read("EPUB/content.opf"))


@pytest.mark.allow_warnings
def test_the_300_dpi_warning_fires_in_the_default_layout(
    tmp_path: Path, no_warnings: Recorder
) -> None:
    root = small_book(tmp_path, "# One\n\n![A small dot](dot.png)\n", "[epub]\npage_list = false\n")
    Image.new("RGB", (60, 60), "navy").save(root / "dot.png")
    build(root, tmp_path / "out", ("pdf",), lambda message: None)
    assert any("below 300 for print" in r.getMessage() for r in no_warnings.records)


def test_the_proof_leaving_the_kdp_preset_is_tagged_with_links() -> None:
    proof = load_config(RECAP / "book.toml").edition("proof")
    assert (proof.settings.preset, proof.settings.tagged, proof.settings.links) == (
        "none",
        True,
        True,
    )
    assert proof.settings.margin_top == "0.75in"  # what KDP did not set stays


def test_build_from_inside_the_manuscript(tmp_path: Path) -> None:
    root = small_book(tmp_path, toml="[epub]\npage_list = false\n")
    command = [sys.executable, "-m", "presswork.cli", "build", "-q", "-f", "epub"]
    done = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "my-book-build" / "my-book.epub").is_file()
    assert sorted(p.name for p in root.iterdir()) == ["book.toml", "one.md"]  # untouched


def test_system_deps_never_reports_a_present_library_missing() -> None:
    for _ in range(20):  # the SIGPIPE race showed at random
        done = subprocess.run(
            ["bash", "scripts/system-deps", "build"], cwd=ROOT, capture_output=True, text=True
        )
        assert done.returncode == 0 and "installing" not in done.stderr, done.stderr


def test_an_epub_says_what_it_holds(tmp_path: Path) -> None:
    root = small_book(tmp_path, toml='[print]\nisbn = "978-0-306-40615-7"\n')
    out = tmp_path / "out"
    build(root, out, ("epub",), lambda message: None)
    opf = opf_of(out / "my-book.epub")
    assert [t.text for t in opf.iter(f"{DC}title")] == ["My Book"]  # Kindle joins them
    assert [s.text for s in opf.iter(f"{DC}source")] == ["urn:isbn:9780306406157"]
    metas = {m.get("property"): m.text for m in opf.iter(f"{OPF}meta")}
    assert "notes" not in str(metas["schema:accessibilitySummary"])  # this book has none
    assert "nav[hidden] { display: none; }" in (default_styles() / "epub.css").read_text()


def test_the_page_source_names_the_print_edition_without_an_isbn(tmp_path: Path) -> None:
    root = small_book(tmp_path, toml='[print]\nlabel = "Paperback"\n')
    build(root, tmp_path / "out", ("epub",), lambda message: None)
    (source,) = [s.text for s in opf_of(tmp_path / "out" / "my-book.epub").iter(f"{DC}source")]
    assert source == "My Book, Paperback edition, 6in 9in (print)"


def test_a_term_marked_twice_on_a_page_is_listed_once() -> None:
    terms = tuple(IndexTerm(f"t{i}", "Adela", "ch") for i in range(3))
    index = (IndexGroup("A", (IndexEntry("Adela", "Adela", terms),)),)
    folios = {"t0": "5", "t1": "5", "t2": "9"}
    assert _locators(index, folios, {"ch": "1"}) == {"Adela": [("5", "t0"), ("9", "t2")]}


@pytest.mark.slow
def test_check_takes_every_output_cover_included_and_covers_have_an_author(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "recap"
    shutil.copytree(RECAP, root)
    out = tmp_path / "out"
    assert main(["build", str(root), "-o", str(out), "-e", "paperback", "-f", "pdf"]) == 0
    err = capsys.readouterr().err
    assert "paperback: laying out" in err  # progress says whose line it is
    covers = [str(p) for p in out.glob("*.pdf")]
    assert main(["check", *covers, "-m", str(root), "-o", str(out)]) == 0
    with pikepdf.open(out / "a-million-miles-away-paperback-cover.pdf") as pdf:
        assert str(pdf.docinfo["/Author"]) == "Presswork Editors"


def test_bench_makes_its_folder_on_a_fresh_clone() -> None:
    text = (ROOT / "scripts" / "bench.py").read_text(encoding="utf-8")
    css_at = text.index('css = OUT / "pandoc-page.css"')
    assert "OUT.mkdir(parents=True, exist_ok=True)" in text[css_at : css_at + 200]
    assert os.access(ROOT / "scripts" / "system-deps", os.X_OK)
