"""Spare WeasyPrint the hyphenation tries it can already tell will not fit.

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

There is no public hook inside the function, and copying its 260 lines would hide what
changes: the function is rebuilt from WeasyPrint's own source with four lines added. If
the source is not as expected (another release), WeasyPrint's function is left in place:
slower, never wrong. `split_first_line` is private API of WeasyPrint 70.x (pinned).
"""

from __future__ import annotations

import inspect
import types

import weasyprint.layout.inline as inline
import weasyprint.layout.preferred as preferred
import weasyprint.text.line_break as line_break

_ORIGINAL: types.FunctionType = line_break.split_first_line

_NEXT_WORD = "    next_word = second_line_text[:break_point].rstrip(' ')\n"
_STEP_3 = (
    "            layout.set_text(new_first_line_text)\n"
    "            first_line, resume_index = layout.get_first_line()\n"
)
_MANUAL_TRIES = (
    "        dictionary_iterations = [second_line_text[:i+1] for i in soft_hyphen_indexes]\n"
)
REWRITES = (
    (_NEXT_WORD, _NEXT_WORD + "    next_word_overflows = False\n"),
    (_STEP_3, _STEP_3 + "            next_word_overflows = resume_index is not None\n"),
    (
        _MANUAL_TRIES,
        _MANUAL_TRIES
        + "        if first_line_text and next_word_overflows:\n"
        + "            dictionary_iterations = []\n",
    ),
)
"""What is added to WeasyPrint's source: after each anchor (found exactly once), a line."""


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
    for module in (line_break, inline, preferred):
        module.split_first_line = function


def uninstall() -> None:
    """Put WeasyPrint's own function back (for the test that compares them)."""
    for module in (line_break, inline, preferred):
        module.split_first_line = _ORIGINAL
