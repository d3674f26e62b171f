"""List items indented as CommonMark and GitHub indent them, read as Python-Markdown reads
them.

CommonMark puts an item's content at the column after its marker (`- ` two spaces, `1. `
three), so a second paragraph, a fenced block or a nested list under `- item` is indented
two spaces; Python-Markdown wants four, and reads the two-space block as text after the
list (a fence there broke the chapter into raw text). Before the block parser runs, each
line inside an item is moved from the item's content column to Python-Markdown's (the
marker's column plus four), keeping its indentation relative to the item. Lines that are
not inside an item, and lines already at four, stay where they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

_MARKER = re.compile(
    r"^(?P<indent> *)"
    r"(?P<marker>[-*+]|\d{1,9}[.)]|[a-zA-Z][.)]|[ivxlcdmIVXLCDM]+[.)]|#[.)]|\(@[\w-]*\))"
    r"(?P<space> {1,4})(?=\S)"
)
_FENCE = re.compile(r"^ *(?P<mark>`{3,}|~{3,})")


@dataclass
class _Item:
    marker: int
    """The column of its marker, as written."""
    content: int
    """The column its content starts at, as written."""
    target: int
    """The column Python-Markdown needs its content at (its marker's new column + 4)."""
    shift: int | None = None
    """How far its content moves; decided by its first line inside it (0 when the author
    already indents by four)."""


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


class ListIndentPreprocessor(Preprocessor):
    """Moves the content of list items to Python-Markdown's columns."""

    def run(self, lines: list[str]) -> list[str]:
        """The chapter's lines, list item content re-indented."""
        items: list[_Item] = []
        out: list[str] = []
        fence, fence_inside = "", False
        previous = ""
        for line in lines:
            if fence:  # code: moved with its item, never read
                moved = fence_inside and line.strip()
                out.append(
                    " " * self._column(_indent(line), items) + line.lstrip(" ") if moved else line
                )
                if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                    fence = ""
                    if fence_inside:  # the block ends here, as in CommonMark
                        out.append("")
                        previous = ""
                continue
            if not line.strip():
                out.append(line)
                previous = ""
                continue
            out += self._line(line, previous, items)
            opened = _FENCE.match(line)
            if opened:
                fence, fence_inside = opened.group("mark"), bool(items)
            previous = line
        return out

    def _line(self, line: str, previous: str, items: list[_Item]) -> list[str]:
        """One line outside code, moved; a new item after a quote gets a blank line first
        (it ends the quote, as in CommonMark, where Python-Markdown would take it in)."""
        indent = _indent(line)
        marker = _MARKER.match(line)
        while items and indent < items[-1].content and (not previous or marker):
            items.pop()
        inside = bool(items) and indent >= items[-1].content
        column = self._column(indent, items) if inside else indent
        base = items[-1].content if inside else 0
        before = []
        if marker and indent - base < 4:  # four more spaces: indented code, not an item
            width = len(marker.group("marker")) + len(marker.group("space"))
            items.append(_Item(indent, indent + width, column + 4))
            before = [""] if previous.lstrip().startswith(">") else []
        return [*before, " " * column + line[indent:]]

    @staticmethod
    def _column(indent: int, items: list[_Item]) -> int:
        """Where a line inside the innermost item goes (deciding that item's shift)."""
        innermost = items[-1]
        if innermost.shift is None:
            moved = sum(item.shift or 0 for item in items[:-1])
            four = indent - innermost.marker >= 4  # written for Python-Markdown already
            innermost.shift = 0 if four else innermost.target - innermost.content - moved
        return indent + sum(item.shift or 0 for item in items)


class ListIndentsExtension(Extension):
    """Before superfences (25) stashes the fences it finds (an item's fence among them),
    after the info strings (27) are rewritten."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(ListIndentPreprocessor(md), "list_indents", 26)
