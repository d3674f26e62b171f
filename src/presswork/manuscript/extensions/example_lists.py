"""Pandoc's example lists: items marked `(@)` or `(@label)` are numbered in one sequence
through the chapter, however many lists they are split into, and `(@label)` in the text
prints that item's number.

The markers become ordinary numbers (`3.`), which the fancy-lists extension turns into a
list starting there; labels are replaced in the text once every item is numbered.
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

_ITEM = re.compile(r"^(?P<indent> {0,3})\(@(?P<label>[\w-]*)\)(?P<space>\s+)")


class ExampleListPreprocessor(Preprocessor):
    """Numbers the example items, then the references to their labels."""

    def run(self, lines: list[str]) -> list[str]:
        """The lines with `(@...)` markers numbered and references resolved."""
        labels: dict[str, int] = {}
        count = 0
        out = []
        for line in lines:
            item = _ITEM.match(line)
            if item:
                count += 1
                if item.group("label"):
                    labels[item.group("label")] = count
                line = f"{item.group('indent')}{count}.{item.group('space')}{line[item.end() :]}"
            out.append(line)
        if not labels:
            return out
        pattern = re.compile(r"\(@(" + "|".join(map(re.escape, labels)) + r")\)")
        return [pattern.sub(lambda m: f"({labels[m.group(1)]})", line) for line in out]


class ExampleListsExtension(Extension):
    """Before the block parser reads lists."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(ExampleListPreprocessor(md), "example_lists", 24)
