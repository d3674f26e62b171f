"""Fold WeasyPrint's one-line Span structure elements into their parents.

WeasyPrint 70 tags every text box (one line of a paragraph, roughly) as a `Span` element
holding one marked-content id, so three elements in four of a book's structure tree are
Spans with no attribute of their own: a 1,450-page book has 51,000 of them. They tell a
screen reader nothing (the text order is the MCIDs' order either way), but every one is
an indirect PDF object, and joining the parts of a long book holds all of them in memory
(about 110 MB of the join's 200). An attribute-free Span on its parent's page is replaced
by its MCID in the parent's /K, and the parent tree maps that MCID to the parent (ISO
32000-1, 14.7.4: a structure element's kids may be marked-content ids). The emptied
objects are left as `<< >>` (pydyf numbers objects by position), unreferenced.

The hook wraps `weasyprint.pdf.tags.add_tags`, a private function; WeasyPrint is pinned
to 70.x and tests check the folded tree and the PDF/UA result.
"""

from __future__ import annotations

from typing import Any

import pydyf
import weasyprint.pdf as wpdf
import weasyprint.pdf.tags as tags

_ORIGINAL = tags.add_tags
_PLAIN_SPAN = {"Type", "S", "K", "Pg", "P"}


def _add_tags(pdf: Any, document: Any, pdf_version: Any, page_streams: Any) -> Any:
    result = _ORIGINAL(pdf, document, pdf_version, page_streams)
    fold(pdf)
    return result


def fold(pdf: Any) -> int:
    """Fold the plain Spans of a pydyf PDF that has just been tagged; returns how many."""
    objects = pdf.objects
    folded: dict[bytes, bytes] = {}
    for obj in objects:
        if (
            not isinstance(obj, pydyf.Dictionary)
            or obj.get("S") != "/Span"
            or set(obj) != _PLAIN_SPAN
            or len(obj["K"]) != 1
            or not isinstance(obj["K"][0], int)
        ):
            continue
        parent = objects[_number(obj["P"])]
        if parent.get("Pg") != obj["Pg"]:
            continue
        kids = parent["K"]
        kids[kids.index(obj.reference)] = obj["K"][0]
        folded[obj.reference] = obj["P"]
        obj.clear()
    if folded:
        root = objects[_number(pdf.catalog["StructTreeRoot"])]
        nums = objects[_number(root["ParentTree"])]["Nums"]
        for value in nums:
            if isinstance(value, pydyf.Array):
                value[:] = [folded.get(item, item) for item in value]
    return len(folded)


def _number(reference: bytes) -> int:
    return int(reference.split()[0])


def install() -> None:
    """Wrap WeasyPrint's tagging (idempotent)."""
    tags.add_tags = _add_tags
    wpdf.add_tags = _add_tags  # imported by name into weasyprint.pdf
