"""The Markdown dialect of Presswork: which Python-Markdown and pymdown-extensions
extensions read a chapter, with what settings, and Presswork's own small extensions for the
pandoc constructs no library provides (extensions/)."""

from __future__ import annotations

import markdown
from markdown.extensions.toc import slugify_unicode

from presswork.manuscript.extensions.angle_words import AngleWordsExtension
from presswork.manuscript.extensions.example_lists import ExampleListsExtension
from presswork.manuscript.extensions.fenced_divs import FencedDivsExtension
from presswork.manuscript.extensions.grid_tables import GridTablesExtension
from presswork.manuscript.extensions.index_marks import IndexTermsExtension
from presswork.manuscript.extensions.info_strings import InfoStringsExtension
from presswork.manuscript.extensions.inline_notes import InlineNotesExtension
from presswork.manuscript.extensions.line_blocks import LineBlocksExtension
from presswork.manuscript.extensions.list_indents import ListIndentsExtension
from presswork.manuscript.extensions.page_breaks import PageBreaksExtension
from presswork.manuscript.extensions.vocab_marks import VocabTermsExtension

# smarty writes named entities by default, which XHTML refuses; give it the characters.
SMART_CHARACTERS = {
    "left-single-quote": "\u2018",
    "right-single-quote": "\u2019",
    "left-double-quote": "\u201c",
    "right-double-quote": "\u201d",
    "left-angle-quote": "\u00ab",
    "right-angle-quote": "\u00bb",
    "ndash": "\u2013",
    "mdash": "\u2014",
    "ellipsis": "\u2026",
}


def make_markdown() -> markdown.Markdown:
    """The Markdown dialect of Presswork: Python-Markdown's extra (with pymdownx.superfences
    for its fenced code: fences inside quotes and lists, info strings with attributes,
    Pygments highlighting), smarty, toc, sane lists, admonition (`!!! questions` for study
    material), and the pandoc constructs pymdown-extensions writes: `~sub~`, `^sup^`,
    `~~del~~`, task lists, bracketed spans, fancy list markers, backslash escapes and line
    breaks. Presswork's own: `[term]{.index}`, `<word>`-as-text, fenced divs, line blocks,
    grid tables, inline notes, example lists, info strings of mdBook and GitHub, list items
    indented as CommonMark indents them, `\\newpage`. Front
    matter is read before Markdown sees the text (front_matter.py)."""
    return markdown.Markdown(
        extensions=[
            *EXTRA_WITHOUT_FENCES,
            "pymdownx.superfences",
            "pymdownx.highlight",
            "pymdownx.saneheaders",
            "pymdownx.tilde",
            "pymdownx.caret",
            "pymdownx.tasklist",
            "pymdownx.bracketspan",
            "pymdownx.fancylists",
            "pymdownx.escapeall",
            "smarty",
            "toc",
            "admonition",
            IndexTermsExtension(),
            VocabTermsExtension(),
            AngleWordsExtension(),
            InfoStringsExtension(),
            FencedDivsExtension(),
            LineBlocksExtension(),
            GridTablesExtension(),
            InlineNotesExtension(),
            ExampleListsExtension(),
            ListIndentsExtension(),
            PageBreaksExtension(),
        ],
        extension_configs={
            "footnotes": {"SEPARATOR": "-", "BACKLINK_TEXT": "\u21a9"},
            "smarty": {"substitutions": SMART_CHARACTERS},
            # `[TOC]` stays text, for book_marks.py to drop: the book has its own contents
            "toc": {"slugify": slugify_unicode, "marker": ""},
            # ```js run: an info string pandoc accepts is code here too, never stray text
            "pymdownx.superfences": {"relaxed_headers": True},
            "pymdownx.highlight": {
                "use_pygments": True,
                "pygments_lang_class": True,
                "guess_lang": False,  # a fence without a language stays plain
            },
            "pymdownx.escapeall": {"hardbreak": True, "nbsp": True},  # `\` + newline, `\ `
        },
        output_format="xhtml",
    )


# Python-Markdown's `extra` less fenced_code, which superfences replaces (both at once
# would each claim the fences).
EXTRA_WITHOUT_FENCES = ("abbr", "attr_list", "def_list", "footnotes", "md_in_html", "tables")
