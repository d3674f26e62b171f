"""Marked terms -> a back-of-book index: entries sorted by the Unicode Collation Algorithm
(pyuca), subentries under their heading, letter groups for alphabetic scripts, and page
ranges merged once the print layout says where each term fell."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from pyuca import Collator

from presswork.manuscript.model import Book, IndexTerm

SUBENTRY = "!"


@dataclass(frozen=True)
class IndexEntry:
    """A heading with the places it is marked, and its subentries."""

    key: str
    """Unique key (`heading` or `heading!sub`), for the page ranges of this entry."""
    heading: str
    terms: tuple[IndexTerm, ...]
    subentries: tuple[IndexEntry, ...] = ()


@dataclass(frozen=True)
class IndexGroup:
    """Entries under one initial letter (`letter` None where the script has no letters)."""

    letter: str | None
    entries: tuple[IndexEntry, ...]


@lru_cache(maxsize=1)
def _collator() -> Collator:
    return Collator()  # loads the DUCET table once (~0.3 s)


def sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...], str]:
    """Alphabetical order for people: letters first, then accents and case (lower case
    first, as the Unicode Collation Algorithm orders them), then code points."""
    collator = _collator()
    return (collator.sort_key(text.casefold()), collator.sort_key(text), text)


def build_index(book: Book) -> tuple[IndexGroup, ...]:
    """The index of every term marked in the book's chapters, in reading order per entry."""
    terms = [term for chapter in book.chapters for term in chapter.index_terms]
    return group(_entries(terms, ""))


def _entries(terms: Iterable[IndexTerm], prefix: str) -> tuple[IndexEntry, ...]:
    heads: dict[str, list[IndexTerm]] = {}
    subs: dict[str, list[IndexTerm]] = {}
    for term in terms:
        rest = term.entry[len(prefix) :] if prefix else term.entry
        head, _, sub = rest.partition(SUBENTRY)
        head = head.strip()
        heads.setdefault(head, [])
        if sub.strip():
            subs.setdefault(head, []).append(term)
        else:
            heads[head].append(term)
    entries = []
    for head in sorted(heads, key=sort_key):
        key = f"{prefix}{head}"
        children = _entries(subs.get(head, ()), f"{key}{SUBENTRY}") if head in subs else ()
        entries.append(IndexEntry(key, head, tuple(heads[head]), children))
    return tuple(entries)


def group(entries: tuple[IndexEntry, ...]) -> tuple[IndexGroup, ...]:
    """Letter groups for scripts with capital letters; one untitled group otherwise."""
    if not entries:
        return ()
    if not all(_letter(entry.heading) for entry in entries if entry.heading[:1].isalpha()):
        return (IndexGroup(None, entries),)
    groups: dict[str, list[IndexEntry]] = {}
    for entry in entries:
        groups.setdefault(_letter(entry.heading) or "#", []).append(entry)
    ordered = sorted(groups, key=lambda letter: (letter != "#", sort_key(letter)))
    return tuple(IndexGroup(letter, tuple(groups[letter])) for letter in ordered)


def _letter(heading: str) -> str | None:
    """The base letter a heading files under (É under E), if its script has cases."""
    first = heading[:1]
    if not first.isalpha() or first.upper() == first.lower():
        return None
    return unicodedata.normalize("NFD", first)[0].upper()


def entries_of(groups: Iterable[IndexGroup]) -> list[IndexEntry]:
    """The top-level entries of every group, in order."""
    return [entry for group in groups for entry in group.entries]


def page_ranges(
    entries: Iterable[IndexEntry], page_of: Mapping[str, int]
) -> dict[str, list[tuple[str, str | None]]]:
    """Entry key -> its places as (first term id, last term id or None) per run of pages:
    terms on one page are cited once, and consecutive pages become a range `12–14`. The
    ids stay the link targets, so the printed numbers still come from target-counter."""
    ranges: dict[str, list[tuple[str, str | None]]] = {}
    for entry in _walk(entries):
        by_page: dict[int, str] = {}
        for term in entry.terms:
            if term.id in page_of:
                by_page.setdefault(page_of[term.id], term.id)
        runs: list[tuple[str, str | None]] = []
        previous = None
        for page in sorted(by_page):
            if previous is not None and page == previous + 1:
                runs[-1] = (runs[-1][0], by_page[page])
            else:
                runs.append((by_page[page], None))
            previous = page
        ranges[entry.key] = runs
    return ranges


def _walk(entries: Iterable[IndexEntry]) -> Iterable[IndexEntry]:
    for entry in entries:
        yield entry
        yield from _walk(entry.subentries)
