"""Marked vocabulary words (`span.vocab-term`, from `[word]{.vocab}`) -> ids and VocabTerms."""

from __future__ import annotations

from lxml import etree

from presswork.manuscript.model import VocabTerm
from presswork.manuscript.transforms.xhtml import text_of, with_class


def collect_vocabulary(root: etree._Element, chapter_id: str) -> tuple[VocabTerm, ...]:
    """Give each marked word a book-wide id (after ids were made book-wide) and return the
    marks in reading order, each with the definition it gives ("" if none)."""
    terms = []
    for number, span in enumerate(with_class(root, "span", "vocab-term"), start=1):
        word = " ".join(text_of(span).split())
        definition = str(span.attrib.pop("data-definition", "") or "")
        if not word:
            continue
        span.set("id", span.get("id") or f"{chapter_id}--vo{number}")
        terms.append(VocabTerm(str(span.get("id")), word, definition, chapter_id))
    return tuple(terms)
