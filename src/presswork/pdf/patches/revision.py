"""Let a document's pages be judged right after pagination and re-made from a given page.

The pagination pass (pdf/repaginate.py) changes a few paragraphs of a chapter and wants the
pages again. Rendering the chapter anew would parse, cascade and lay out all of it; the
pages before the first changed paragraph cannot change, and WeasyPrint itself already knows
how to re-make a document from one page on: `make_all_pages` re-makes a page whose
`page_maker` state is marked `content_changed` (that is how it settles page-based
counters) and reuses every page before it, and a re-made page marks the next one when the
state it leaves behind differs. The hook below calls a Reviser with the pages; the reviser
changes the box tree (never the pages made) and says which pages to re-make; the hook marks
them and calls `make_all_pages` again, as WeasyPrint's own loop does (footnotes reset to
the document's list first, as `layout_document` does before each of its passes).

`make_all_pages` and the `page_maker` are private WeasyPrint API: WeasyPrint is pinned to
70.x (patches/__init__.py checks it) and tests/pdf/test_box_tweaks.py compares a
re-made document with one laid out from scratch with the same changes, pixel for pixel.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Protocol

import weasyprint.layout as wl
from weasyprint.formatting_structure.boxes import Box, PageBox


class Reviser(Protocol):
    """What judges a document's pages (one per document rendered in a `revising` block)."""

    def prepare(self, root: Box) -> None:
        """Called once with the box tree, before the first pagination."""

    def revise(self, pages: list[PageBox]) -> set[int] | None:
        """Keep these pages (None), or change the box tree and name the pages (0-based) to
        make again; the pages after each are re-made too while they come out changed."""


_ORIGINAL_PAGES = wl.make_all_pages
_REVISER: ContextVar[Reviser | None] = ContextVar("page_reviser", default=None)


def _make_all_pages(context: Any, root_box: Any, html: Any, pages: Any) -> list[Any]:
    reviser = _REVISER.get()
    if not hasattr(context, "presswork_footnotes"):  # the document's first pagination
        context.presswork_footnotes = list(context.footnotes)
        if reviser is not None:
            reviser.prepare(root_box)
    made = list(_ORIGINAL_PAGES(context, root_box, html, pages))
    while reviser is not None and (remake := reviser.revise(made)) is not None:
        for page in remake:
            context.page_maker[page][-1]["content_changed"] = True
        context.footnotes = list(context.presswork_footnotes)
        made = list(_ORIGINAL_PAGES(context, root_box, html, made))
    context.presswork_pages = made  # the last pass's pages are the document's
    return made


def install() -> None:
    """Put the hook in (idempotent); without a `revising` block it changes nothing."""
    wl.make_all_pages = _make_all_pages


def pages_of(context: Any) -> list[PageBox]:
    """The pages of the document being laid out, as last paginated."""
    pages: list[PageBox] = context.presswork_pages
    return pages


@contextmanager
def revising(reviser: Reviser) -> Iterator[None]:
    """Have `reviser` judge (and revise) the pages of the documents rendered inside the
    block (the hook must be installed: presswork.pdf.patches.install)."""
    token = _REVISER.set(reviser)
    try:
        yield
    finally:
        _REVISER.reset(token)
