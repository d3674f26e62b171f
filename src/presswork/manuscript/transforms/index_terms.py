"""Marked index terms (`span.index-term`, from `[term]{.index}`) -> ids and IndexTerms."""

from __future__ import annotations

import re

from lxml import etree

from presswork.manuscript.model import IndexTerm
from presswork.manuscript.transforms.xhtml import text_of, with_class


def collect_index_terms(root: etree._Element, chapter_id: str) -> tuple[IndexTerm, ...]:
    """Give each marked term a book-wide id (after ids were made book-wide) and return
    them in reading order."""
    terms = []
    for number, span in enumerate(with_class(root, "span", "index-term"), start=1):
        entry = str(span.attrib.pop("data-index", "") or "") or text_of(span)
        entry = " ".join(re.sub(r"[*_`]", "", entry).split())
        if not entry:
            continue
        span.set("id", span.get("id") or f"{chapter_id}--ix{number}")
        terms.append(IndexTerm(str(span.get("id")), entry, chapter_id))
    return tuple(terms)
