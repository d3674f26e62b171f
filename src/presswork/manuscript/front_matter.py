"""A chapter's own metadata block -> its title, and the text without the block.

Two forms are read, as pandoc reads them: a YAML block fenced by `---` lines at the very
top (Jekyll and pandoc write `title:` there), and a pandoc title block, a first line
starting with `%`. Nothing else is metadata: a first line like `Markdown: Basics` is text
(Python-Markdown's `meta` extension would take it without fences). The block's lines are
replaced by empty lines, so every line number in a message still matches the file.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r"^---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|$)", re.DOTALL)
_TITLE = re.compile(r"^title[ \t]*:[ \t]*(.*?)[ \t]*$", re.MULTILINE | re.IGNORECASE)


def split_front_matter(text: str) -> tuple[str | None, str]:
    """(title or None, the text with the metadata block blanked out)."""
    fenced = _FENCE.match(text)
    if fenced:
        title = _TITLE.search(fenced.group(1))
        blank = "\n" * fenced.group(0).count("\n")
        return (_unquote(title.group(1)) if title else None), blank + text[fenced.end() :]
    if text.startswith("%"):
        first, _, rest = text.partition("\n")
        return first[1:].strip() or None, "\n" + rest
    return None, text


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value
