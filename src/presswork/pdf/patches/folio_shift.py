"""Print a part's folios as if it sat further on in the book, decided after its pagination.

A chapter laid out on its own counts its pages from 1. In the book it starts wherever the
chapters before it end, which is not known while those are still being laid out in other
processes. WeasyPrint 70 paginates the whole document first (`make_all_pages`, repeated
until page-based counters settle) and only then builds each page's margin boxes from the
page counters it recorded (`layout_document`). So the page count is known before any folio
is typeset: the hook below hands the pages (as patches/revision.py records them) to
`source` (which may wait for the other parts) and adds the shift it returns to the page
counter of every margin box. The pages' content is untouched; only running heads and
folios see the shifted counter.

`make_margin_boxes` is a private WeasyPrint function; WeasyPrint is pinned to 70.x and
tests/pdf/test_parts.py compares the result with a whole-book layout.
The source of the shift is a context variable, set for the length of a `shifting` block.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import weasyprint.layout as wl
from weasyprint.formatting_structure.boxes import PageBox

from presswork.pdf.patches import revision

ShiftSource = Callable[[list[PageBox]], int]
"""Called once per document with its paginated pages (WeasyPrint's page boxes, before any
margin box is made); returns how far to shift its folios."""

_ORIGINAL_MARGINS = wl.make_margin_boxes
_SOURCE: ContextVar[ShiftSource | None] = ContextVar("folio_shift_source", default=None)


def _make_margin_boxes(context: Any, page: Any, state: Any) -> Any:
    shift = getattr(context, "presswork_shift", None)
    if shift is None:
        source = _SOURCE.get()
        shift = source(revision.pages_of(context)) if source is not None else 0
        context.presswork_shift = shift
    if shift:
        state = copy.deepcopy(state)
        counters = state[1]
        counters["page"] = [value + shift for value in counters["page"]]
    return _ORIGINAL_MARGINS(context, page, state)


def install() -> None:
    """Put the hook in (idempotent; patches/revision.py's too, which records the pages);
    without a `shifting` block it changes nothing."""
    revision.install()
    wl.make_margin_boxes = _make_margin_boxes


@contextmanager
def shifting(source: ShiftSource) -> Iterator[None]:
    """Shift the folios of documents rendered inside the block by what `source` says (the
    hooks must be installed: presswork.pdf.patches.install)."""
    token = _SOURCE.set(source)
    try:
        yield
    finally:
        _SOURCE.reset(token)
