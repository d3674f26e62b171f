"""Pandoc's line blocks: lines that start with `| ` keep their breaks and their leading
spaces (verse, addresses), each block one paragraph of class `line-block`.

A block that looks like a pipe table (a `|---|` row, or lines ending in `|`) is left to the
tables extension. A line that starts with a space continues the line before, as in pandoc.
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

_LINE = re.compile(r"^\|(?: (?P<text>.*)|$)")
_TABLE_ROW = re.compile(r"^\|?\s*:?-{3,}:?\s*(\||$)")


def _is_table(block: list[str]) -> bool:
    return any(_TABLE_ROW.match(line) or line.rstrip().endswith("|") for line in block)


def render(block: list[str]) -> list[str]:
    """One line block as an md_in_html paragraph, lines joined by `<br />`."""
    lines: list[str] = []
    for line in block:
        if not line.startswith("|") and lines:  # a continuation line
            lines[-1] += " " + line.strip()
            continue
        match = _LINE.match(line)
        text = (match.group("text") or "") if match else ""
        indent = len(text) - len(text.lstrip(" "))
        lines.append("&nbsp;" * indent + text.strip())
    return ["", '<p class="line-block" markdown="1">' + "<br />\n".join(lines) + "</p>", ""]


class LineBlockPreprocessor(Preprocessor):
    """Finds blocks of `| ` lines that start after a blank line."""

    def run(self, lines: list[str]) -> list[str]:
        """The chapter's lines with each line block made one paragraph."""
        out: list[str] = []
        index = 0
        while index < len(lines):
            starts = _LINE.match(lines[index]) and (not out or not out[-1].strip())
            if not starts:
                out.append(lines[index])
                index += 1
                continue
            end = index + 1
            while end < len(lines) and (
                _LINE.match(lines[end]) or (lines[end].startswith(" ") and lines[end].strip())
            ):
                end += 1
            block = lines[index:end]
            out += block if _is_table(block) else render(block)
            index = end
        return out


class LineBlocksExtension(Extension):
    """After superfences (25), before md_in_html reads raw HTML blocks (20)."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(LineBlockPreprocessor(md), "line_blocks", 21)
