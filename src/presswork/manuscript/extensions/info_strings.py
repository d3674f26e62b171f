"""Fence info strings written for other tools, read the way they mean them:

- mdBook and rustdoc: ```` ```rust,editable,ignore ```` -> language `rust`, the rest classes;
- GitHub and pandoc: ```` ```js run ```` -> language `js` (superfences' relaxed headers
  already keep such a fence code, this names its language);
- pandoc's ```` ```{.python .numberLines} ```` is superfences' own syntax, left as it is.

The opening line is rewritten to superfences' `{.lang .class}` form before superfences reads
the fences, whether the fence is at the top level or inside a list or a quote.
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

_OPENING = re.compile(
    r"^(?P<lead>(?:[ \t]*>)*[ \t]*(?:(?:[-*+]|\d+[.)])[ \t]+)?)"
    r"(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`{\s][^`{]*?)[ \t]*$"
)
_WORD = re.compile(r"[\w#+.-]+")


def fence_header(info: str) -> str | None:
    """The `{.lang .class ...}` header for an info string with commas or several words;
    None when superfences reads it as it is (one word)."""
    words = [w for w in re.split(r"[,\s]+", info) if w]
    if len(words) < 2 or not all(_WORD.fullmatch(w) for w in words):
        return None
    return "{" + " ".join(f".{w}" for w in words) + "}"


class InfoStringPreprocessor(Preprocessor):
    """Rewrites opening fence lines whose info string superfences would misread."""

    def run(self, lines: list[str]) -> list[str]:
        """The lines, with each such opening fence in superfences' form."""
        out = []
        fence = ""
        for line in lines:
            opened = _OPENING.match(line)
            if fence:
                if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                    fence = ""
            elif opened:
                fence = opened.group("fence")
                header = fence_header(opened.group("info"))
                if header is not None:
                    line = f"{opened.group('lead')}{fence}{header}"
            out.append(line)
        return out


class InfoStringsExtension(Extension):
    """Before superfences reads fences (25), after whitespace is normalised (30)."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(InfoStringPreprocessor(md), "info_strings", 27)
