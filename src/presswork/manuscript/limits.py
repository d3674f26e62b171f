"""How much one manuscript may ask of a build, each bound with a located message.

A hostile or broken manuscript can make a build run for minutes and take gigabytes: a
10 MB title, a 50 MB chapter, thousands of nested lists or quotes (Python-Markdown recurses
and fails with RecursionError after half a minute), an image that decompresses to
gigapixels. Each is refused before the expensive work starts, with the file, the line and
the limit; the limits are far above any real book and are listed in the README.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

from lxml import etree
from PIL import Image

from presswork.errors import PressworkError

MAX_CHAPTER_BYTES = 8 * 1024 * 1024
"""A chapter file: War and Peace as a whole is about 3.2 MB."""
MAX_NESTING = 40
"""Levels of lists, block quotes and HTML blocks inside one another."""
MAX_INDENT = 4 * MAX_NESTING
"""Leading spaces of a line (each nested list indents by 2 to 4)."""
MAX_TITLE = 500
"""Characters of a title, subtitle or name in book.toml or a heading."""
MAX_TEXT = 20_000
"""Characters of a description or rights statement."""
MAX_PIXELS = 60_000_000
"""Pixels of one image (a 300 dpi full-bleed A4 page is 9 million)."""

_QUOTES = re.compile(r"^[ \t]*((?:>[ \t]?)+)")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>")
_VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "col", "area", "source"}


def check_source(text: str, path: Path) -> None:
    """Refuse a chapter too big or nested too deep to parse in reasonable time."""
    check_size(len(text.encode("utf-8")), path)
    depth = 0
    for number, line in enumerate(text.split("\n"), start=1):
        indent = len(line) - len(line.lstrip(" \t"))
        quotes = _QUOTES.match(line)
        levels = quotes.group(1).count(">") if quotes else 0
        depth = _html_depth(line, depth)
        if indent > MAX_INDENT or levels > MAX_NESTING or depth > MAX_NESTING:
            raise PressworkError(
                f"the text is nested more than {MAX_NESTING} levels deep here",
                path,
                number,
                hint="flatten the lists, quotes or HTML blocks",
            )


def check_size(size: int, path: Path) -> None:
    """Refuse a chapter file of more than MAX_CHAPTER_BYTES (before reading it as text)."""
    if size > MAX_CHAPTER_BYTES:
        raise PressworkError(
            f"chapter is {size / 1024 / 1024:.0f} MB; at most "
            f"{MAX_CHAPTER_BYTES // 1024 // 1024} MB is accepted",
            path,
            hint="split it into several chapters",
        )


def _html_depth(line: str, depth: int) -> int:
    """The open raw-HTML elements after this line (a rough count: enough for a bound)."""
    for closing, name, self_closing in _TAG.findall(line):
        if name.lower() in _VOID or self_closing:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
    return depth


def check_tree(root: etree._Element, path: Path) -> None:
    """The parsed chapter's tree is not deeper than a book's page can show."""
    todo = [(root, 0)]
    while todo:
        element, level = todo.pop()
        if level > 2 * MAX_NESTING:
            raise PressworkError(
                f"the text is nested more than {MAX_NESTING} levels deep",
                path,
                hint="flatten the lists, quotes or HTML blocks",
            )
        todo += [(child, level + 1) for child in element]


def check_title(text: str, what: str, path: Path, line: int | None = None) -> None:
    """A title or heading of reasonable length."""
    if len(text) > MAX_TITLE:
        raise PressworkError(
            f"{what} is {len(text)} characters long; at most {MAX_TITLE} are accepted",
            path,
            line,
            hint="shorten it",
        )


def check_pixels(path: Path, shown_in: Path) -> None:
    """Refuse an image whose pixels would take too much memory to decode (a
    decompression bomb), reading only its header."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
    except Image.DecompressionBombError:
        width, height = MAX_PIXELS, 2  # Pillow refused to even read it
    except (OSError, SyntaxError, ValueError) as exc:
        raise PressworkError(
            f"image {path.name} cannot be read as a picture ({exc})",
            shown_in,
            hint="open it in an image editor and save it again",
        ) from None
    if width * height > MAX_PIXELS:
        raise PressworkError(
            f"image {path.name} is {width} x {height} pixels; at most "
            f"{MAX_PIXELS // 1_000_000} million are accepted",
            shown_in,
            hint="scale it down: 300 dpi at its printed size is enough",
        )
