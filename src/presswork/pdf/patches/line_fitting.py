"""Let a paragraph's lines be seen whole, and laid out again, before they are paginated.

A runt (a paragraph's last line of a word or two) is a matter of the paragraph alone: its
lines break the same wherever it falls. Fixing it after pagination means re-making pages
(patches/revision.py); fixing it while the paragraph is first laid out costs only the
paragraph's lines. WeasyPrint hands a block's lines to its paginating loop one at a time
(`iter_line_boxes`, a generator the loop stops pulling from at the foot of the page), so
there is no public place to look at all of them. The hook below, when a Fitter is set and
the block starts here (no skip stack), lays out every line first and lets the fitter see
them, change the box tree (a tracking tweak) and ask for them again; the loop then takes
the lines the fitter keeps. Lines past the foot of the page are laid out for nothing (one
paragraph's rest per page), and WeasyPrint lays them out again on the next page from the
same, tweaked, boxes, unless patches/line_reuse.py's store, kept for the document laid out
in the `fitting` block, already holds them (it holds every paragraph of plain inline content
laid out whole here, and hands it out again on the next page and on every page the
pagination pass re-makes). Blocks beside a float are left to WeasyPrint: their lines depend
on where they fall.

`iter_line_boxes` is private WeasyPrint API (pinned to 70.x, patches/__init__.py checks
it); tests/pdf/test_line_fitting.py checks that lines handed over whole paginate as
WeasyPrint's own do, and that the tweak reaches the pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Protocol

import weasyprint.layout.block as wb
from weasyprint.formatting_structure.boxes import Box, LineBox

from presswork.pdf.patches.line_reuse import Lines, LineStore, state_of


class Fitter(Protocol):
    """What may fit a block's lines (one per document laid out in a `fitting` block)."""

    def fit(self, block: Box, lay_out: Callable[[], Lines]) -> Lines | None:
        """The block's lines (`lay_out` gives them as the box tree now stands), or None to
        let WeasyPrint lay them out as it goes."""


class _Context(Protocol):
    """What the hook reads of WeasyPrint's LayoutContext."""

    excluded_shapes: list[object]
    """The floats beside the lines being laid out."""


_ORIGINAL = wb.iter_line_boxes
_FITTER: ContextVar[Fitter | None] = ContextVar("line_fitter", default=None)
_STORE: ContextVar[LineStore | None] = ContextVar("line_store", default=None)


def _iter_line_boxes(
    context: _Context,
    box: LineBox,
    position_y: float,
    bottom_space: float,
    skip_stack: object,
    containing_block: Box,
    absolute_boxes: list[object],
    fixed_boxes: list[object],
    first_letter_style: object,
    first_line_style: object,
) -> Iterator[tuple[LineBox, object]]:
    def lay_out() -> Iterator[tuple[LineBox, object]]:
        return _ORIGINAL(  # type: ignore[no-any-return]
            context,
            box,
            position_y,
            bottom_space,
            skip_stack,
            containing_block,
            absolute_boxes,
            fixed_boxes,
            first_letter_style,
            first_line_style,
        )

    fitter, store = _FITTER.get(), _STORE.get()
    if fitter is None or store is None or context.excluded_shapes:
        return lay_out()
    firsts = (first_letter_style, first_line_style)
    return _through_store(
        fitter, store, lay_out, box, containing_block, skip_stack, position_y, firsts
    )


def _through_store(
    fitter: Fitter,
    store: LineStore,
    lay_out: Callable[[], Iterator[tuple[LineBox, object]]],
    box: LineBox,
    containing_block: Box,
    skip_stack: object,
    position_y: float,
    firsts: tuple[object, object],
) -> Iterator[tuple[LineBox, object]]:
    """The lines from the store, or laid out (and fitted, at the block's start) and kept
    in it; a block whose lines the store cannot keep is laid out as it goes."""
    state = state_of(box, containing_block, *firsts)
    origin_x = containing_block.content_box_x()
    if state is not None and (kept := store.take(state, skip_stack, origin_x, position_y)):
        return iter(kept)
    if skip_stack is not None:
        if state is None:
            return lay_out()
        return iter(store.put(state, skip_stack, list(lay_out()), origin_x))
    lines = fitter.fit(containing_block, lambda: list(lay_out()))
    if state is None:
        return lay_out() if lines is None else iter(lines)
    if lines is None:
        lines = list(lay_out())
    else:  # the fit may have changed the paragraph's boxes: the lines are of its new state
        state = state_of(box, containing_block, *firsts)
        if state is None:
            return iter(lines)
    return iter(store.put(state, None, lines, origin_x))


def install() -> None:
    """Put the hook in (idempotent); without a `fitting` block it changes nothing."""
    wb.iter_line_boxes = _iter_line_boxes


@contextmanager
def fitting(fitter: Fitter, store: LineStore | None = None) -> Iterator[None]:
    """Have `fitter` see the lines of the blocks laid out inside the block, and `store`
    (a new one by default: one per document) keep them (the hook must be installed:
    presswork.pdf.patches.install)."""
    token, store_token = _FITTER.set(fitter), _STORE.set(store or LineStore())
    try:
        yield
    finally:
        _STORE.reset(store_token)
        _FITTER.reset(token)
