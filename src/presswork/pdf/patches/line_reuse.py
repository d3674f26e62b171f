"""A paragraph's lines laid out once per state, and handed out again wherever it falls.

WeasyPrint lays a paragraph's lines out each time a page holding it is made: on the page
where it starts, from its break on the next page, and again on every page the pagination
pass re-makes (patches/revision.py), though the paragraph's words, styles and measure are
the same and only the height it starts at has moved. Lines of plain inline content (text,
inline boxes; no float, no inline-block or image, no leader, no first letter or first line)
beside no float do not depend on where they fall: a line laid out lower down the page is
the same line moved (WeasyPrint's own `translate`). The store below keeps every line of a
paragraph as laid out whole (line_fitting's hook lays paragraphs out whole anyway), keyed
by the paragraph's state (each box inside it with its style and text: a tweak or a fit
changes the key) and the measure, and hands out copies moved to where they are asked for;
each continuation is found by the skip stack the line before it ends with.

One store per document (line_fitting.fitting): boxes are never shared between documents.
The measure is part of the key to the last bit, so a line is only moved, never laid out
again at another width; a moved position can differ from a fresh layout's in the last bit
of a float (x0 + a + b against x1 + a + b): of the 60 outputs of the recap and the fixtures
(scripts/output_digests.py, both layouts) all came out byte for byte the same but one text
position of the Arabic fixture, 72.264062 against 72.264063 pt, and the file ID of the
recap's IngramSpark edition laid out whole (every object the same). tests/pdf/test_line_reuse.py
checks that a document laid out with the store is WeasyPrint's own, byte for byte, on
mirrored pages and on pages the pass re-makes.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field

from weasyprint.formatting_structure.boxes import Box, InlineBox, LineBox, TextBox

Lines = list[tuple[LineBox, object]]
"""A block's lines as WeasyPrint yields them: each line and where the next resumes."""

_PLAIN = (LineBox, InlineBox, TextBox)


@dataclass(frozen=True)
class State:
    """What a paragraph's lines are made from, as a key; `boxes` keeps its boxes alive (the
    lines kept for it hold it) so that the identities in `key` are never reused."""

    key: Hashable
    boxes: tuple[Box, ...]


@dataclass
class _Laid:
    """Lines laid out in one state, from one point on, at one horizontal offset."""

    state: State
    lines: Lines
    origin_x: float


@dataclass
class LineStore:
    """Every paragraph's lines laid out so far in one document, by state and skip stack."""

    laid: dict[tuple[Hashable, Hashable], tuple[_Laid, int]] = field(default_factory=dict)
    served: int = 0
    """Lines handed out again instead of being laid out (what the store saved)."""

    def take(
        self, state: State, skip_stack: object, origin_x: float, position_y: float
    ) -> Lines | None:
        """Copies of the lines from `skip_stack` on, moved to start at `position_y` (and
        to the containing block's `origin_x`), or None if they were never laid out."""
        found = self.laid.get((state.key, _frozen(skip_stack)))
        if found is None:
            return None
        laid, start = found
        if start >= len(laid.lines):
            return None
        dx = origin_x - laid.origin_x
        dy = position_y - laid.lines[start][0].position_y
        taken: Lines = []
        for line, resume_at in laid.lines[start:]:
            copy = line.deepcopy()
            copy.translate(dx, dy)
            taken.append((copy, resume_at))
        self.served += len(taken)
        return taken

    def put(self, state: State, skip_stack: object, lines: Lines, origin_x: float) -> Lines:
        """Keep pristine copies of these lines (laid out from `skip_stack` on) and give
        them back for the page to use."""
        copies = [(line.deepcopy(), resume_at) for line, resume_at in lines]
        laid = _Laid(state, copies, origin_x)
        self.laid[(state.key, _frozen(skip_stack))] = (laid, 0)
        for n, (_, resume_at) in enumerate(lines[:-1], start=1):
            self.laid.setdefault((state.key, _frozen(resume_at)), (laid, n))
        return lines


def state_of(
    linebox: LineBox,
    containing_block: Box,
    first_letter_style: object,
    first_line_style: object,
) -> State | None:
    """The paragraph's state, or None if its lines may depend on where they fall or on
    more than its boxes (then WeasyPrint lays them out each time)."""
    if first_letter_style is not None or first_line_style is not None:
        return None
    inside = tuple(linebox.descendants())
    parts: list[Hashable] = [id(containing_block.style), containing_block.width]
    for box in inside:
        if not isinstance(box, _PLAIN) or getattr(box, "is_leader", False):
            return None
        if box.is_floated() or box.is_absolutely_positioned() or box.is_running():
            return None
        parts.append((id(box), id(box.style), box.text if isinstance(box, TextBox) else None))
    return State(tuple(parts), (containing_block, *inside))


def _frozen(skip_stack: object) -> Hashable:
    """A skip stack (nested dicts of child index to the child's own) as a key."""
    if isinstance(skip_stack, dict):
        return tuple(sorted((index, _frozen(inner)) for index, inner in skip_stack.items()))
    assert skip_stack is None or isinstance(skip_stack, Hashable)
    return skip_stack
