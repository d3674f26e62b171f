"""Pandoc's inline notes, `text^[the note itself]`, as ordinary footnotes.

Each `^[...]` (brackets may nest; inline code is left alone) becomes a reference
`[^inline-N]` with its definition added at the end of the chapter, so Python-Markdown's
footnotes extension numbers and places it with the others.
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

_CODE = re.compile(r"(`+).*?\1", re.S)


def _closing(text: str, start: int) -> int:
    """Index of the `]` that closes the `[` at `start`, or -1."""
    depth = 0
    for index in range(start, len(text)):
        char = text[index]
        if char == "\\":
            continue
        if char == "[" and text[index - 1] != "\\":
            depth += 1
        elif char == "]" and text[index - 1] != "\\":
            depth -= 1
            if depth == 0:
                return index
    return -1


def take_notes(text: str) -> tuple[str, list[str]]:
    """The text with its inline notes replaced by references, and the notes' bodies."""
    notes: list[str] = []
    out, position = [], 0
    code = [(m.start(), m.end()) for m in _CODE.finditer(text)]
    index = text.find("^[")
    while index >= 0:
        inside_code = any(a <= index < b for a, b in code)
        end = -1 if inside_code else _closing(text, index + 1)
        if end < 0:
            index = text.find("^[", index + 2)
            continue
        notes.append(" ".join(text[index + 2 : end].split()))
        out += [text[position:index], f"[^inline-{len(notes)}]"]
        position = end + 1
        index = text.find("^[", position)
    out.append(text[position:])
    return "".join(out), notes


class InlineNotePreprocessor(Preprocessor):
    """Rewrites the chapter's inline notes before the footnotes extension reads it."""

    def run(self, lines: list[str]) -> list[str]:
        """The lines with references, and the definitions appended."""
        text, notes = take_notes("\n".join(lines))
        if not notes:
            return lines
        definitions = [f"[^inline-{n}]: {body}" for n, body in enumerate(notes, start=1)]
        return [*text.split("\n"), "", *definitions]


class InlineNotesExtension(Extension):
    """After superfences (25) has stashed fenced code."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(InlineNotePreprocessor(md), "inline_notes", 23)
