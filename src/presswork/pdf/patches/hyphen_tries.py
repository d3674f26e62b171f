"""Spare WeasyPrint the line-breaking tries it can already tell will not fit.

Presswork's print text carries soft hyphens (pdf/hyphenation.py). When a line ends at a
space and the next word (one without a soft hyphen: WeasyPrint's step 3 takes it whole, to
its space) does not fit after it, WeasyPrint's `split_first_line` goes on to try a break at
every soft hyphen in the rest of its text, longest first, one Pango layout each: every
soft hyphen of the two or three words after it, although nothing longer than a word that
does not fit can fit. Those tries were a fifth of a chapter's line layouts (8,800 of
46,000 on the novel's chapters). Only they are skipped; every other try is made as before,
in the same order, so the lines are the same (tests/pdf/test_hyphen_tries.py lays text
out at thirty widths both ways, and the novel's 248 chapter pages came out the same, box
for box).

Before those, every line that Pango ends at a space costs a layout of the line with the next
word added (step 3: the word might fit without its space), a fifth of all layouts. The
draft layout WeasyPrint has just made already holds that word, shaped, at the start of its
second line: when the line's width plus the word's glyphs exceed the measure by more than
a space could give back (a kerning pair with the space, half a letter spacing), the try
cannot fit and is not made; the draft's first line, which the try would have given again,
stands. Every try that might fit is made as before.

There is no public hook inside the function, and copying its 260 lines would hide what
changes: the function is rebuilt from WeasyPrint's own source with a few lines added, and
one name (`presswork_doomed`, below) put beside it in WeasyPrint's module. If
the source is not as expected (another release), WeasyPrint's function is left in place:
slower, never wrong. `split_first_line` is private API of WeasyPrint 70.x (pinned).
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Mapping

import weasyprint.layout.inline as inline
import weasyprint.layout.preferred as preferred
import weasyprint.text.line_break as line_break
from weasyprint.text.ffi import FROM_UNITS, ffi, pango

_ORIGINAL: types.FunctionType = line_break.split_first_line

_NEXT_WORD = "    next_word = second_line_text[:break_point].rstrip(' ')\n"
_STEP_3 = (
    "            layout.set_text(new_first_line_text)\n"
    "            first_line, resume_index = layout.get_first_line()\n"
)
_STEP_3_SKIPPED = (
    "            if not presswork_doomed(\n"
    "                    layout, first_line_text, next_word, first_line_width, max_width, style):\n"
    "                layout.set_text(new_first_line_text)\n"
    "                first_line, resume_index = layout.get_first_line()\n"
)
_MANUAL_TRIES = (
    "        dictionary_iterations = [second_line_text[:i+1] for i in soft_hyphen_indexes]\n"
)
REWRITES = (
    (_NEXT_WORD, _NEXT_WORD + "    next_word_overflows = False\n"),
    (_STEP_3, _STEP_3_SKIPPED + "            next_word_overflows = resume_index is not None\n"),
    (
        _MANUAL_TRIES,
        _MANUAL_TRIES
        + "        if first_line_text and next_word_overflows:\n"
        + "            dictionary_iterations = []\n",
    ),
)
"""What changes in WeasyPrint's source: each anchor (found exactly once) -> its lines."""


SLACK_EM = 0.2
"""What the next word may gain beside a space rather than at a line's start (a kerning pair
with the space; fonts kern it by a few hundredths of an em, if at all), in em, on top of
the letter spacing: a try is skipped only when the line would overflow by more."""


def presswork_doomed(
    layout: line_break.Layout,
    first_line_text: str,
    next_word: str,
    width: float,
    max_width: float,
    style: Mapping[str, object],
) -> bool:
    """Whether the line with the next word added cannot fit: the first line's width and
    the word's advance exceed the measure by more than the slack."""
    advance = next_word_advance(layout, first_line_text, next_word)
    if advance is None:
        return False
    size, spacing = style["font_size"], style["letter_spacing"]
    assert isinstance(size, int | float)
    slack = SLACK_EM * size + (abs(spacing) if isinstance(spacing, int | float) else 0)
    return bool(width + advance > max_width + slack)


def next_word_advance(
    layout: line_break.Layout, first_line_text: str, next_word: str
) -> float | None:
    """The advance of the word that starts the draft layout's second line (its glyphs'
    widths), or None when it cannot be told (no second line, a right-to-left run, the word
    not wholly in the line)."""
    start = len(first_line_text.encode())
    end = start + len(next_word.encode())
    line = pango.pango_layout_get_line_readonly(layout.layout, 1)
    if line == ffi.NULL or line.start_index != start or end > start + line.length:
        return None
    advance, run = 0, line.runs
    while run != ffi.NULL:
        item, glyphs = run.data.item, run.data.glyphs
        if item.analysis.level % 2:
            return None
        clusters = glyphs.log_clusters
        for i in range(glyphs.num_glyphs):
            if item.offset + clusters[i] >= end:
                return float(advance * FROM_UNITS)
            advance += glyphs.glyphs[i].geometry.width
        run = run.next
    return None  # the line ended before the word did


def rebuilt(original: types.FunctionType = _ORIGINAL) -> types.FunctionType | None:
    """`split_first_line` with the doomed tries skipped, or None when its source is not the
    one these rewrites were written for."""
    try:
        source = inspect.getsource(original)
    except (OSError, TypeError):
        return None
    for anchor, replacement in REWRITES:
        if source.count(anchor) != 1:
            return None
        source = source.replace(anchor, replacement)
    namespace: dict[str, object] = {}
    exec(compile(source, inspect.getfile(original), "exec"), dict(vars(line_break)), namespace)
    made = namespace.get(original.__name__)
    if not isinstance(made, types.FunctionType):
        return None
    # run against the module's own globals, so that it sees what the module sees
    function = types.FunctionType(
        made.__code__, vars(line_break), made.__name__, made.__defaults__, made.__closure__
    )
    function.__doc__ = original.__doc__
    return function


def install() -> None:
    """Put the rebuilt function where WeasyPrint's layout looks it up (idempotent)."""
    function = rebuilt()
    if function is None:
        return
    line_break.presswork_doomed = presswork_doomed
    for module in (line_break, inline, preferred):
        module.split_first_line = function


def uninstall() -> None:
    """Put WeasyPrint's own function back (for the test that compares them)."""
    for module in (line_break, inline, preferred):
        module.split_first_line = _ORIGINAL
