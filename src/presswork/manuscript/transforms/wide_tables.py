"""Tables too wide for the page are fitted, never run off its edge.

A table's columns are as wide as their longest unbreakable content, so a table of many
columns, long rows or long identifiers and URLs is wider than the measure, and the print
engine lets it overflow the page. Such a table is classed `wide`: the theme sets it in
smaller type, at the full measure with fixed column widths, and lets a long word wrap
anywhere inside its cell (base.css), in both books.
"""

from __future__ import annotations

from lxml import etree

from presswork.manuscript.transforms.xhtml import find_all, text_of

MANY_COLUMNS = 6
LONG_ROW = 70
"""Characters of text in a row beyond which a table is wide."""
LONG_WORD = 24
"""Characters of a word no cell can wrap (an identifier, a URL) beyond which it is wide."""


def is_wide(table: etree._Element) -> bool:
    """Whether the table is likely to be wider than a page's measure."""
    rows = find_all(table, ".//tr")
    cells = [find_all(row, "./td | ./th") for row in rows]
    columns = max((len(row) for row in cells), default=0)
    row_text = max((sum(len(text_of(c)) for c in row) for row in cells), default=0)
    words = [w for row in cells for c in row for w in text_of(c).split()]
    longest = max((len(w) for w in words), default=0)
    return columns >= MANY_COLUMNS or row_text > LONG_ROW or longest > LONG_WORD


def mark_wide_tables(root: etree._Element) -> None:
    """Add the class `wide` to every table that needs fitting."""
    for table in find_all(root, ".//table"):
        if is_wide(table):
            classes = (table.get("class") or "").split()
            table.set("class", " ".join([*classes, "wide"]))
