"""Each parse-stage transform on its own: an HTML fragment in, the fragment (and what the
transform returns) out, one case per line, as Python-Markdown tests its extensions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from conftest import Recorder
from presswork.manuscript.front_matter import split_front_matter
from presswork.manuscript.labels import labels_for
from presswork.manuscript.model import Heading, IndexTerm
from presswork.manuscript.slug import slugify, xml_id
from presswork.manuscript.transforms import ParseState
from presswork.manuscript.transforms.blocks import number_blocks
from presswork.manuscript.transforms.book_links import make_book_wide
from presswork.manuscript.transforms.book_marks import drop_toc_markers, merge_scene_breaks
from presswork.manuscript.transforms.capitals import mark_capitals
from presswork.manuscript.transforms.code import code_left_to_right, tidy_highlighting
from presswork.manuscript.transforms.footnotes import extract_notes, strip_backlinks
from presswork.manuscript.transforms.headings import (
    close_heading_gaps,
    collect_headings,
    take_title,
)
from presswork.manuscript.transforms.images import check_images
from presswork.manuscript.transforms.index_terms import collect_index_terms
from presswork.manuscript.transforms.study import drop_study, mark_study
from presswork.manuscript.transforms.task_boxes import print_task_boxes
from presswork.manuscript.transforms.wide_tables import mark_wide_tables
from presswork.manuscript.transforms.xhtml import inner_xml, parse_html

Transform = Callable[[etree._Element], object]


def run(transform: Transform, markup: str) -> tuple[str, object]:
    root = parse_html(markup)
    returned = transform(root)
    return inner_xml(root), returned


CASES: list[tuple[str, Transform, str, str]] = [
    (
        "acronyms and identifiers in capitals are marked, code and mixed case are not",
        mark_capitals,
        "<p>At NASA, STS-128 and F-16 flew; I, McDonald, iOS.<code>ISS</code> and ISS</p>",
        '<p>At <span class="caps">NASA</span>, <span class="caps">STS-128</span> and '
        '<span class="caps">F-16</span> flew; I, McDonald, iOS.<code>ISS</code> and '
        '<span class="caps">ISS</span></p>',
    ),
    (
        "capitals in text after an element and inside one, not in links or headings",
        mark_capitals,
        '<p><em>the ESA</em> and DLR <span class="caps">NASA</span> <a href="#x">ISS</a></p>'
        "<h2>NASA</h2>",
        '<p><em>the <span class="caps">ESA</span></em> and <span class="caps">DLR</span> '
        '<span class="caps">NASA</span> <a href="#x">ISS</a></p><h2>NASA</h2>',
    ),
    (
        "blocks get ids, taken ones skipped",
        lambda root: number_blocks(root, "ch"),
        '<p>a</p><p id="ch--b2">b</p><ul><li>c</li></ul>',
        '<p id="ch--b1">a</p><p id="ch--b2">b</p><ul><li id="ch--b3">c</li></ul>',
    ),
    (
        "a leading h1 leaves the body, its id stays as an anchor",
        take_title,
        '<h1 id="start">The <em>Title</em></h1><p>Text</p>',
        '<span id="start"/><p>Text</p>',
    ),
    (
        "heading levels close their gaps under the title",
        close_heading_gaps,
        "<h3>a</h3><h5>b</h5><h2>c</h2><h1>d</h1><h4>e</h4>",
        "<h2>a</h2><h3>b</h3><h2>c</h2><h2>d</h2><h3>e</h3>",
    ),
    (
        "an h1 after another heading: nothing taken",
        take_title,
        "<h2>Sub</h2><h1>Late</h1>",
        "<h2>Sub</h2><h1>Late</h1>",
    ),
    (
        "an h1 after a short opening block is the title; the block stays",
        take_title,
        "<p>badges</p><h1 id='t'>Title</h1><p>Text</p>",
        '<p>badges</p><span id="t"/><p>Text</p>',
    ),
    (
        "headings without an id get one",
        lambda root: collect_headings(root, "ch"),
        '<h2 id="a">A</h2><h3>B</h3>',
        '<h2 id="a">A</h2><h3 id="ch--h2">B</h3>',
    ),
    (
        "study boxes marked and titled in the book's language",
        lambda root: mark_study(root, {"questions": "Preguntas"}),
        '<div class="admonition questions"><p class="admonition-title">Questions</p></div>',
        '<div class="admonition questions study"><p class="admonition-title">Preguntas</p></div>',
    ),
    (
        "study boxes dropped, the text after them kept",
        drop_study,
        '<p>a</p><div class="study">q</div>tail',
        "<p>a</p>tail",
    ),
    (
        "index terms get ids, markup stripped from the entry",
        lambda root: collect_index_terms(root, "ch"),
        '<p><span class="index-term">*NASA*</span> and <span class="index-term"> </span></p>',
        '<p><span class="index-term" id="ch--ix1">*NASA*</span> and '
        '<span class="index-term"> </span></p>',
    ),
]


@pytest.mark.parametrize(
    ("transform", "markup", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_transform(transform: Transform, markup: str, expected: str) -> None:
    assert run(transform, markup)[0] == expected


def test_returned_values() -> None:
    assert run(take_title, "<h1>The <em>Title</em></h1>")[1] == ("The Title", "The <em>Title</em>")
    headings = run(lambda root: collect_headings(root, "ch"), "<h2 id='a'>A  b</h2>")[1]
    assert headings == (Heading(2, "a", "A b"),)
    terms = run(lambda root: collect_index_terms(root, "ch"), CASES[-1][2])[1]
    assert terms == (IndexTerm("ch--ix1", "NASA", "ch"),)


FOOTNOTED = (
    '<p>One<sup id="fnref:a"><a class="footnote-ref" href="#fn:a">1</a></sup>.</p>'
    '<div class="footnote"><ol>'
    '<li id="fn:a"><p>Note A\u00a0<a class="footnote-backref" href="#fnref:a">&#8617;</a></p></li>'
    '<li id="fn:b"><p>Never called</p></li>'
    "</ol></div>"
)


def test_footnotes_leave_the_text_as_notes() -> None:
    root = parse_html(FOOTNOTED)
    strip_backlinks(root)
    notes = extract_notes(root)
    assert inner_xml(root) == (
        '<p>One<a class="noteref" role="doc-noteref" id="fnref:a" href="#fn:a">1</a>.</p>'
    )
    assert [(n.id, n.ref_id, n.number, n.body) for n in notes] == [
        ("fn:a", "fnref:a", 1, "<p>Note A</p>"),
        ("fn:b", "", 0, "<p>Never called</p>"),  # kept, for the check that reports it
    ]


def state_for(tmp_path: Path, text: str = "") -> ParseState:
    (tmp_path / "one.md").write_text(text, encoding="utf-8")
    state = ParseState(tmp_path, {"one.md": "one", "two.md": "two"})
    state.begin("one", tmp_path / "one.md", text)
    return state


def test_ids_and_links_become_book_wide(tmp_path: Path) -> None:
    state = state_for(tmp_path)
    root = parse_html(
        '<p id="x"><a href="#x">here</a> <a href="two.md">next</a> '
        '<a href="https://example.org/">out</a></p>'
    )
    make_book_wide(root, state)
    assert inner_xml(root) == (
        '<p id="one--x"><a href="#one--x">here</a> <a href="#two">next</a> '
        '<a href="https://example.org/">out</a></p>'
    )


def test_an_image_outside_the_manuscript_is_refused_with_its_line(tmp_path: Path) -> None:
    text = "First line\n\n![A map](../../etc/map.png)\n"
    state = state_for(tmp_path, text)
    root = parse_html('<p><img alt="A map" src="../../etc/map.png"/></p>')
    check_images(root, state)
    [problem] = state.problems
    assert problem.file == tmp_path / "one.md"
    assert problem.line == 3


@pytest.mark.parametrize(
    ("title", "slug", "id_"),
    [
        ("A Million Miles Away", "a-million-miles-away", "a-million-miles-away"),
        ("Chapter 1: Fields", "chapter-1-fields", "chapter-1-fields"),
        ("01 Intro", "01-intro", "c-01-intro"),  # an XML id may not start with a digit
    ],
)
def test_slugs_and_ids(title: str, slug: str, id_: str) -> None:
    assert slugify(title) == slug
    assert xml_id(title) == id_


def test_labels_fall_back_to_english_and_the_manuscript_overrides(tmp_path: Path) -> None:
    assert labels_for(tmp_path, "fr")["contents"] != labels_for(tmp_path, "en")["contents"]
    assert labels_for(tmp_path, "fr-CA")["colophon"] == "Colophon"  # not translated: English
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "labels.toml").write_text('[en]\ncontents = "What is inside"\n')
    assert labels_for(tmp_path, "en-GB")["contents"] == "What is inside"


def test_scene_breaks_in_a_row_print_once() -> None:
    markup = "<p>a</p><hr/><hr/>\n<hr/><p>b</p><hr/>text<hr/>"
    assert run(merge_scene_breaks, markup)[0] == "<p>a</p><hr/>\n<p>b</p><hr/>text<hr/>"


def test_code_reads_left_to_right_in_a_right_to_left_book() -> None:
    markup = "<p>نص <code>let a</code></p><pre><code>x = 1</code></pre>"
    rtl = run(lambda root: code_left_to_right(root, "rtl"), markup)[0]
    assert rtl == ('<p>نص <code dir="ltr">let a</code></p><pre dir="ltr"><code>x = 1</code></pre>')
    assert run(lambda root: code_left_to_right(root, "ltr"), markup)[0] == markup


@pytest.mark.allow_warnings
def test_a_toc_marker_is_left_out_with_a_warning(tmp_path: Path, no_warnings: Recorder) -> None:
    state = state_for(tmp_path, "# One\n\n[TOC]\n\nText.\n")
    root = parse_html("<p>[TOC]</p><p>Text.</p><p>See [TOC] here</p>")
    drop_toc_markers(root, state)
    assert inner_xml(root) == "<p>Text.</p><p>See [TOC] here</p>"
    assert ["one.md:3: a [TOC] marker" in r.getMessage() for r in no_warnings.records] == [True]


@pytest.mark.parametrize(
    ("text", "title", "body"),
    [
        ("---\ntitle: From YAML\nauthor: A\n---\n\nText.\n", "From YAML", "\n\n\n\n\nText.\n"),
        ('---\ntitle: "Quoted"\n...\nText.\n', "Quoted", "\n\n\nText.\n"),
        ("% A Pandoc Title\n% Author\n\nText.\n", "A Pandoc Title", "\n% Author\n\nText.\n"),
        ("Markdown: Basics\n\nText.\n", None, "Markdown: Basics\n\nText.\n"),  # no fences
        ("# Heading\n\n---\ntitle: no\n---\n", None, "# Heading\n\n---\ntitle: no\n---\n"),
    ],
    ids=["yaml", "yaml-dots", "percent", "unfenced", "not-at-top"],
)
def test_front_matter_is_read_only_when_fenced_and_keeps_line_numbers(
    text: str, title: str | None, body: str
) -> None:
    assert split_front_matter(text) == (title, body)


def test_ids_repeated_by_raw_html_are_made_unique(tmp_path: Path) -> None:
    root = parse_html('<p id="x">a</p><p id="x">b</p><a href="#x">to x</a>')
    make_book_wide(root, state_for(tmp_path))
    assert inner_xml(root) == (
        '<p id="one--x">a</p><p id="one--x-2">b</p><a href="#one--x">to x</a>'
    )


@pytest.mark.allow_warnings
def test_an_empty_heading_is_left_out_of_the_contents(no_warnings: Recorder) -> None:
    headings = run(lambda root: collect_headings(root, "ch"), "<h2></h2><h2>Real</h2>")[1]
    assert headings == (Heading(2, "ch--h2", "Real"),)
    assert len(no_warnings.records) == 1


def test_pygments_empty_leading_span_is_dropped_and_tokens_stay() -> None:
    code = '<code><span class="k">def</span> f</code>'
    tidy = run(tidy_highlighting, f'<div class="highlight"><pre><span></span>{code}</pre></div>')
    assert tidy[0] == f'<div class="highlight"><pre>{code}</pre></div>'


def test_task_boxes_are_printed_characters_and_an_author_input_is_not_touched() -> None:
    raw = (
        '<ul class="task-list"><li class="task-list-item"><input type="checkbox" disabled> a</li>'
        '<li class="task-list-item"><input type="checkbox" disabled checked> b</li></ul>'
        '<p><input type="text"></p>'
    )
    done = print_task_boxes(raw)
    assert '<span class="task-box" role="img" aria-label="not done">\u2610</span> a' in done
    assert 'aria-label="done">\u2612</span> b' in done and '<input type="text">' in done


def test_a_table_too_wide_for_the_page_is_marked_for_fitting() -> None:
    def table(*rows: list[str]) -> str:
        cells = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
        return f"<table>{cells}</table>"

    root = parse_html(
        table(["a", "b"])
        + table(list("abcdef"))
        + table(["x" * 30, "y"])
        + table(["word " * 15, "more"])
    )
    mark_wide_tables(root)
    assert [t.get("class") for t in root] == [None, "wide", "wide", "wide"]
