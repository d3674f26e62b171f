"""`[term]{.index}` marks a word for the back-of-book index, the way pandoc writes a span.

`[Jose]{.index entry="Hernandez, Jose"}` files the place under another heading, and a `!`
in the entry makes a subentry (`entry="Columbia!disaster"`), as in LaTeX's makeindex.
The span keeps the text in the book; the index itself is built after parsing, from every
`span.index-term`, so terms written as raw HTML spans count too.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

# Text without brackets (nested inline Markdown is parsed inside it), then the attribute.
INDEX_PATTERN = r'\[([^\[\]\n]+)\]\{\s*\.index(?:\s+entry\s*=\s*"([^"\n]*)")?\s*\}'


class IndexTermProcessor(InlineProcessor):
    """Turns the marked text into `<span class="index-term" data-index="entry">`. Without
    an `entry`, the index files the term under its text as it prints (quotes made curly,
    markup gone: transforms/index_terms.py), never under the raw Markdown, which holds
    Python-Markdown's placeholders for what it has stashed."""

    # Python-Markdown's stubs type the older Pattern signature; InlineProcessor's is this.
    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element, int, int]:
        """The span for one `[text]{.index}`, with the entry it files under."""
        span = etree.Element("span", {"class": "index-term"})
        span.text = m.group(1)
        if m.group(2) is not None:  # else the entry is the term's text as it prints
            span.set("data-index", " ".join(m.group(2).split()))
        return span, m.start(0), m.end(0)


class IndexTermsExtension(Extension):
    """Registers the pattern ahead of links, so `[term]` is not read as a reference link."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.inlinePatterns.register(IndexTermProcessor(INDEX_PATTERN, md), "index_term", 175)
