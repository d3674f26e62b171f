"""The PDF laid out in parts (parallel worker processes, joined with pikepdf) against the
same book laid out as one document in one process (`--layout whole`): same pages, same
text on every page (so the same contents numbers, folios, running heads and index), same
outline, same link targets, a sound structure tree; and a rebuild after editing one
chapter lays out only what changed and writes the bytes of a cold build."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest

from conftest import FIXTURES, RECAP, build_clean
from presswork.build import build
from presswork.checks import unembedded_fonts
from presswork.errors import PressworkError
from presswork.manuscript.load import load_manuscript
from presswork.pdf import join, patches
from presswork.pdf import join_fonts as font_union
from presswork.pdf import parts as parts_module
from presswork.pdf.cross_part import CROSS_PART
from presswork.pdf.html import cross_part_links
from presswork.pdf.part_cache import PartLayout
from presswork.pdf.patches import folio_shift
from presswork.pdf.pool import Pool
from presswork.pdf.worker import PartJob, first_folio, recto
from presswork.theme.styles import default_styles

CASES = [
    (RECAP, "study-guide"),  # tagged, index with ranges, study chapters, notes pages
    (RECAP, "paperback"),  # KDP: no links or outline, blank pages added at the end
    (RECAP, "proof"),  # bleed and crop marks on every page, blank versos included
    (FIXTURES / "kitchen-sink", None),  # footnotes, tables, images, cross-chapter links
    (FIXTURES / "arabic-ar", None),  # right to left
    (FIXTURES / "chinese-zh", None),
    (FIXTURES / "novella-fr", None),
    (Path(__file__).parent / "pagination-faults", None),  # the pass changes every chapter
    (Path(__file__).parent / "run-on-chapters", None),  # chapter_start = "any": versos too
]


def _build_pdf(manuscript: Path, out: Path, edition: str | None, whole: bool) -> Path:
    editions = (edition,) if edition else ()
    result = build(manuscript, out, ("pdf",), lambda _: None, editions=editions, whole=whole)
    return next(p for p in result.outputs if p.suffix == ".pdf" and "cover" not in p.name)


def _pages_text(path: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1]


def _pixels(path: Path, folder: Path) -> list[bytes]:
    """Every page rendered at 40 dpi (pdftoppm), as raw grey pixels."""
    from PIL import Image

    folder.mkdir()
    subprocess.run(["pdftoppm", "-r", "40", "-gray", str(path), str(folder / "p")], check=True)
    return [Image.open(page).tobytes() for page in sorted(folder.glob("p-*.pgm"))]


def _summary(path: Path) -> dict[str, object]:
    """What a reader sees of the PDF's structure: the outline, where every link leads, the
    named destinations, the page boxes."""
    with pikepdf.open(path) as pdf:
        page_of = {page.objgen: i for i, page in enumerate(pdf.pages)}
        names = {}
        if "/Names" in pdf.Root and "/Dests" in pdf.Root.Names:
            for name, dest in pikepdf.NameTree(pdf.Root.Names.Dests).items():
                names[name] = page_of[dest[0].objgen]
        outline: list[tuple[int, str, int]] = []

        def walk(items: list[pikepdf.OutlineItem], depth: int) -> None:
            for item in items:
                outline.append((depth, item.title, page_of[item.destination[0].objgen]))
                walk(item.children, depth + 1)

        with pdf.open_outline() as tree:
            walk(list(tree.root), 0)
        links = set()
        for number, page in enumerate(pdf.pages):
            for annotation in page.obj.get("/Annots", []):
                assert "/A" not in annotation or not str(annotation.A.get("/URI", "")).startswith(
                    CROSS_PART
                )
                if "/Dest" in annotation:
                    links.add((number, names[str(annotation.Dest)]))
        boxes = [
            tuple(tuple(float(x) for x in page.obj[box]) for box in ("/MediaBox", "/TrimBox"))
            for page in pdf.pages
            if "/TrimBox" in page.obj
        ]
        return {"outline": outline, "links": links, "names": names, "boxes": boxes}


def _check_structure(path: Path) -> None:
    """Every structure element's page is a page of this file, and the parent tree has the
    key each page and annotation claims."""
    with pikepdf.open(path) as pdf:
        if "/StructTreeRoot" not in pdf.Root:
            return
        root = pdf.Root.StructTreeRoot
        pages = {page.objgen for page in pdf.pages}
        flat = list(root.ParentTree.Nums)
        keys = [int(flat[i]) for i in range(0, len(flat), 2)]
        assert len(keys) == len(set(keys))
        assert int(root.ParentTreeNextKey) > max(keys)
        for page in pdf.pages:
            assert int(page.obj.StructParents) in keys
            for annotation in page.obj.get("/Annots", []):
                assert int(annotation.StructParent) in keys
        documents = list(root.K) if isinstance(root.K, pikepdf.Array) else [root.K]
        assert [d.S for d in documents] == ["/Document"]
        todo, seen = [documents[0]], 0
        while todo:
            element = todo.pop()
            seen += 1
            if "/Pg" in element:
                assert element.Pg.objgen in pages
            kids = element.get("/K")
            kids = kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
            for kid in kids:
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:  # not MCR/OBJR
                    assert kid.P.objgen == element.objgen
                    todo.append(kid)
        assert seen > 10


@pytest.mark.slow
@pytest.mark.parametrize(("manuscript", "edition"), CASES)
def test_parts_give_the_whole_book(manuscript: Path, edition: str | None, tmp_path: Path) -> None:
    whole = _build_pdf(manuscript, tmp_path / "whole", edition, whole=True)
    parts = _build_pdf(manuscript, tmp_path / "parts", edition, whole=False)
    expected, found = _pages_text(whole), _pages_text(parts)
    assert len(found) == len(expected)
    for number, (want, got) in enumerate(zip(expected, found, strict=True), start=1):
        assert got == want, f"page {number} differs"
    assert _summary(parts) == _summary(whole)
    _check_structure(parts)
    assert _pixels(parts, tmp_path / "parts-png") == _pixels(whole, tmp_path / "whole-png")
    programs: dict[str, set[tuple[int, int]]] = {}
    with pikepdf.open(parts) as pdf:
        for descendant in font_union._cid_fonts(pdf):
            descriptor = descendant.FontDescriptor
            programs.setdefault(str(descriptor.FontName), set()).add(descriptor.FontFile2.objgen)
    assert programs and all(len(found) == 1 for found in programs.values())  # one per face
    with pikepdf.open(parts) as pdf, pikepdf.open(whole) as reference:
        assert unembedded_fonts(pdf) == []
        assert ("/StructTreeRoot" in pdf.Root) == ("/StructTreeRoot" in reference.Root)
        assert pdf.open_metadata().get("pdfuaid:part") == reference.open_metadata().get(
            "pdfuaid:part"
        )


@pytest.mark.slow
def test_contents_numbers_are_the_pages_the_chapters_open_on(tmp_path: Path) -> None:
    """Read from the printed contents: each chapter's number is the folio printed on the
    page its bookmark leads to (the study guide's arabic folios start at page 7), and the
    entries are links to those pages."""
    path = _build_pdf(RECAP, tmp_path / "parts", "study-guide", whole=False)
    pages = _pages_text(path)
    contents = next(text for text in pages if text.lstrip().startswith("Contents"))
    printed = [int(n) for n in re.findall(r"\.\s+(\d+)\s*$", contents, re.MULTILINE)]
    summary = _summary(path)
    opening = next(page for _, title, page in summary["outline"] if title == "Introduction")  # type: ignore[attr-defined]
    chapters = [page for depth, _, page in summary["outline"] if depth == 0]  # type: ignore[attr-defined]
    assert printed == [page - opening + 1 for page in chapters]
    assert len(printed) == 12  # 6 chapters, 3 appendices, the vocabulary, index, notes
    # and each entry (title and number) is a link to the page it names
    contents_page = pages.index(contents)
    targets = {target for page, target in summary["links"] if page == contents_page}  # type: ignore[attr-defined]
    assert targets == set(chapters)


@pytest.mark.slow
def test_rebuild_after_an_edit_lays_out_only_what_changed(tmp_path: Path) -> None:
    manuscript = tmp_path / "book"
    shutil.copytree(FIXTURES / "novella-fr", manuscript)
    out = tmp_path / "warm"
    build_clean(manuscript, out, ("pdf",))
    first = load_manuscript(manuscript)[1][0].path
    messages: list[str] = []
    build(manuscript, out, ("pdf",), messages.append)
    assert not [m for m in messages if "laying out" in m and "chapter" in m]  # all cached

    def rebuild_equals_cold(edited: Path, text: str, laid_out: list[str]) -> None:
        edited.write_text(edited.read_text(encoding="utf-8") + text, encoding="utf-8")
        messages.clear()
        warm = build(manuscript, out, ("pdf",), messages.append).outputs[0]
        assert [m for m in messages if "chapter(s)" in m] == laid_out
        cold = build_clean(manuscript, tmp_path / f"cold-{len(text)}", ("pdf",)).outputs[0]
        assert warm.read_bytes() == cold.read_bytes()

    # a sentence: the chapter keeps its page count, the others are reused as they were
    rebuild_equals_cold(first, "\nUne phrase de plus.\n", ["print: laying out 1 of 3 chapter(s)"])
    # pages more: the chapters after it move, so they are laid out again with new folios
    more = "\n" + "\n\n".join(["Un paragraphe de plus, pour allonger ce chapitre."] * 60)
    moved = "print: laid out 2 more chapter(s) whose folios moved"
    rebuild_equals_cold(first, more, ["print: laying out 1 of 3 chapter(s)", moved])
    pdfs = list((out / ".cache" / "pages" / "print").glob("*.pdf"))
    keys = [path.name.split("-")[0] for path in pdfs]
    assert len(keys) == len(set(keys)) == 6  # front, 3 chapters, back, the blank page
    # one Markdown conversion and one print body per chapter: the edited ones replaced
    assert len(list((out / ".cache" / "markdown").glob("*.json"))) == 3
    assert len(list((out / ".cache" / "pages" / "print" / "bodies").glob("*.html"))) == 3


@pytest.mark.slow
def test_a_long_book_is_joined_in_a_process_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same bytes whether the parts are joined here (held open until the book is
    saved) or in a fresh interpreter (each closed once its pages are copied)."""
    here = build_clean(FIXTURES / "kitchen-sink", tmp_path / "here", ("pdf",)).outputs[0]
    monkeypatch.setattr(parts_module, "JOIN_APART_PAGES", 0)
    apart = build_clean(FIXTURES / "kitchen-sink", tmp_path / "apart", ("pdf",)).outputs[0]
    assert apart.read_bytes() == here.read_bytes()


def test_a_failing_join_apart_says_so(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.pdf"
    with pytest.raises(RuntimeError, match=r"joining the parts of out\.pdf failed"):
        join.join_apart([missing], tmp_path / "out.pdf")


def test_folios_are_shifted_after_pagination() -> None:
    import weasyprint

    css = weasyprint.CSS(string="@page { size: A7; @bottom-center { content: counter(page) } }")
    html = weasyprint.HTML(string="<p>a</p><p style='break-before: page'>b</p>")
    seen: list[int] = []

    def source(pages: list[object]) -> int:
        seen.append(len(pages))
        return 40

    patches.install()
    with folio_shift.shifting(source):
        shifted = html.render(stylesheets=[css])
    plain = html.render(stylesheets=[css])
    assert seen == [2]

    def folios(document: object) -> list[str]:
        found = []
        for page in document.pages:  # type: ignore[attr-defined]
            boxes = [box for box in page._page_box.descendants() if hasattr(box, "text")]
            found.append("".join(box.text for box in boxes if box.text.isdigit()))
        return found

    assert folios(plain) == ["1", "2"]
    assert folios(shifted) == ["41", "42"]


def test_chapters_open_on_odd_folios() -> None:
    assert first_folio([]) == 1
    assert first_folio([9]) == 11  # 1-9, a blank 10
    assert first_folio([9, 8]) == 19  # 11-18, 19 is a recto
    assert first_folio([9, None]) is None
    assert first_folio([9, 8], run_on=True) == 18  # chapter_start = "any": 1-9, 10-17, 18
    assert recto(18) == 19 and recto(19) == 19  # the back matter still opens on a recto


def test_run_on_chapters_need_no_blank_versos_but_the_matter_does() -> None:
    front, one, two, three, back = (PartLayout([("", 0)] * n, {}) for n in (5, 3, 3, 2, 1))
    layouts = [front, one, two, three, back]
    assert parts_module._offsets(layouts) == ([0, 6, 10, 14, 16], 17)
    assert parts_module._offsets(layouts, run_on=True) == ([0, 6, 9, 12, 14], 15)


def test_links_to_other_parts_get_the_cross_part_scheme() -> None:
    html = (
        '<p id="a"><a href="#a">here</a> <a href="#b">there</a> <a href="https://x.org/#b">web</a>'
    )
    assert cross_part_links(html) == (
        '<p id="a"><a href="#a">here</a> <a href="presswork-part:b">there</a> '
        '<a href="https://x.org/#b">web</a>'
    )
    assert CROSS_PART == "presswork-part:"


def test_a_failing_chapter_stops_the_chapters_waiting_for_it(tmp_path: Path) -> None:
    """The second chapter waits for the first one's page count; when the first fails,
    the second gives up instead of waiting for ever, and the first one's error is the one
    reported."""
    root = tmp_path / "book"
    root.mkdir()
    theme = tmp_path / "theme"
    shutil.copytree(default_styles(), theme)
    css = "@page { size: A6; }"
    good = PartJob("k2", "<p>fine</p>", css, root.as_uri() + "/", root, theme, slot=1)
    bad = dataclasses.replace(
        good, key="k1", html='<p>x</p><img src="file:///etc/hostname">', slot=0
    )
    with Pool(2, 2) as pool:
        pool.reset([None, None])
        with pytest.raises(PressworkError, match="outside the manuscript"):
            pool.run([bad, good])


@pytest.mark.slow
def test_settings_templates_and_stylesheets_invalidate_the_parts(tmp_path: Path) -> None:
    """What a part's layout depends on is in its cache key: a print setting in book.toml
    (the page CSS), a stylesheet (the theme) or anything in the part's HTML (here the
    title, from book.toml through the templates) lays every chapter out again."""
    manuscript = tmp_path / "book"
    shutil.copytree(FIXTURES / "novella-fr", manuscript)
    out = tmp_path / "out"
    build_clean(manuscript, out, ("pdf",))

    def laid_out_after(change: Path, old: str, new: str) -> list[str]:
        text = change.read_text(encoding="utf-8")
        assert old in text
        change.write_text(text.replace(old, new), encoding="utf-8")
        messages: list[str] = []
        build(manuscript, out, ("pdf",), messages.append)
        return [m for m in messages if "chapter(s)" in m]

    everything = ["print: laying out 3 of 3 chapter(s)"]
    assert (
        laid_out_after(manuscript / "book.toml", 'font_size = "11pt"', 'font_size = "10.5pt"')
        == everything
    )
    sheet = manuscript / "styles" / "print.css"
    sheet.write_text("p { letter-spacing: 0.01em; }\n", encoding="utf-8")
    assert laid_out_after(sheet, "0.01em", "0.02em") == everything
    # the title is in every part (the running head on versos)
    toml = manuscript / "book.toml"
    assert laid_out_after(toml, "La Nuit des étoiles", "La Nuit des comètes") == everything


def test_glyph_ids_come_from_both_forms_of_the_widths_array() -> None:
    descendant = pikepdf.Dictionary(W=pikepdf.Array([3, pikepdf.Array([500, 600]), 10, 12, 250]))
    assert font_union._glyph_ids(descendant) == [3, 4, 10, 11, 12]


def test_joined_font_programs_are_kept_by_what_they_join_and_pruned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[int] = []

    def union(programs: list[tuple[bytes, list[int]]]) -> bytes:
        made.append(len(programs))
        return b"".join(data for data, _ in sorted(programs))

    monkeypatch.setattr(font_union, "_union", union)
    programs = [(b"a", [1, 2]), (b"b", [3])]
    first = font_union._Kept(tmp_path)
    assert first.get(programs) == b"ab" and made == [2]
    later = font_union._Kept(tmp_path)  # the next join: the same subsets, in another order
    assert later.get(list(reversed(programs))) == b"ab" and made == [2]
    assert later.get([(b"a", [1, 2]), (b"c", [3])]) == b"ac" and made == [2, 2]
    edited = font_union._Kept(tmp_path)
    assert edited.get([(b"a", [1, 2]), (b"c", [3])]) == b"ac" and made == [2, 2]
    edited.prune()
    assert len(list(tmp_path.glob("*.ttf"))) == 1  # the union no join used any more is gone
