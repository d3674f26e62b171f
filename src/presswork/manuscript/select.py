"""One parsed Book -> the Book an edition prints: with or without the study material.

The manuscript is parsed once; editions differ only in what they include, so selection is
a filter over the parsed chapters rather than a second parse. Index terms and footnotes
that lived inside dropped material go with it.
"""

from __future__ import annotations

import dataclasses

from presswork.manuscript.model import Book, Chapter
from presswork.manuscript.transforms.study import drop_study
from presswork.manuscript.transforms.xhtml import inner_xml, parse_html


def select_material(book: Book, study: bool) -> Book:
    """The book as an edition with (`study`) or without study material sees it."""
    if study:
        return book
    chapters = tuple(_without_study(c) for c in book.chapters if not c.study)
    return dataclasses.replace(book, chapters=chapters)


def _without_study(chapter: Chapter) -> Chapter:
    if " study " not in chapter.body and 'study"' not in chapter.body:
        return chapter
    tree = parse_html(chapter.body)
    drop_study(tree)
    ids = {str(e.get("id")) for e in tree.iter() if e.get("id")}
    return dataclasses.replace(
        chapter,
        body=inner_xml(tree),
        notes=tuple(note for note in chapter.notes if note.ref_id in ids),
        index_terms=tuple(term for term in chapter.index_terms if term.id in ids),
        anchors=frozenset({chapter.id, *ids}),
    )
