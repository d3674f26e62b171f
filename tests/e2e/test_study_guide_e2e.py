"""The recap's study guides (Letter, A4) and teacher's edition as a teacher photocopies
them, read back from the PDFs: text and word positions with pdftotext, rules from the
content streams with pikepdf. No question is parted from its lines or box from itself,
each worksheet opens under its name line, the answer lines are black and 8 mm or more
apart, the front matter is centred on the sheet, the notes pages are ruled to the bottom
margin, the teacher's edition holds every answer and the others none, and the vocabulary
cites the page where each word first stands."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from lxml import etree

from conftest import RECAP, pdf_of
from presswork.build import BuildResult
from presswork.manuscript.load import load_manuscript
from presswork.manuscript.model import Book
from presswork.manuscript.parse import parse_book
from presswork.manuscript.select import select_material
from presswork.manuscript.vocabulary import build_vocabulary

pytestmark = pytest.mark.slow
STUDY = ["study-guide", "study-guide-a4", "teacher"]
MM = 72 / 25.4
HYPHEN = "\u2010"


@dataclass(frozen=True)
class Rule:
    """A horizontal rule as WeasyPrint draws a border: a thin filled rectangle."""

    x0: float
    x1: float
    y: float  # from the top of the page, in points
    thickness: float
    colour: tuple[float, ...]


def recap(study: bool, answers: str = "none") -> Book:
    config, sources = load_manuscript(RECAP)
    book = parse_book(config, RECAP, sources, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    return select_material(book, study=study, answers=answers)  # type: ignore[arg-type]


def pages_of(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return out.stdout.split("\f")[:-1]


def flat(text: str) -> str:
    """Words in a row, a word hyphenated at a line end joined again."""
    return " ".join(text.replace(f"{HYPHEN}\n", "").split())


def words_of(pdf: Path) -> list[list[tuple[str, float, float, float]]]:
    """Each page's words as (text, xMin, xMax, yMin) from pdftotext -bbox."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    root = etree.fromstring(out.encode(), etree.XMLParser(recover=True))
    pages = []
    for page in root.iter("{*}page"):
        pages.append(
            [
                (w.text or "", float(w.get("xMin")), float(w.get("xMax")), float(w.get("yMin")))
                for w in page.iter("{*}word")
            ]
        )
    return pages


