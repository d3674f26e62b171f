"""The book's characters -> the ones no available font can print, found before layout.

WeasyPrint prints a blank box (and logs nothing) for a character that neither the theme's
fonts nor any system font covers: a Chinese book on a machine without CJK fonts comes out as
rows of boxes. Checking the fonts' character maps first turns that into a located error.
"""

from __future__ import annotations

import logging
import subprocess
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont

from presswork.errors import PressworkError
from presswork.manuscript.model import Book
from presswork.manuscript.transforms.xhtml import parse_html, text_of
from presswork.theme.styles import theme_files

FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
LOG = logging.getLogger("presswork")
IGNORED_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn"})


def font_codepoints(path: Path) -> set[int]:
    """Every code point a font file (or each font of a collection) maps to a glyph."""
    covered: set[int] = set()
    try:
        if path.suffix.lower() in (".ttc", ".otc"):
            with TTCollection(str(path), lazy=True) as collection:
                for font in collection.fonts:
                    covered.update(font.getBestCmap() or {})
        else:
            with TTFont(str(path), lazy=True) as font:
                covered.update(font.getBestCmap() or {})
    except Exception:  # an unreadable system font simply covers nothing
        return set()
    return covered


@cache
def system_codepoints() -> frozenset[int]:
    """Code points of every font fontconfig knows (read once per process)."""
    try:
        listing = subprocess.run(
            ["fc-list", "--format", "%{file}\n"], capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return frozenset()
    covered: set[int] = set()
    for line in sorted(set(listing.splitlines())):
        if line.lower().endswith(FONT_SUFFIXES):
            covered |= font_codepoints(Path(line))
    return frozenset(covered)


def book_characters(book: Book) -> dict[str, Path]:
    """Each printable character of the book -> the first chapter file that uses it."""
    found: dict[str, Path] = {}
    texts: list[tuple[str, Path]] = [
        (book.config.title + (book.config.subtitle or ""), book.root / "book.toml")
    ]
    for chapter in book.chapters:
        texts.append((chapter.title, chapter.source))
        for fragment in (chapter.body, *(note.body for note in chapter.notes)):
            texts.append((text_of(parse_html(fragment)), chapter.source))
    for text, source in texts:
        for char in set(text):
            if char not in found and unicodedata.category(char) not in IGNORED_CATEGORIES:
                found[char] = source
    return found


def check_coverage(book: Book, theme_fonts: Iterable[Path]) -> None:
    """Raise a PressworkError naming the characters no font covers."""
    used = book_characters(book)
    covered: set[int] = set()
    for path in theme_fonts:
        covered |= font_codepoints(path)
    missing = [char for char in used if ord(char) not in covered]
    if missing:
        system = system_codepoints()
        missing = [char for char in missing if ord(char) not in system]
    if not missing:
        return
    missing.sort()
    shown = ", ".join(f"{char} (U+{ord(char):04X})" for char in missing[:8])
    more = f" and {len(missing) - 8} more" if len(missing) > 8 else ""
    error = PressworkError(
        f"no installed font can print {shown}{more}",
        used[missing[0]],
        hint="install a font that covers them (Chinese, Japanese, Korean: apt-get install "
        "fonts-noto-cjk), or put one in the manuscript's styles/fonts/ and add it to "
        "styles/fonts.css",
    )
    if not book.draft:
        raise error
    LOG.warning("%s: draft: %s; they print as blanks", error.file, error.message)


def check_fonts(book: Book, theme: Path) -> None:
    """Every character of the book has a glyph in the theme's or the system's fonts; once
    per build, whatever the number of editions."""
    check_coverage(book, theme_files(theme / "fonts", FONT_SUFFIXES))
