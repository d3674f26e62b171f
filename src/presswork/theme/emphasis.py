"""Emphasis in a metadata text (book.toml's `description`): `*A Million Miles Away*` or
`_..._` is a title set in italics where the text is typeset (the cover's blurb) and plain
text where it is metadata (the EPUB's dc:description, the PDF's Subject). Nothing else of
Markdown is read there: the text stays a sentence, not a document."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

EMPHASIS = re.compile(
    r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])"
)


def emphasised(value: object) -> Markup:
    """The text, escaped, with its emphasised runs in <em>."""
    text = str(escape(str(value)))
    return Markup(EMPHASIS.sub(lambda m: f"<em>{m[1] or m[2]}</em>", text))


def plain(value: object) -> str:
    """The text with the emphasis marks taken out and its lines joined."""
    return " ".join(EMPHASIS.sub(lambda m: m[1] or m[2], str(value)).split())
