"""The Markdown dialect: each pandoc construct of the README's list, as Presswork reads it
(pymdown-extensions where it has the construct, our small extensions where none does)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from lxml import etree

from conftest import Recorder
from presswork.manuscript.dialect import make_markdown
from presswork.manuscript.extensions.example_lists import ExampleListPreprocessor
from presswork.manuscript.extensions.fenced_divs import div_tag
from presswork.manuscript.extensions.grid_tables import pipe_table
from presswork.manuscript.extensions.info_strings import fence_header
from presswork.manuscript.extensions.inline_notes import take_notes
from presswork.manuscript.extensions.line_blocks import render
from presswork.manuscript.extensions.list_indents import ListIndentPreprocessor
from presswork.manuscript.extensions.page_breaks import BREAK
from presswork.manuscript.load import load_manuscript
from presswork.manuscript.parse import parse_book
from presswork.manuscript.transforms.table_captions import caption_tables
from presswork.manuscript.transforms.xhtml import inner_xml, parse_html


def html(text: str) -> str:
    return make_markdown().convert(text)


CASES = {
    "sub, sup, del": (
        "H~2~O, E=mc^2^, ~~gone~~",
        "H<sub>2</sub>O, E=mc<sup>2</sup>, <del>gone</del>",
    ),
    "math stays text": ("$x^2 + y^2$", "$x^2 + y^2$"),
    "bracketed span": ("[Rome]{.smallcaps}", '<span class="smallcaps">Rome</span>'),
    "index term is ours": ("[Rome]{.index}", '<span class="index-term">Rome</span>'),
    "backslash break": ("one\\\ntwo", "one<br />\ntwo"),
    "escaped space": ("a\\ b", "a&nbsp;b"),
    "heading attributes": ("# Title {#t .unnumbered}", '<h1 class="unnumbered" id="t">Title</h1>'),
    "fancy markers": ("a. one\nb. two", '<ol type="a">'),
    "roman markers": ("iv. four\nv. five", '<ol start="4" type="i">'),
    "task list": ("- [x] done", 'class="task-list-item"'),
    "hash needs a space": ("#hashtag", "<p>#hashtag</p>"),
    "fenced div": ("::: warning\nMind **this**.\n:::", '<div class="warning">\n<p>Mind <strong>'),
    "line block": ("| one\n|   two", '<p class="line-block">one<br />\n&nbsp;&nbsp;two</p>'),
    "inline note": ("Said^[A *note*.] so.", 'href="#fn-inline-1"'),
    "example list": ("(@) a\n(@b) b\n\nSee (@b).", "See (2)."),
    "page break": ("One.\n\n\\newpage\n\nTwo.", BREAK),
    "info string": ("```js run\nlet a = 1;\n```", '<span class="kd">let</span>'),
    "fence in a quote": ("> ```py\n> x = 1\n> ```", '<blockquote>\n<div class="language-py'),
    "fence in a list": ("- item\n\n    ```py\n    x = 1\n    ```", "<li>\n<p>item</p>\n<div"),
    "mdBook info string": ("```rust,editable\nfn f() {}\n```", 'class="language-rust editable'),
    "GitHub list: fence at two": (
        "- a\n\n  ```py\n  x = 1\n  ```\n- b",
        '<p>a</p>\n<div class="language-py highlight">',
    ),
    "GitHub list: next item after a fence": ("- a\n\n  ```\n  x\n  ```\n- b", "<li>\n<p>b</p>"),
    "GitHub list: nested at two": ("- a\n  - b\n    - c", "<li>b<ul>\n<li>c</li>"),
    "numbered list: fence at three": ("1. a\n\n   ```sh\n   ls\n   ```", "<p>a</p>\n<div"),
    "an item after a quote ends it": ("1. a\n\n   > q\n2. b", "</blockquote>\n</li>\n<li>"),
    "a list shown as code stays code": ("    - a\n      b", "<code>- a\n  b"),
    "no guessing": ("```\nplain\n```", '<div class="language-text highlight">'),
}


@pytest.mark.parametrize(("markdown", "expected"), CASES.values(), ids=CASES.keys())
def test_construct(markdown: str, expected: str) -> None:
    assert expected in html(markdown)


def test_a_fence_s_attributes_and_a_pipe_table_is_not_a_line_block() -> None:
    assert div_tag('#d .a .b lang="fr"', None) == '<div id="d" class="a b" lang="fr" markdown="1">'
    table = "| a | b |\n|---|---|\n| 1 | 2 |"
    assert "<table>" in html(table) and "line-block" not in html(table)
    assert render(["| x", "  y"])[1] == '<p class="line-block" markdown="1">x y</p>'


def test_inline_notes_nest_brackets_and_leave_code_alone() -> None:
    text, notes = take_notes("A^[see [1]] and `b^[c]` and d^[e\n f].")
    assert text == "A[^inline-1] and `b^[c]` and d[^inline-2]."
    assert notes == ["see [1]", "e f"]


def test_example_numbers_run_through_the_chapter() -> None:
    lines = ExampleListPreprocessor().run(["(@) a", "", "text", "", "(@x) b", "", "(@x) again"])
    assert lines == ["1. a", "", "text", "", "2. b", "", "3. again"]


def test_a_table_caption_before_or_after_moves_into_the_table() -> None:
    root = parse_html("<table><tr><td>1</td></tr></table><p>Table: The <em>sums</em>.</p>")
    caption_tables(root)
    assert inner_xml(root).startswith("<table><caption>The <em>sums</em>.</caption>")
    root = parse_html("<p>: Before.</p><table><tr><td>1</td></tr></table>")
    caption_tables(root)
    assert (
        etree.tostring(root.find("table/caption"), encoding="unicode")
        == "<caption>Before.</caption>"
    )


GRID = """+-------+---------+
| Name  | Role    |
+=======+=========+
| Jose  | pilot,  |
|       | teacher |
+-------+---------+
"""


def test_a_grid_table_is_a_table_and_one_with_spans_is_not() -> None:
    table = html(GRID)
    assert "<th>Name</th>" in table and "<td>pilot, teacher</td>" in table
    spanning = "+---+---+\n| a | b |\n+---+---+\n| wide  |\n+-------+\n"
    assert pipe_table(spanning.splitlines()) is None


@pytest.mark.allow_warnings
def test_a_table_left_as_text_is_said_with_its_line(tmp_path: Path, no_warnings: Recorder) -> None:
    spanning = "+---+---+\n| a | b |\n+---+---+\n| wide  |\n+-------+\n"
    (tmp_path / "a.md").write_text(f"# A\n\nText.\n\n{spanning}", encoding="utf-8")
    (tmp_path / "book.toml").write_text(
        'title = "T"\nlanguage = "en"\nchapters = ["a.md"]\n', encoding="utf-8"
    )
    config, sources = load_manuscript(tmp_path)
    parse_book(config, tmp_path, sources, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    [message] = [r.getMessage() for r in no_warnings.records]
    assert message == (
        f"{tmp_path / 'a.md'}:5: a grid table with cells spanning columns is printed as text"
    )


def test_info_strings_of_other_tools() -> None:
    assert fence_header("rust,editable,ignore") == "{.rust .editable .ignore}"
    assert fence_header("js run") == "{.js .run}"
    assert fence_header("python") is None  # superfences reads one word itself
    assert fence_header('js title="a b"') is None  # not a list of words: left alone


def test_four_space_items_are_left_as_they_are() -> None:
    lines = ["- a", "", "    more", "    - b", "", "        code?"]
    assert ListIndentPreprocessor().run(lines) == lines
