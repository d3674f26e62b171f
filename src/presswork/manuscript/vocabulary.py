"""Marked words -> the vocabulary list of a study edition: each word once, in alphabetical
order (the index's collation), with its definition and the place it first appears (the
print edition cites that place's page, the EPUB links to it)."""

from __future__ import annotations

from dataclasses import dataclass

from presswork.errors import PressworkError, line_of
from presswork.manuscript.index import sort_key
from presswork.manuscript.model import Book, Chapter, Source

VOCABULARY_ID = "vocabulary"


@dataclass(frozen=True)
class VocabEntry:
    """A word of the vocabulary: as first marked, its definition, its first mark's id."""

    word: str
    definition: str
    first_id: str
    chapter_id: str


def build_vocabulary(book: Book) -> tuple[VocabEntry, ...]:
    """Every marked word of the book's chapters, defined by the first mark that defines it."""
    words: dict[str, VocabEntry] = {}
    for term in (t for chapter in book.chapters for t in chapter.vocabulary):
        key = term.word.casefold()
        entry = words.get(key)
        if entry is None:
            words[key] = VocabEntry(term.word, term.definition, term.id, term.chapter_id)
        elif not entry.definition and term.definition:
            words[key] = VocabEntry(entry.word, term.definition, entry.first_id, entry.chapter_id)
    return tuple(sorted(words.values(), key=lambda entry: sort_key(entry.word)))


def undefined_words(chapters: list[Chapter], sources: tuple[Source, ...]) -> list[PressworkError]:
    """A problem at the first mark of each word that no mark defines."""
    defined = {t.word.casefold() for c in chapters for t in c.vocabulary if t.definition}
    texts = {source.path: source.text for source in sources}
    problems, told = [], set()
    for chapter in chapters:
        for term in chapter.vocabulary:
            key = term.word.casefold()
            if key in defined or key in told:
                continue
            told.add(key)
            text = texts.get(chapter.source, "")
            problems.append(
                PressworkError(
                    f"vocabulary word {term.word!r} has no definition",
                    chapter.source,
                    line_of(text, f"[{term.word}]") or line_of(text, term.word),
                    hint=f"give one of its marks a definition: [{term.word}]"
                    '{.vocab definition="..."}',
                )
            )
    return problems
