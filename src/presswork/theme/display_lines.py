"""Display lines (titles, subtitles, chapter headings, contents entries) never end on a word
alone: the last two words are tied with a no-break space, so "What Happens In The / Film?"
breaks as "What Happens In / The Film?". A template filter, `tie`, for plain text and for
the XHTML of a title (its tags are left alone)."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

NO_BREAK_SPACE = "\u00a0"
_TAG = re.compile(r"(<[^>]*>)")


def tie(value: object) -> Markup:
    """The text (escaped, unless it is already Markup) with its last space between two
    words made a no-break space."""
    markup = value if isinstance(value, Markup) else escape(str(value))
    parts = _TAG.split(str(markup))
    words_after = False
    for index in range(len(parts) - 1, -1, -1):
        part = parts[index]
        if part.startswith("<"):
            continue
        for position in range(len(part) - 1, -1, -1):
            if part[position] == " " and words_after:
                parts[index] = part[:position] + NO_BREAK_SPACE + part[position + 1 :]
                return Markup("".join(parts))
            words_after = words_after or not part[position].isspace()
    return Markup("".join(parts))
