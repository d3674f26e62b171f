"""The pagination pass: faults read from laid-out lines, the tweaks planned for them, the
report, and a book built with and without the pass (its pages read back with pdftotext,
not with the pass's own reading). Tweaks in the box tree: test_box_tweaks.py."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from presswork.cli.main import main
from presswork.pdf.pagemap import HYPHEN
from presswork.pdf.pagination import Line, find_faults
from presswork.pdf.pagination_report import PaginationReport
from presswork.pdf.part_cache import PartLayout
from presswork.pdf.repaginate import DISPLAY_FAULTS, Attempt, Pass, Tweak, plan

FIXTURE = Path(__file__).parent / "pagination-faults"
MEASURE = 300.0


def line(page: int, block: str, text: str, width: float = MEASURE, tag: str = "p") -> Line:
    return Line(page, block, tag, text, width, MEASURE, 14.0)


def full_page(page: int, block: str, count: int = 30) -> list[Line]:
    return [line(page, block, f"words words {i}") for i in range(count)]


def test_a_hyphen_at_a_page_foot_is_a_fault_but_not_on_the_last_page() -> None:
    pages = [
        [*full_page(0, "b1")[:-1], line(0, "b1", f"a long contri\xad{HYPHEN}")],
        full_page(1, "b1"),
    ]
    faults = find_faults(pages)
    assert [(f.kind, f.page, f.block, f.word) for f in faults] == [
        ("page-end hyphen", 0, "b1", "contri")
    ]
    last = [full_page(0, "b1"), [*full_page(1, "b2")[:-1], line(1, "b2", f"contri{HYPHEN}")]]
    assert find_faults(last) == []


def test_a_last_page_of_three_lines_is_a_stub_unless_something_fills_it() -> None:
    pages = [full_page(0, "b1"), full_page(1, "b2", 3)]
    assert [(f.kind, f.lines) for f in find_faults(pages)] == [("stub page", 3)]
    assert find_faults(pages, [1.0, 0.6]) == []  # three questions with their answer lines
    assert find_faults([full_page(0, "b1"), full_page(1, "b2", 4)]) == []
    assert find_faults([full_page(0, "b1", 2)]) == []  # a one-page chapter is not a stub


def test_three_hyphenated_lines_in_a_row_and_runts() -> None:
    ladder = [line(0, "b1", f"w{i} bro{HYPHEN}") for i in range(3)] + [line(0, "b1", "end.", 20)]
    faults = find_faults([ladder])
    assert [(f.kind, f.word) for f in faults] == [("hyphen ladder", "bro"), ("runt", "end.")]
    assert find_faults([[line(0, "b1", "one line.", 10)]]) == []  # one line: no runt
    heading = [line(0, "h", "A Title That", tag="h2"), line(0, "h", "Turns", 20, tag="h2")]
    assert [f.kind for f in find_faults([heading])] == ["unbalanced heading"]  # not a runt


def test_the_plan_keeps_a_word_whole_then_the_block_and_loosens_runts_near_it() -> None:
    pages = [[*full_page(0, "b1")[:-1], line(0, "b1", f"contri{HYPHEN}")], full_page(1, "b1")]
    first = Attempt({}, find_faults(pages), 2)
    tweaks = plan(first, pages)
    assert tweaks == {"b1": Tweak("b1", whole=("contri",))}
    again = plan(Attempt(tweaks, first.faults, 2), pages)
    assert again["b1"].whole == ("",)  # a second break there: no word of it is broken
    runt = [line(0, "b2", "a full line of text"), line(0, "b2", "end.", 20)]
    alone = plan(Attempt({}, find_faults([runt]), 1), [runt])
    assert alone == {}  # a runt far from any page fault: its pages are not made again
    near = [[*runt, *pages[0]], pages[1]]
    tracked = plan(Attempt({}, find_faults(near), 2), near)
    assert tracked["b2"].tracking == pytest.approx(0.02)  # loosened: it keeps its lines
    again = plan(Attempt(tracked, find_faults(near), 2), near)
    assert again["b2"].tracking == pytest.approx(0.02)  # never beyond +0.02em


def test_a_stub_is_pulled_back_first_then_pushed_from_the_page_before() -> None:
    before = [*full_page(0, "b1", 28), line(0, "b2", "a line"), line(0, "b2", "short.", 40)]
    body = [line(1, "b3", "a line"), line(1, "b3", "end.", 30), *full_page(1, "b5", 27)]
    body.append(line(1, "b4", "the foot line"))
    pages = [before, body, [line(2, "b4", "one"), line(2, "b4", "two.", 40)]]
    faults = find_faults(pages)
    stub = next(f for f in faults if f.kind == "stub page")
    pulled = plan(Attempt({}, [stub], 3), pages)
    assert pulled["b2"].tracking == pulled["b3"].tracking == pytest.approx(-0.02)
    pushed = plan(Attempt(pulled, [stub], 3), pages)
    assert pushed["b4"].turn  # one line at the foot, two over: sent over whole
    body[-4:] = [line(1, "b4", f"foot line {i}") for i in range(4)]
    pushed = plan(Attempt(pulled, [stub], 3), pages)
    assert pushed["b4"].widows == 2 + 4 - 2  # its two lines there and the two missing


def test_the_pass_keeps_the_best_layout_and_stops() -> None:
    stubbed = [full_page(0, "b1"), full_page(1, "b2", 2)]
    judge = Pass()
    assert judge.judge(stubbed) is False  # tries again with the tweaks it planned
    assert judge.tweaks
    for _ in range(10):
        if judge.judge(stubbed):
            break
    assert len(judge.tried) <= 5 and judge.kept.faults  # bounded; what is left is told
    _, report = judge.record()
    assert ("left", 1, "stub page (2 lines)") in report
    clean = Pass()
    assert clean.judge([full_page(0, "b1")]) is True and clean.record() == ([], [])


def test_the_report_puts_faults_on_folios_and_warns_of_the_ones_left(tmp_path: Path) -> None:
    front = PartLayout([("", 0)] * 3, {})
    chapter = PartLayout(
        [("", 0)] * 4,
        {},
        pagination=[
            ("fixed", 1, 'page-end hyphen ("contri-")'),
            ("left", 3, "stub page (2 lines)"),
            ("left", 2, 'runt ("end.")'),
        ],
    )
    report = PaginationReport.of(
        [front, chapter], [0, 4], ["i", "ii", "iii", "iv", "1", "2", "3", "4"]
    )
    assert report.summary() == "pagination: fixed 1 page-end hyphen; left 1 runt, 1 stub page"
    assert report.warnings() == ["page 4: stub page (2 lines) left by the pagination pass"]
    assert report.details() == ["page 4: stub page (2 lines)", 'page 3: runt ("end.")']
    report.write(tmp_path)
    assert PaginationReport.read(tmp_path, 8) == report
    assert PaginationReport.read(tmp_path, 9) is None  # another build's PDF


def _page_end_hyphens(pdf: Path) -> int:
    """Pages whose last line of text ends in a hyphen, read with pdftotext."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = [[ln.strip() for ln in page.splitlines() if ln.strip()] for page in text.split("\f")]
    texts = [[ln for ln in page[1:] if not ln.isdigit()] for page in pages]  # no head or folio
    return sum(1 for page in texts[:-1] if page and page[-1].endswith(HYPHEN))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_a_book_built_to_have_page_faults_comes_out_without_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    off = tmp_path / "off"
    shutil.copytree(FIXTURE, off)
    with (off / "book.toml").open("a", encoding="utf-8") as toml:
        toml.write("paginate = false\n")
    assert main(["build", str(off), "-o", str(tmp_path / "out-off"), "--format", "pdf"]) == 0
    assert _page_end_hyphens(tmp_path / "out-off" / "pagination.pdf") >= 3  # as written
    out = tmp_path / "out"
    assert main(["build", str(FIXTURE), "-o", str(out), "--format", "pdf", "--strict"]) == 0
    assert _page_end_hyphens(out / "pagination.pdf") == 0
    told = capsys.readouterr().err
    assert "page-end hyphens, " in told and "1 stub page; left " in told
    left = told.split("1 stub page; left ")[1].splitlines()[0]
    assert "hyphen" not in left and "stub" not in left  # only runts may be left
    report = PaginationReport.read(
        out / ".cache" / "pages" / "print", _pages(out / "pagination.pdf")
    )
    assert report is not None and not report.warnings()
    assert main(["check", "-m", str(FIXTURE), "-o", str(out), str(out / "pagination.pdf")]) == 0
    checked = capsys.readouterr().out
    assert "(pagination pass): 0 error(s), 0 warning(s)" in checked
    assert "note: pagination: fixed" in checked


