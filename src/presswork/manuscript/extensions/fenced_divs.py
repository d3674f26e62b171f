"""Pandoc's fenced divs: `::: {#id .class}` (or `::: class`) ... `:::` wrap Markdown in a
`<div>`, nested as deep as the colons are matched.

Each fence becomes a `<div ... markdown="1">` line with blank lines around it, which
Python-Markdown's md_in_html then parses as Markdown inside; it runs after superfences has
stashed fenced code (a `:::` inside code stays code). An unclosed fence closes at the end
of the chapter, as pandoc closes it.
"""

from __future__ import annotations

import html
import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

_OPEN = re.compile(r"^ {0,3}:{3,}\s*(?:\{(?P<attrs>[^}]*)\}|(?P<word>[\w-]+))\s*:*\s*$")
_CLOSE = re.compile(r"^ {0,3}:{3,}\s*$")
_ATTR = re.compile(r'#(?P<id>[\w-]+)|\.(?P<cls>[\w-]+)|(?P<key>[\w-]+)=(?P<val>"[^"]*"|\S+)')


def div_tag(attrs: str | None, word: str | None) -> str:
    """The opening `<div>` for a fence's attributes (`#id .a .b key=v`) or single class."""
    ident, classes, others = None, [word] if word else [], []
    for match in _ATTR.finditer(attrs or ""):
        if match.group("id"):
            ident = match.group("id")
        elif match.group("cls"):
            classes.append(match.group("cls"))
        else:
            value = match.group("val").strip('"')
            others.append(f' {match.group("key")}="{html.escape(value)}"')
    tag = "<div"
    if ident:
        tag += f' id="{html.escape(ident)}"'
    if classes:
        tag += f' class="{html.escape(" ".join(classes))}"'
    return tag + "".join(others) + ' markdown="1">'


class FencedDivPreprocessor(Preprocessor):
    """Turns the fences into md_in_html `<div>`s, matching opens and closes."""

    def run(self, lines: list[str]) -> list[str]:
        """The chapter's lines with each fence replaced by its tag."""
        out: list[str] = []
        depth = 0
        for line in lines:
            opened = _OPEN.match(line)
            if opened:
                out += ["", div_tag(opened.group("attrs"), opened.group("word")), ""]
                depth += 1
            elif depth and _CLOSE.match(line):
                out += ["", "</div>", ""]
                depth -= 1
            else:
                out.append(line)
        return out + ["", "</div>"] * depth


class FencedDivsExtension(Extension):
    """After superfences (25), before md_in_html reads raw HTML blocks (20)."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(FencedDivPreprocessor(md), "fenced_divs", 22)
