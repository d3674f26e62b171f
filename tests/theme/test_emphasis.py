"""Emphasis in book.toml's description: italics on the cover, plain text in metadata."""

from __future__ import annotations

from presswork.theme.emphasis import emphasised, plain


def test_a_title_in_stars_is_set_in_italics_and_metadata_stays_plain() -> None:
    text = "A recap of the film *A Million Miles Away* & _its_ story: 2 * 3 * 4, snake_case"
    assert emphasised(text) == (
        "A recap of the film <em>A Million Miles Away</em> &amp; <em>its</em> story: "
        "2 * 3 * 4, snake_case"
    )
    assert plain(text + "\n  more") == (
        "A recap of the film A Million Miles Away & its story: 2 * 3 * 4, snake_case more"
    )
    assert emphasised("<b>*x*</b>") == "&lt;b&gt;<em>x</em>&lt;/b&gt;"  # never markup