def _pages(pdf: Path) -> int:
    import pikepdf

    with pikepdf.open(pdf) as document:
        return len(document.pages)


def test_an_uneven_heading_is_found_and_narrowed_until_it_is_even() -> None:
    heading = [
        line(0, "h", "Did Adela Open Her Restaurant? How", 260, tag="h1"),
        line(0, "h", "Did Kalpana Chawla\u00a0Die?", 160, tag="h1"),
    ]
    label = line(0, "h", "Chapter 4", 60, tag="span")  # the number above it: not its text
    pages = [[label, *heading, *full_page(0, "b1", 20)]]
    faults = [f for f in find_faults(pages) if f.kind == "unbalanced heading"]
    assert [(f.block, f.page) for f in faults] == [("h", 0)]
    first = plan(Attempt({}, faults, 1), pages)["h"].narrow
    # its text shared by two lines plus its longest word: it cannot need a third line
    assert 0 < first < (MEASURE - (260 + 160) / 2) / 2
    again = plan(Attempt({"h": Tweak("h", narrow=first)}, faults, 1), pages)["h"].narrow
    assert again > first  # then just enough to send "How" over
    even = [
        line(0, "h", "Plot Synopsis: What", 150, tag="h1"),
        line(0, "h", "Happens", 140, tag="h1"),
    ]
    assert not [f for f in find_faults([even]) if f.kind == "unbalanced heading"]


def test_the_front_matter_pass_judges_its_display_lines_only() -> None:
    title = [
        line(0, "book-subtitle", "A Recap of the Film: From Migrant Farmworker to", 280, tag="p"),
        line(0, "book-subtitle", "NASA\u00a0Astronaut", 90, tag="p"),
    ]
    pages = [[*title], [line(1, "toc", "Contents", 60)]]  # a short last page: not a stub here
    judge = Pass(kinds=DISPLAY_FAULTS)
    assert judge.judge(pages) is False and set(judge.tweaks) == {"book-subtitle"}
    assert [f.kind for f in judge.tried[0].faults] == ["unbalanced heading"]
