"""Long code lines in print: they wrap, and each wrap is marked (↩ at the end of the cut
line), so a reader never takes a wrapped line for two.

CSS cannot mark the point where `white-space: pre-wrap` wraps a line, but a soft hyphen
with `hyphens: manual` and `hyphenate-character: "↩"` is exactly such a mark. So in code
lines longer than a short measure, spaces become no-break spaces (the line may not wrap
silently there) and a soft hyphen is put after each space and punctuation mark, and every
few characters of a long run, as the only places the line may wrap. Shorter lines are left
as they are. The EPUB is not touched: a reader's screen reflows, and copying code from it
must give the code.
"""

from __future__ import annotations

import re

from lxml import etree

from presswork.manuscript.transforms.xhtml import find_all

LONG_LINE = 48
"""Characters: a block with a line longer than this gets break points (the narrowest
measure, a 5 x 8 in page at 9 pt code, holds about 55)."""
RUN = 8
"""A break point every this many characters inside a run with no space or punctuation."""
SOFT_HYPHEN, NO_BREAK_SPACE = "\u00ad", "\u00a0"
_BREAKERS = r" ,;.(){}\[\]=+*/<>:|&-"
"""Spaces and punctuation: code may wrap after any of them."""
_AFTER = re.compile(f"([{_BREAKERS}])")
_RUN = re.compile(f"([^\n{_BREAKERS}]{{{RUN}}})(?=[^\n{_BREAKERS}])")


def breakable(text: str) -> str:
    """A piece of code text with its wrap points marked, its spaces made no-break."""
    text = _RUN.sub(rf"\1{SOFT_HYPHEN}", text)
    text = _AFTER.sub(rf"\1{SOFT_HYPHEN}", text)
    return text.replace(" ", NO_BREAK_SPACE)


def mark_code_breaks(root: etree._Element) -> None:
    """Every `pre` with a long line gets marked wrap points in all its text."""
    for pre in find_all(root, ".//pre"):
        full = etree.tostring(pre, method="text", encoding="unicode", with_tail=False)
        if max((len(line) for line in full.split("\n")), default=0) <= LONG_LINE:
            continue
        for node in pre.iter():
            if node.text:
                node.text = breakable(node.text)
            if node is not pre and node.tail:
                node.tail = breakable(node.tail)
