"""Display lines never end on a word alone: the last two words are tied."""

from __future__ import annotations

from markupsafe import Markup

from presswork.theme.display_lines import NO_BREAK_SPACE, tie


def test_the_last_two_words_are_tied_in_text_and_in_markup() -> None:
    assert tie("What Happens In The Film?") == f"What Happens In The{NO_BREAK_SPACE}Film?"
    assert tie("Alone") == "Alone" and tie("a <b>") == f"a{NO_BREAK_SPACE}&lt;b&gt;"
    assert tie(Markup("Read <em>The Film</em>")) == f"Read <em>The{NO_BREAK_SPACE}Film</em>"
    assert tie(Markup("In <em>Film</em> ")) == f"In{NO_BREAK_SPACE}<em>Film</em> "
