"""Pandoc's grid tables, read as pipe tables:

    +-------+-------+
    | Name  | Role  |
    +=======+=======+
    | Jose  | pilot |
    +-------+-------+

The column edges come from the `+` of the top border; each row runs to the next `+---`
line, and a cell's lines are joined by spaces (inline Markdown only, as in a pipe table).
A `+===+` line ends the header. A table whose rows do not keep the top border's columns
(spanning cells) is left as text, and the parser says where (`left_as_text`). The one
Python-Markdown grid-table extension on PyPI is GPL-3, which this MIT project cannot take,
hence this module.
"""

from __future__ import annotations

import itertools
import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

_BORDER = re.compile(r"^\+(?:[-=:]+\+)+\s*$")


def _edges(border: str) -> list[int]:
    return [index for index, char in enumerate(border.rstrip()) if char == "+"]


def _cells(line: str, edges: list[int]) -> list[str] | None:
    """The cells of one text line, or None when its bars are not on the column edges."""
    line = line.rstrip().ljust(edges[-1] + 1)
    if any(line[edge] not in "|+" for edge in edges):
        return None
    return [line[a + 1 : b].strip() for a, b in itertools.pairwise(edges)]


def pipe_table(block: list[str]) -> list[str] | None:
    """The grid table as pipe-table lines, or None when it has spanning cells."""
    edges = _edges(block[0])
    rows: list[list[str]] = []
    header = 0
    current: list[list[str]] = []
    for line in block[1:]:
        if _BORDER.match(line):
            if _edges(line) != edges:
                return None
            rows.append([" ".join(filter(None, column)) for column in zip(*current, strict=True)])
            current = []
            header = len(rows) if "=" in line else header
            continue
        cells = _cells(line, edges)
        if cells is None:
            return None
        current.append(cells)
    aligns = ":" if ":" in block[0][:3] else ""
    head = rows[:header] or [[""] * (len(edges) - 1)]
    body = rows[header:] if header else rows
    joined = [" ".join(cells) for cells in zip(*head, strict=True)]
    lines = ["| " + " | ".join(c.replace("|", "\\|") for c in joined) + " |"]
    lines.append("|" + "|".join(f"{aligns}---" for _ in joined) + "|")
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in body]
    return ["", *lines, ""]


class GridTablePreprocessor(Preprocessor):
    """Finds each grid table (a border line, then `|` or border lines) and rewrites it."""

    def __init__(self, md: Markdown, left_as_text: list[str]) -> None:
        super().__init__(md)
        self.left_as_text = left_as_text

    def run(self, lines: list[str]) -> list[str]:
        """The lines with every readable grid table as a pipe table."""
        out: list[str] = []
        index = 0
        while index < len(lines):
            if not _BORDER.match(lines[index]):
                out.append(lines[index])
                index += 1
                continue
            end = index + 1
            while end < len(lines) and lines[end][:1] in ("|", "+"):
                end += 1
            block = lines[index:end]
            table = pipe_table(block) if len(block) > 2 and _BORDER.match(block[-1]) else None
            if table is None:
                self.left_as_text.append(block[0])
            out += table or block
            index = end
        return out


class GridTablesExtension(Extension):
    """Before the tables extension reads pipe tables; after superfences stashed code.
    `left_as_text` holds the first line of each table of the last document it could not
    read, for the parser to report with its place."""

    def __init__(self) -> None:
        super().__init__()
        self.left_as_text: list[str] = []

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)  # so that md.reset() calls reset()
        md.preprocessors.register(GridTablePreprocessor(md, self.left_as_text), "grid_tables", 21.5)

    def reset(self) -> None:
        """A new document: nothing left as text yet."""
        self.left_as_text.clear()