def rules_of(page: pikepdf.Page) -> list[Rule]:
    """The page's horizontal rules: a thin path of four points (m l l l) then its colour."""
    height = float(page.mediabox[3])
    stack, ctm = [], (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    path: list[tuple[float, float]] = []
    found, pending = [], None
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "q":
            stack.append(ctm)
        elif op == "Q":
            ctm = stack.pop()
        elif op == "cm":
            a, b, c, d, e, f = (float(v) for v in operands)
            A, B, C, D, E, F = ctm
            ctm = (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
                   e * A + f * C + E, e * B + f * D + F)  # fmt: skip
        elif op == "m":
            path = [_apply(ctm, operands)]
        elif op == "l":
            path.append(_apply(ctm, operands))
            if len(path) == 4:
                pending = _thin(path, height)
        elif op == "rg" and pending is not None:
            found.append(Rule(*pending, tuple(round(float(v), 3) for v in operands)))
            pending = None
        elif op == "BT":
            pending = None
    return found


def _apply(ctm: tuple[float, ...], point: object) -> tuple[float, float]:
    x, y = (float(v) for v in point)  # type: ignore[attr-defined]
    a, b, c, d, e, f = ctm
    return a * x + c * y + e, b * x + d * y + f


def _thin(path: list[tuple[float, float]], height: float) -> tuple[float, ...] | None:
    xs, ys = [p[0] for p in path], [p[1] for p in path]
    thickness, width = max(ys) - min(ys), max(xs) - min(xs)
    if thickness > 1.5 or width < 100:
        return None
    return min(xs), max(xs), height - max(ys), thickness


def items_of(book: Book, kind: str) -> list[str]:
    """The text of every item of every `kind` box (questions, answers), in reading order."""
    found = []
    for chapter in book.chapters:
        root = etree.fromstring(f"<div>{chapter.body}</div>")
        for box in root.iter("div"):
            if kind in str(box.get("class", "")).split():
                found += [" ".join("".join(li.itertext()).split()) for li in box.iter("li")]
    return found


@pytest.mark.parametrize("edition", STUDY)
def test_every_question_stands_on_one_page_above_its_lines(
    built: dict[str, BuildResult], edition: str
) -> None:
    pdf = pdf_of(built, "recap", edition)
    pages = pages_of(pdf)
    questions = items_of(recap(study=True), "questions")
    assert len(questions) == 16
    words = words_of(pdf)
    with pikepdf.open(pdf) as document:
        for question in questions:
            holding = [n for n, page in enumerate(pages) if question in flat(page)]
            assert len(holding) == 1, (edition, question)  # all of it on one page
            bottom = _end_of(question.split(), words[holding[0]])
            below = [r.y for r in rules_of(document.pages[holding[0]]) if r.y > bottom]
            assert len(below) >= 3, (edition, question)  # its lines on its page


def _end_of(wanted: list[str], words: list[tuple[str, float, float, float]]) -> float:
    """Where the words `wanted` end on the page (a word hyphenated over two lines joined)."""
    joined: list[tuple[str, float]] = []
    for text, _, _, y in words:
        if joined and joined[-1][0].endswith(HYPHEN):
            joined[-1] = (joined[-1][0][:-1] + text, y)
        else:
            joined.append((text, y))
    texts = [text for text, _ in joined]
    for start in range(len(texts) - len(wanted) + 1):
        if texts[start : start + len(wanted)] == wanted:
            return joined[start + len(wanted) - 1][1]
    raise AssertionError(f"not on the page: {' '.join(wanted)}")


@pytest.mark.parametrize("edition", STUDY)
def test_no_key_points_or_quiz_box_is_split(built: dict[str, BuildResult], edition: str) -> None:
    pages = [flat(page) for page in pages_of(pdf_of(built, "recap", edition))]
    for chapter in recap(study=True).chapters:
        root = etree.fromstring(f"<div>{chapter.body}</div>")
        for box in root.iter("div"):
            kinds = str(box.get("class", "")).split()
            if not {"key-points", "multiple-choice", "true-false"} & set(kinds):
                continue
            items = [" ".join("".join(li.itertext()).split()) for li in box.iter("li")]
            openings = [" ".join(item.split()[:3]) for item in items]
            # every item on one page (an item's words may also stand elsewhere)
            assert any(all(o in page for o in openings) for page in pages), (edition, items)


@pytest.mark.parametrize("edition", STUDY)
def test_each_worksheet_opens_under_its_name_line(
    built: dict[str, BuildResult], edition: str
) -> None:
    sheets = 0
    for page in pages_of(pdf_of(built, "recap", edition)):
        for heading in ("Discussion questions", "Put the events in order"):
            if heading in page:
                sheets += 1
                before = page.split(heading)[0].split()
                assert {"Name", "Class", "Date"} <= set(before), (edition, page[:200])
    assert sheets == 7  # six chapters' questions and the sequencing exercise


@pytest.mark.parametrize("edition", STUDY)
def test_answer_lines_are_black_and_far_enough_apart(
    built: dict[str, BuildResult], edition: str
) -> None:
    pdf = pdf_of(built, "recap", edition)
    pages = pages_of(pdf)
    with pikepdf.open(pdf) as document:
        for number, text in enumerate(pages):
            if "Discussion questions" not in text:
                continue
            rules = [r for r in rules_of(document.pages[number]) if r.x1 - r.x0 > 200]
            assert len(rules) >= 6
            for rule in rules:
                assert rule.colour == (0.0, 0.0, 0.0) and 0.4 <= rule.thickness <= 0.8
            ys = sorted(r.y for r in rules)
            assert min(b - a for a, b in itertools.pairwise(ys)) >= 8 * MM
            colours = {
                tuple(round(float(v), 2) for v in operands)
                for operands, operator in pikepdf.parse_content_stream(document.pages[number])
                if str(operator) == "rg"
            }
            assert (0.95, 0.95, 0.93) not in colours  # no tint behind them (#f3f1ec)


@pytest.mark.parametrize("edition", STUDY)
def test_front_matter_is_centred_on_the_sheet(built: dict[str, BuildResult], edition: str) -> None:
    pdf = pdf_of(built, "recap", edition)
    words = words_of(pdf)
    pages = pages_of(pdf)
    with pikepdf.open(pdf) as document:
        width = float(document.pages[0].mediabox[2])
    titled = [n for n, page in enumerate(pages[:6]) if "A Million Miles Away" in page]
    contents = next(n for n, page in enumerate(pages) if page.startswith("Contents"))
    for number in [*titled[:2], contents]:  # half title, title page, contents
        lefts = [x0 for _, x0, _, _ in words[number]]
        rights = [x1 for _, _, x1, _ in words[number]]
        centre = (min(lefts) + max(rights)) / 2
        assert abs(centre - width / 2) <= 0.05 * 72, (edition, number, centre, width / 2)


@pytest.mark.parametrize("edition", STUDY)
def test_notes_pages_are_ruled_to_the_bottom_margin(
    built: dict[str, BuildResult], edition: str
) -> None:
    pdf = pdf_of(built, "recap", edition)
    pages = pages_of(pdf)
    with pikepdf.open(pdf) as document:
        height = float(document.pages[0].mediabox[3])
        notes = [n for n, page in enumerate(pages) if page.strip().startswith("Notes")]
        assert len(notes) == 4
        for number in notes:
            ys = sorted(r.y for r in rules_of(document.pages[number]))
            bottom = height - 1.0 * 72  # the study guides' margin_bottom
            assert bottom - 8.5 * MM <= ys[-1] <= bottom + 1, (edition, number, ys[-1])
            assert len(ys) >= 20


def test_the_teachers_edition_holds_every_answer_and_the_others_none(
    built: dict[str, BuildResult],
) -> None:
    answers = items_of(recap(study=True, answers="inline"), "answers")
    assert len(answers) == 16
    teacher = flat("\n".join(pages_of(pdf_of(built, "recap", "teacher"))))
    for answer in answers:
        assert " ".join(answer.split()[:8]) in teacher, answer
    assert teacher.count("(the answer)") == 5 + 10  # multiple-choice questions, statements
    epub = built["recap"].outputs
    (book,) = [p for p in epub if p.suffix == ".epub"]
    with zipfile.ZipFile(book) as archive:
        ebook = " ".join(
            archive.read(n).decode() for n in archive.namelist() if n.endswith(".xhtml")
        )
    for edition in ("study-guide", "study-guide-a4", "paperback"):
        text = flat("\n".join(pages_of(pdf_of(built, "recap", edition))))
        for student in (text, " ".join(re.sub(r"<[^>]+>", " ", ebook).split())):
            assert "(the answer)" not in student and "Answers" not in student
            for answer in answers:
                if not answer.startswith("Answers will vary"):
                    assert " ".join(answer.split()[:8]) not in student, (edition, answer)


@pytest.mark.parametrize("edition", ["study-guide", "study-guide-a4"])
def test_the_vocabulary_cites_the_page_where_each_word_first_stands(
    built: dict[str, BuildResult], edition: str
) -> None:
    from test_editions_e2e import printed_folio

    pages = pages_of(pdf_of(built, "recap", edition))
    entries = build_vocabulary(recap(study=True))
    assert len(entries) == 9
    (listing,) = [flat(p) for p in pages if p.strip().startswith("Vocabulary")]
    by_folio = {printed_folio(page): flat(page) for page in pages if page.strip()}
    body = [flat(p) for p in pages]
    for entry in entries:
        match = re.search(rf"(?<!\w){re.escape(entry.word)} (\d+) ", listing)
        assert match, entry.word
        assert entry.definition in listing
        assert entry.word in by_folio[match.group(1)], (entry.word, match.group(1))
        first = next(n for n, page in enumerate(body) if re.search(rf"\b{entry.word}\b", page))
        assert printed_folio(pages[first]) == match.group(1), entry.word
