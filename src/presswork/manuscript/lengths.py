"""CSS lengths and trim sizes from book.toml -> PostScript points.

Print settings stay CSS strings for the stylesheets; points are needed to check the PDF's
page boxes and to refuse a nonsense value early, with the key that holds it.
"""

from __future__ import annotations

import re

POINTS_PER_UNIT = {
    "pt": 1.0,
    "pc": 12.0,
    "in": 72.0,
    "cm": 72.0 / 2.54,
    "mm": 72.0 / 25.4,
    "q": 72.0 / 101.6,
    "px": 0.75,
}
TRIM_SIZES = {
    "letter": "8.5in 11in",
    "a4": "210mm 297mm",
    "a5": "148mm 210mm",
    "5x8": "5in 8in",
    "5.5x8.5": "5.5in 8.5in",
    "6x9": "6in 9in",
}
_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-zA-Z]+)\s*$")


def parse_length(value: str) -> float:
    """Points in a CSS length such as `0.75in` or `12pt`; ValueError names what is wrong."""
    match = _LENGTH.match(value)
    unit = match.group(2).lower() if match else ""
    if not match or unit not in POINTS_PER_UNIT:
        raise ValueError(
            f"{value!r} is not a length; write a number and a unit ({', '.join(POINTS_PER_UNIT)})"
        )
    return float(match.group(1)) * POINTS_PER_UNIT[unit]


def trim_css(value: str) -> str:
    """The trim as a CSS `size` value (named sizes expanded)."""
    return TRIM_SIZES.get(value.strip().lower(), value.strip())


def parse_trim(value: str) -> tuple[float, float]:
    """(width, height) in points of a trim such as `6in 9in` or `a4`."""
    parts = trim_css(value).split()
    if len(parts) != 2:
        raise ValueError(
            f"{value!r} is not a trim size; write width and height (`6in 9in`)"
            f" or one of {', '.join(TRIM_SIZES)}"
        )
    width, height = (parse_length(part) for part in parts)
    return width, height
