"""`\newpage` and `\\pagebreak` alone on a line, as pandoc manuscripts write them for LaTeX,
become a page break in print (and nothing in the EPUB, whose reader makes the pages).
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

_COMMAND = re.compile(r"^ {0,3}\\(?:newpage|pagebreak|clearpage)\s*$")
BREAK = '<div class="page-break"></div>'


class PageBreakPreprocessor(Preprocessor):
    """Replaces each command line with an empty `div.page-break` block."""

    def run(self, lines: list[str]) -> list[str]:
        """The lines with page-break commands as raw HTML blocks."""
        out: list[str] = []
        for line in lines:
            out += ["", BREAK, ""] if _COMMAND.match(line) else [line]
        return out


class PageBreaksExtension(Extension):
    """Before backslash escapes would read `\\n` of `\\newpage` as an escape."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(PageBreakPreprocessor(md), "page_breaks", 22.5)
