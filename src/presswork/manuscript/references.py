"""Reference-link definitions (`[Haskell]: https://haskell.org`) that serve the whole book.

A book written as one file and split into chapters keeps its definitions where they were,
often all at the end; pandoc reads them book-wide, Python-Markdown only per document. So
every chapter's definitions are gathered first, with Python-Markdown's own pattern, and each
chapter starts with them (its own definitions still win, as the block parser sets them last).
"""

from __future__ import annotations

import re

from markdown.blockprocessors import ReferenceProcessor
from markdown.extensions.toc import slugify_unicode

from presswork.manuscript.model import Source

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,}).*?^ {0,3}\1[ \t]*$", re.M | re.S)
_ATX = re.compile(r"^ {0,3}#{1,6}[ \t]+(?P<text>.+?)[ \t]*$", re.M)
_SETEXT = re.compile(r"^(?P<text>[^\s#>|:-][^\n]*)\n(?:=+|-+)[ \t]*$", re.M)
_HEADING_ID = re.compile(r"\{[^}]*#(?P<id>[\w-]+)[^}]*\}\s*$")
_ATTRIBUTES = re.compile(r"\{[^}]*\}\s*$|[ \t]+#+\s*$")
_MARKUP = re.compile(r"[*_`]|\{[^}]*\}\s*$|[ \t]+#+\s*$")


def book_references(sources: tuple[Source, ...]) -> dict[str, tuple[str, str]]:
    """Every definition in the book, as Python-Markdown stores them (lower-cased label ->
    (url, title)); the first chapter to define a label keeps it. Below them, pandoc's
    implicit heading references: `[Heading text]` links to that heading, wherever it is."""
    found: dict[str, tuple[str, str]] = {}
    for source in sources:
        text = _FENCE.sub("", source.text)  # a definition shown inside code is not one
        for match in ReferenceProcessor.RE.finditer(text):
            label = match.group(1).strip().lower()
            url = match.group(2).lstrip("<").rstrip(">")
            found.setdefault(label, (url, match.group(5) or match.group(6) or ""))
    for label, target in heading_references(sources).items():
        found.setdefault(label, target)
    return found


def heading_references(sources: tuple[Source, ...]) -> dict[str, tuple[str, str]]:
    """Each heading's text (lower-cased) -> `#its-id`: its `{#id}`, else the slug the toc
    extension gives it; the link check then finds the chapter that holds it."""
    found: dict[str, tuple[str, str]] = {}
    for source in sources:
        text = _FENCE.sub("", source.text)
        for match in [*_ATX.finditer(text), *_SETEXT.finditer(text)]:
            heading = match.group("text")
            explicit = _HEADING_ID.search(heading)
            words = " ".join(_MARKUP.sub("", heading).split())
            ident = explicit.group("id") if explicit else slugify_unicode(words, "-")
            written = " ".join(_ATTRIBUTES.sub("", heading).split())  # `[Getting *Started*]`
            for label in (written, words) if words and ident else ():
                found.setdefault(label.lower(), (f"#{ident}", ""))
    return found
