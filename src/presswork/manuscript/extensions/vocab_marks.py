"""`[steadfast]{.vocab definition="firm and unwavering"}` marks a word for the vocabulary.

The study editions collect every marked word into a vocabulary list (the word, the page
where it first appears, its definition). The definition is given once, on any of the
word's marks; the span keeps the word in the text, as `{.index}` does.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

VOCAB_PATTERN = r'\[([^\[\]\n]+)\]\{\s*\.vocab(?:\s+definition\s*=\s*"([^"\n]*)")?\s*\}'


class VocabTermProcessor(InlineProcessor):
    """Turns the marked word into `<span class="vocab-term" data-definition="...">`."""

    # Python-Markdown's stubs type the older Pattern signature; InlineProcessor's is this.
    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element, int, int]:
        """The span for one `[word]{.vocab}`, with its definition if this mark gives it."""
        span = etree.Element("span", {"class": "vocab-term"})
        span.text = m.group(1)
        if m.group(2) is not None:
            span.set("data-definition", " ".join(m.group(2).split()))
        return span, m.start(0), m.end(0)


class VocabTermsExtension(Extension):
    """Registers the pattern ahead of links, so `[word]` is not read as a reference link."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.inlinePatterns.register(VocabTermProcessor(VOCAB_PATTERN, md), "vocab_term", 174)
