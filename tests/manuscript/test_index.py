"""The back-of-book index: the `[term]{.index}` syntax, sorting and grouping, and how page
runs become ranges."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import markdown

from presswork.manuscript.config import BookConfig, ChapterEntry
from presswork.manuscript.extensions.index_marks import IndexTermsExtension
from presswork.manuscript.index import IndexEntry, build_index, page_ranges, sort_key
from presswork.manuscript.model import Book, Chapter, IndexTerm


def convert(text: str) -> str:
    return markdown.markdown(text, extensions=[IndexTermsExtension()], output_format="xhtml")


def test_syntax_marks_a_span_and_keeps_the_text() -> None:
    html = convert('[*Columbia*]{.index} and [Jose]{.index entry="Hernandez, Jose"}.')
    assert html == (
        '<p><span class="index-term"><em>Columbia</em></span> and '
        '<span class="index-term" data-index="Hernandez, Jose">Jose</span>.</p>'
    )


def test_links_and_other_brackets_are_left_alone() -> None:
    assert convert("[a](b.md) [c]{.other} [d]") == ('<p><a href="b.md">a</a> [c]{.other} [d]</p>')


def book_of(*terms: tuple[str, str]) -> Book:
    config = BookConfig(title="T", language="en", chapters=(ChapterEntry("a.md"),))
    chapter = Chapter(
        id="a",
        source=Path("a.md"),
        title="A",
        title_html="A",
        number=1,
        position=1,
        body="",
        notes=(),
        headings=(),
        anchors=frozenset(),
        index_terms=tuple(IndexTerm(term_id, entry, "a") for term_id, entry in terms),
    )
    return Book(config, Path("."), (chapter,), (), dt.datetime(2026, 1, 1, tzinfo=dt.UTC))


def test_entries_sort_as_people_read_and_group_by_letter() -> None:
    book = book_of(
        ("1", "zebra"),
        ("2", "Éclair"),
        ("3", "apple"),
        ("4", "STS-128"),
        ("5", "Columbia!disaster"),
        ("6", "Columbia"),
        ("7", "Columbia!crew"),
        ("8", "1969"),
        ("9", "eagle"),
    )
    groups = build_index(book)
    assert [g.letter for g in groups] == ["#", "A", "C", "E", "S", "Z"]
    e_group = next(g for g in groups if g.letter == "E")
    assert [e.heading for e in e_group.entries] == ["eagle", "Éclair"]
    columbia = next(g for g in groups if g.letter == "C").entries[0]
    assert [t.id for t in columbia.terms] == ["6"]
    assert [(s.heading, s.key) for s in columbia.subentries] == [
        ("crew", "Columbia!crew"),
        ("disaster", "Columbia!disaster"),
    ]


def test_scripts_without_letters_get_one_untitled_group() -> None:
    groups = build_index(book_of(("1", "宇航员"), ("2", "哥伦比亚号")))
    assert [g.letter for g in groups] == [None]
    assert sorted(["b", "A", "a"], key=sort_key) == ["a", "A", "b"]


def test_runs_of_pages_become_ranges_and_one_page_is_cited_once() -> None:
    terms = tuple(IndexTerm(str(n), "x", "a") for n in range(7))
    entry = IndexEntry("x", "x", terms)
    pages = {"0": 3, "1": 3, "2": 4, "3": 5, "4": 9, "5": 11, "6": 12}
    assert page_ranges([entry], pages) == {"x": [("0", "3"), ("4", None), ("5", "6")]}
    assert page_ranges([entry], {}) == {"x": []}
