"""Make pydyf's `PDF.page_references` constant-time, for tagged PDFs of long books.

WeasyPrint 70 looks up `pdf.page_references[page]` once per structure element and link
while tagging, and pydyf (0.11/0.12) rebuilds the tuple of every page's reference on each
access: tagging costs elements x pages, so a 1,000-page book spends seconds in it. The
tuple only changes when a page is added (pydyf only ever extends `Kids`), so it is kept
until the page count changes. The PDF's bytes are exactly the same (a test compares them).
"""

from __future__ import annotations

from typing import Any

import pydyf

_ORIGINAL = pydyf.PDF.page_references


def _page_references(self: Any) -> tuple[bytes, ...]:
    kids = self.pages["Kids"]
    cached = self.__dict__.get("_presswork_page_references")
    if cached is None or cached[0] != len(kids):
        cached = (len(kids), _ORIGINAL.fget(self))
        self.__dict__["_presswork_page_references"] = cached
    references: tuple[bytes, ...] = cached[1]
    return references


def install() -> None:
    """Swap the property in (idempotent)."""
    pydyf.PDF.page_references = property(_page_references)


def uninstall() -> None:
    """Put pydyf's own property back (for the test that compares outputs)."""
    pydyf.PDF.page_references = _ORIGINAL
