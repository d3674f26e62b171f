"""What is wrong with a chapter's pages, read from its paginated boxes: the faults a
compositor fixes by hand (a hyphen at the foot of a page, a last page of one to three
lines, three hyphenated lines in a row, a paragraph ending in a runt).

The pages are WeasyPrint's page boxes right after pagination (patches/folio_shift.py hands
them over before any folio is typeset), so the judgement costs no second layout. Only body
text is read: running heads, folios, footnote areas and generated text are not lines of
the chapter. The box tree is a private WeasyPrint API (pinned to 70.x); tests/pdf/
test_pagination.py lays real chapters out and checks what is read against the text.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from weasyprint.formatting_structure import boxes

from presswork.pdf.pagemap import HYPHEN, line_text

STUB_LINES = 4
"""A chapter's last page needs at least this many lines (fewer is a stub page)."""
STUB_FILL = 0.25
"""...unless what it has (answer lines, a figure) fills this share of the page."""
RUNT_SHARE = 1 / 6
"""A paragraph's last line shorter than this share of the measure is a runt."""
LADDER = 2
"""At most this many hyphenated lines in a row."""
FORCED = frozenset({"page", "left", "right", "recto", "verso"})
PROSE = frozenset({"p", "li", "dd", "blockquote"})
"""Blocks whose last line can be a runt (not headings, cells, code or captions)."""
DISPLAY = frozenset({"h1", "h2", "h3"})
"""Display lines: a heading of two lines or more should break into lines of even length."""
DISPLAY_BLOCKS = frozenset({"book-title", "book-subtitle"})
"""The title page's lines (templates/partials/titlepage.html.j2), display lines too."""
BALANCE = 0.7
"""A heading whose shortest line is under this share of its longest is unbalanced."""


@dataclass(frozen=True)
class Line:
    """One line of body text as laid out."""

    page: int
    block: str
    """Id of the nearest block with one (every paragraph has one)."""
    tag: str
    text: str
    width: float
    """How wide its content is, in CSS px."""
    measure: float
    """The width of its block's content box."""
    height: float = 0.0
    """Its height (the leading of its text)."""

    @property
    def hyphenated(self) -> bool:
        """Ends in a word broken at a hyphenation point."""
        return self.text.endswith(HYPHEN)

    @property
    def broken_word(self) -> str:
        """The first part of the word broken at the line's end ('' when none is)."""
        if not self.hyphenated:
            return ""
        word = self.text[:-1].replace("\u00ad", "").split()[-1]
        return word.lstrip("([{\"'“‘«")


@dataclass(frozen=True)
class Fault:
    """One fault on a chapter's pages (page counted from 0 within the chapter)."""

    kind: str
    """"page-end hyphen", "stub page", "hyphen ladder", "runt" or "unbalanced heading"."""
    page: int
    block: str
    word: str = ""
    """The broken word's first part (hyphens), or the runt's text."""
    lines: int = 0
    """Lines on the page (a stub page)."""

    @property
    def weight(self) -> int:
        """How much a fault costs a layout: a compositor never lets the first two stand."""
        return 10 if self.kind in ("page-end hyphen", "stub page") else 2


def page_lines(pages: Sequence[boxes.PageBox]) -> list[list[Line]]:
    """Every page's lines of body text, in reading order."""
    return [list(_lines(page, number)) for number, page in enumerate(pages)]


def page_fill(pages: Sequence[boxes.PageBox]) -> list[float]:
    """How far down each page its body content reaches, as a share of its text block's
    height: a page of a few lines of text can be half full of answer lines or a figure.
    A page the author began (`\\newpage`, a forced break) is theirs: counted as full."""
    flows = [list(_flow(page)) for page in pages]
    elements = [{box.element for box in flow} for flow in flows]
    fills = []
    for number, (page, flow) in enumerate(zip(pages, flows, strict=True)):
        before = elements[number - 1] if number else set()
        opened = any(
            box.style["break_before"] in FORCED and box.element not in before for box in flow
        )
        closed = number > 0 and any(
            box.style["break_after"] in FORCED and box.element not in elements[number]
            for box in flows[number - 1]
        )
        top = page.content_box_y()
        bottoms = [
            box.position_y + box.margin_height()
            for box in flow
            if isinstance(box, boxes.LineBox | boxes.ReplacedBox | boxes.BlockBox)
        ]
        filled = (max(bottoms, default=top) - top) / (page.height or 1)
        fills.append(1.0 if opened or closed else filled)
    return fills


