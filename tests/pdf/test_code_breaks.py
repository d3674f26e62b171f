"""Long code lines in print wrap only at marked points (a soft hyphen, shown as ↩)."""

from __future__ import annotations

from presswork.manuscript.transforms.xhtml import inner_xml, parse_html
from presswork.pdf.code_breaks import (
    LONG_LINE,
    NO_BREAK_SPACE,
    SOFT_HYPHEN,
    breakable,
    mark_code_breaks,
)


def test_spaces_hold_and_breaks_follow_punctuation_and_long_runs() -> None:
    marked = breakable("a = f(x)").replace(SOFT_HYPHEN, "|").replace(NO_BREAK_SPACE, "_")
    assert marked == "a_|=|_|f(|x)|"
    assert breakable("abcdefghijklmnopq") == f"abcdefgh{SOFT_HYPHEN}ijklmnop{SOFT_HYPHEN}q"


def test_only_blocks_with_a_long_line_are_touched() -> None:
    short = "<pre><code>x = 1</code></pre>"
    long = f'<pre><code><span class="k">let</span> {"word " * (LONG_LINE // 4)}</code></pre>'
    root = parse_html(short + long)
    mark_code_breaks(root)
    first, second = root
    assert inner_xml(root).startswith(short)
    assert SOFT_HYPHEN in "".join(second.itertext()) and " " not in "".join(second.itertext())
    assert first is not second
