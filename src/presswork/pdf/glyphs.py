"""The book's characters against the faces that will print them, checked before layout.

Each kind of text (body, headings, code) prints in the font stack the theme gives it
(theme/font_stacks.py). A character that no face of its stack has is printed by whatever
installed face fontconfig falls back to: that is said as a warning, with the characters and
where they are, because the fallback face may not suit the book. A character that no
installed face has at all would print as a blank box (WeasyPrint logs nothing), so it stops
the build (in a draft, it is a warning too).
"""

from __future__ import annotations

import logging
import unicodedata
from collections import defaultdict
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont
from lxml import etree

from presswork.errors import PressworkError, line_of
from presswork.manuscript.model import Book
from presswork.manuscript.transforms.xhtml import parse_html
from presswork.pdf.fontconfig import GENERIC, Coverage, Face, generic_file, installed_faces
from presswork.theme.font_stacks import KINDS, FontStacks, font_stacks
from presswork.theme.styles import PRINT_STYLESHEETS

LOG = logging.getLogger("presswork")
IGNORED_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn"})
CODE_TAGS = frozenset({"code", "pre", "kbd", "samp"})
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
Used = dict[tuple[str, str], Path]
"""(kind of text, character) -> the first file that uses it."""


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
    except Exception:  # an unreadable font simply covers nothing
        return set()
    return covered


def book_characters(book: Book) -> Used:
    """Each printable character of the book, by the kind of text it is in."""
    found: Used = {}
    _add(
        found, "headings", book.config.title + (book.config.subtitle or ""), book.root / "book.toml"
    )
    for chapter in book.chapters:
        _add(found, "headings", chapter.title, chapter.source)
        for fragment in (chapter.body, *(note.body for note in chapter.notes)):
            _walk(parse_html(fragment), "body", found, chapter.source)
    return found


def _walk(element: etree._Element, kind: str, found: Used, source: Path) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    inner = (
        "code"
        if tag in CODE_TAGS
        else "headings"
        if tag in HEADING_TAGS and kind == "body"
        else kind
    )
    _add(found, inner, element.text or "", source)
    for child in element:
        _walk(child, inner, found, source)
        _add(found, inner, child.tail or "", source)


def _add(found: Used, kind: str, text: str, source: Path) -> None:
    for char in set(text):
        if (kind, char) not in found and unicodedata.category(char) not in IGNORED_CATEGORIES:
            found[(kind, char)] = source


Ranges = list[tuple[int, int]]


def own_ranges(stacks: FontStacks) -> dict[str, Ranges]:
    """What each of the theme's own faces (its @font-face files) covers."""
    return {
        name: Coverage.of((p, p) for f in files for p in font_codepoints(f)).ranges()
        for name, files in stacks.faces.items()
    }


def own_coverage(stacks: FontStacks, own: dict[str, Ranges]) -> dict[str, Coverage]:
    """Each kind of text's coverage by the theme's own faces in its stack alone: a part
    of what Fonts.by_kind gives, known without asking fontconfig."""
    return {
        kind: Coverage.of(r for name in stacks.stack(kind) for r in own.get(name.lower(), ()))
        for kind in KINDS
    }


class Fonts:
    """What the theme's stacks and the installed faces cover, worked out once per check."""

    def __init__(
        self, stacks: FontStacks, faces: list[Face], own: dict[str, Ranges] | None = None
    ) -> None:
        self.stacks, self.faces = stacks, faces
        self.own = own_ranges(stacks) if own is None else own
        self.anywhere = Coverage.of(
            [r for face in faces for r in face.coverage.ranges()]
            + [r for rs in self.own.values() for r in rs]
        )
        self.by_kind = {kind: self._stack(stacks.stack(kind)) for kind in KINDS}

    def _stack(self, names: list[str]) -> Coverage:
        ranges: list[tuple[int, int]] = []
        for name in names:
            wanted = name.lower()
            if wanted in self.own:
                ranges += self.own[wanted]
                continue
            file = generic_file(name) if wanted in GENERIC else None
            for face in self.faces:
                if face.file == file or wanted in (n.lower() for n in face.families):
                    ranges += face.coverage.ranges()
        return Coverage.of(ranges)

    def fallback(self, char: str) -> str:
        """A face installed here that has `char` (a Noto face first)."""
        having = [
            face.families[0] for face in self.faces if ord(char) in face.coverage and face.families
        ]
        return (
            sorted(having, key=lambda name: (not name.startswith("Noto"), name))[0]
            if having
            else "?"
        )


def check_fonts(book: Book, theme: Path) -> None:
    """Every character of the book has a glyph in its stack (else a warning) or at least
    in some installed face (else an error); once per build, whatever the editions."""
    stacks = font_stacks(theme, PRINT_STYLESHEETS, book.config.language)
    own = own_ranges(stacks)
    first = own_coverage(stacks, own)
    left = {
        (kind, char): source
        for (kind, char), source in book_characters(book).items()
        if ord(char) not in first[kind]
    }
    if not left:  # the theme's own faces have it all: no need to ask fontconfig
        return
    fonts = Fonts(stacks, installed_faces(), own)
    missing: dict[str, Path] = {}
    fallen: dict[tuple[Path, str], list[str]] = defaultdict(list)
    for (kind, char), source in left.items():
        if ord(char) in fonts.by_kind[kind]:
            continue
        if ord(char) in fonts.anywhere:
            fallen[(source, kind)].append(char)
        else:
            missing.setdefault(char, source)
    for (source, kind), chars in sorted(fallen.items()):
        _warn_fallback(source, kind, sorted(chars), fonts)
    if missing:
        _refuse(book, missing)


def _shown(chars: list[str]) -> str:
    more = f" and {len(chars) - 8} more" if len(chars) > 8 else ""
    return ", ".join(f"{char} (U+{ord(char):04X})" for char in chars[:8]) + more


def _line(source: Path, char: str) -> int | None:
    """The line of the first `char` in the chapter file (read only to say where)."""
    try:
        return line_of(source.read_text(encoding="utf-8-sig"), char)
    except (OSError, UnicodeDecodeError):
        return None


def _where(source: Path, char: str) -> str:
    line = _line(source, char)
    return f"{source}:{line}" if line else str(source)


def _warn_fallback(source: Path, kind: str, chars: list[str], fonts: Fonts) -> None:
    stack = ", ".join(fonts.stacks.stack(kind)[:3])
    LOG.warning(
        "%s: %s in the %s text %s in no face of its font stack (%s...): printed in a "
        "fallback face such as %s; name a face for them in styles/",
        _where(source, chars[0]),
        _shown(chars),
        kind,
        "is" if len(chars) == 1 else "are",
        stack,
        fonts.fallback(chars[0]),
    )


def _refuse(book: Book, missing: dict[str, Path]) -> None:
    chars = sorted(missing)
    error = PressworkError(
        f"no installed font can print {_shown(chars)}",
        missing[chars[0]],
        _line(missing[chars[0]], chars[0]),
        hint="install a font that covers them (the project's set-up installs Noto for "
        "most scripts: scripts/system-deps), or put one in the manuscript's styles/fonts/ "
        "and add it to styles/fonts.css",
    )
    if not book.draft:
        raise error
    LOG.warning("%s: draft: %s; they print as blanks", error.place, error.message)
