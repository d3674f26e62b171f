"""Print hyphenation by the house rules: the dictionary from the BCP 47 tag, the limits of
the language, no break in a block's last word, display text or capitalised words."""

from __future__ import annotations

import pytest

from presswork.manuscript.transforms.xhtml import inner_xml, parse_html
from presswork.pdf.hyphenation import (
    SOFT_HYPHEN,
    dictionary_for,
    hyphenate_tree,
    hyphenate_words,
    limits_for,
)


def shown(text: str) -> str:
    return text.replace(SOFT_HYPHEN, "-")


@pytest.mark.parametrize(
    ("tag", "dictionary"),
    [
        ("en", "en_US"),
        ("en-US", "en_US"),
        ("en-GB", "en_GB"),
        ("en-AU", "en_GB"),
        ("fr", "fr"),
        ("pt-BR", "pt_BR"),
        ("de", "de_DE"),
        ("zh", None),
        ("ar", None),
    ],
)
def test_the_dictionary_follows_the_tag(tag: str, dictionary: str | None) -> None:
    assert dictionary_for(tag) == dictionary


def test_english_gets_the_us_patterns_and_its_limits() -> None:
    assert limits_for("en-GB") == (6, 3, 3) and limits_for("it") == (6, 2, 2)
    words = "facing restaurant scientists extensive engineering"
    assert shown(hyphenate_words(words, "en")) == (
        "fac-ing restau-rant sci-en-tists exten-sive engi-neer-ing"
    )
    assert shown(hyphenate_words("restaurant", "en-GB")) == "res-taur-ant"
    assert hyphenate_words("table often", "en") == "table often"  # under 6 letters: whole


def test_capitalised_words_stay_whole_unless_asked() -> None:
    assert hyphenate_words("California NASA", "en") == "California NASA"
    assert shown(hyphenate_words("California", "en", capitals=True)) == "Cal-i-for-nia"


def test_no_break_in_a_block_s_last_word_or_in_display_text() -> None:
    root = parse_html(
        "<h2>Astronaut applications</h2>"
        "<p>Engineers were <em>confronted</em> with aspirations.</p>"
        "<table><tr><td>applications</td></tr></table>"
        "<ul><li>engineering <code>determination</code> determination</li></ul>"
    )
    hyphenate_tree(root, "en")
    assert shown(inner_xml(root)) == (
        "<h2>Astronaut applications</h2>"
        "<p>Engineers were <em>con-fronted</em> with aspirations.</p>"
        "<table><tr><td>applications</td></tr></table>"
        "<ul><li>engi-neer-ing <code>determination</code> determination</li></ul>"
    )


def test_a_language_without_a_dictionary_is_left_alone() -> None:
    root = parse_html("<p>梦想成为宇航员的孩子</p>")
    hyphenate_tree(root, "zh")
    assert SOFT_HYPHEN not in inner_xml(root)


def test_no_break_inside_an_f_ligature() -> None:
    assert shown(hyphenate_words("officiel suffit", "fr")) == "offi-ciel suffit"
