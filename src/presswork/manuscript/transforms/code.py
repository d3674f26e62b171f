"""Code blocks as a book holds them: left to right in a right-to-left book, and Pygments'
markup without its empty leading span.

Highlighting itself is pymdownx.highlight's (Pygments token classes on spans); the theme
gives the classes a print palette and an e-reader palette (print.css, epub.css).
"""

from __future__ import annotations

from lxml import etree

from presswork.manuscript.transforms.xhtml import find_all, remove_keeping_tail


def code_left_to_right(root: etree._Element, direction: str) -> None:
    """In a right-to-left book, code reads left to right, isolated from the text around."""
    if direction != "rtl":
        return
    for element in find_all(root, ".//pre | .//code[not(ancestor::pre)] | .//kbd | .//samp"):
        element.set("dir", "ltr")


def tidy_highlighting(root: etree._Element) -> None:
    """Drop the empty `<span>` Pygments writes at the start of every block (an empty
    element an e-reader or the print layout could only stumble on)."""
    for span in find_all(root, ".//pre/span[not(node()) and not(@*)]"):
        remove_keeping_tail(span)