def find_faults(pages: list[list[Line]], fills: Sequence[float] = ()) -> list[Fault]:
    """The faults of a chapter laid out on these pages (`fills`: page_fill's)."""
    found: list[Fault] = []
    filled = [lines for lines in pages if lines]
    for lines in filled[:-1]:
        if lines[-1].hyphenated:
            found.append(
                Fault("page-end hyphen", lines[-1].page, lines[-1].block, lines[-1].broken_word)
            )
    if len(filled) > 1 and len(filled[-1]) < STUB_LINES:
        last = filled[-1]
        if not fills or fills[last[0].page] < STUB_FILL:
            found.append(Fault("stub page", last[0].page, last[0].block, lines=len(last)))
    every = [line for lines in filled for line in lines]
    found += _ladders(every) + _runts(every) + _unbalanced(every)
    return found


def cost(faults: Sequence[Fault]) -> int:
    """One number to compare layouts by (lower is better)."""
    return sum(fault.weight for fault in faults)


def _ladders(lines: list[Line]) -> list[Fault]:
    """A fault at each hyphenated line beyond the second in a row."""
    found, run = [], 0
    for line in lines:
        run = run + 1 if line.hyphenated else 0
        if run > LADDER:
            found.append(Fault("hyphen ladder", line.page, line.block, line.broken_word))
    return found


def _runts(lines: list[Line]) -> list[Fault]:
    """A fault at each prose paragraph of two lines or more whose last line is short."""
    found = []
    for i, line in enumerate(lines):
        last = i + 1 == len(lines) or lines[i + 1].block != line.block
        several = i > 0 and lines[i - 1].block == line.block
        if last and several and line.tag in PROSE and line.width < line.measure * RUNT_SHARE:
            found.append(Fault("runt", line.page, line.block, line.text))
    return found


def _unbalanced(lines: list[Line]) -> list[Fault]:
    """A fault at each heading of several lines whose shortest is much shorter than its
    longest ("Did Adela Open Her Restaurant? How / Did Kalpana Chawla Die?")."""
    found = []
    blocks: dict[str, list[Line]] = {}
    for line in lines:
        if line.tag in DISPLAY or line.block in DISPLAY_BLOCKS:
            blocks.setdefault(line.block, []).append(line)
    for block, own in blocks.items():
        widths = [line.width for line in own]
        if len(own) > 1 and min(widths) < BALANCE * max(widths):
            found.append(Fault("unbalanced heading", own[0].page, block, own[-1].text))
    return found


def _lines(
    box: boxes.Box, page: int, block: str = "", tag: str = "", measure: float = 0
) -> Iterator[Line]:
    """Lines of body text under `box`, with the block each belongs to."""
    if isinstance(box, boxes.MarginBox | boxes.FootnoteAreaBox):
        return
    element = getattr(box, "element", None)
    own_id = element.get("id") if element is not None else None
    if isinstance(box, boxes.BlockContainerBox) and "::" not in box.element_tag:
        measure = box.width
        if own_id:
            block, tag = own_id, box.element_tag
        else:  # a block inside it (a heading's number label) is not its text
            tag = box.element_tag
    if isinstance(box, boxes.LineBox):
        text = "".join(line_text(box)).strip()
        if text and block:
            yield Line(page, block, tag, text, reach(box), measure, box.height)
        return
    for child in getattr(box, "children", None) or ():
        yield from _lines(child, page, block, tag, measure)


def _flow(box: boxes.Box) -> Iterator[boxes.Box]:
    """The boxes of the page's body (not margin boxes or footnotes), depth first."""
    for child in getattr(box, "children", None) or ():
        if isinstance(child, boxes.MarginBox | boxes.FootnoteAreaBox):
            continue
        yield child
        if not isinstance(child, boxes.LineBox):
            yield from _flow(child)


def reach(line: boxes.LineBox) -> float:
    """How wide the line's content is, from its first glyph to its last (a centred
    heading's line starts where its text does)."""
    starts = [child.position_x for child in line.children]
    ends = [child.position_x + child.margin_width() for child in line.children]
    if not ends:
        return 0.0
    return float(max(ends) - min(starts))
