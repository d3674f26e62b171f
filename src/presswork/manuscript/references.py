"""Reference-link definitions (`[Haskell]: https://haskell.org`) that serve the whole book.

A book written as one file and split into chapters keeps its definitions where they were,
often all at the end; pandoc reads them book-wide, Python-Markdown only per document. So
every chapter's definitions are gathered first, with Python-Markdown's own pattern, and each
chapter starts with them (its own definitions still win, as the block parser sets them last).
"""

from __future__ import annotations

import re

from markdown.blockprocessors import ReferenceProcessor

from presswork.manuscript.model import Source

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,}).*?^ {0,3}\1[ \t]*$", re.M | re.S)


def book_references(sources: tuple[Source, ...]) -> dict[str, tuple[str, str]]:
    """Every definition in the book, as Python-Markdown stores them (lower-cased label ->
    (url, title)); the first chapter to define a label keeps it."""
    found: dict[str, tuple[str, str]] = {}
    for source in sources:
        text = _FENCE.sub("", source.text)  # a definition shown inside code is not one
        for match in ReferenceProcessor.RE.finditer(text):
            label = match.group(1).strip().lower()
            url = match.group(2).lstrip("<").rstrip(">")
            found.setdefault(label, (url, match.group(5) or match.group(6) or ""))
    return found
