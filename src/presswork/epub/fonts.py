"""The theme's fonts -> subsets holding only the characters the EPUB's pages use.

The four Literata faces weigh about 1 MB; a recap uses a few hundred glyphs of them, and
e-readers load every embedded font, so subsetting (HarfBuzz's hb-subset) keeps the EPUB small.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

import uharfbuzz as hb
from fontTools.ttLib import TTFont
from lxml import etree

from presswork.errors import PressworkError

FONT_SUFFIXES = (".ttf", ".otf")
EXTRA_FEATURES = ("onum", "pnum", "lnum", "tnum", "smcp", "c2sc")


class HasContent(Protocol):
    """Anything with XHTML bytes (an EPUB page)."""

    @property
    def content(self) -> bytes: ...


def used_characters(pages: Iterable[HasContent]) -> set[str]:
    """Every character of text in the pages (markup excluded), plus basic Latin for safety."""
    chars = {chr(code) for code in range(0x20, 0x7F)}
    for page in pages:
        root = etree.fromstring(page.content)
        chars.update(etree.tostring(root, method="text", encoding="unicode"))
    return chars


def subset_fonts(folder: Path, pages: Iterable[HasContent]) -> list[tuple[str, bytes]]:
    """(file name, subset bytes) for each font file in `folder`.

    HarfBuzz subsets a face in about a millisecond (fontTools took 0.35 s, most of a small
    book's EPUB time, and needed a cache and a process pool), so a cold build and a rebuild
    cost the same and nothing is kept between builds."""
    if not folder.is_dir():
        return []
    codepoints = sorted(ord(ch) for ch in used_characters(pages))
    found = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() in FONT_SUFFIXES:
            data = path.read_bytes()
            _check_font(path, data)
            found.append((path.name, _subset(data, codepoints)))
    return found


def _check_font(path: Path, data: bytes) -> None:
    """A font file of the theme that cannot be read stops the build, named."""
    try:
        TTFont(io.BytesIO(data), lazy=True).close()
    except Exception as exc:  # fontTools raises many kinds for a broken file
        raise PressworkError(
            f"styles/fonts/{path.name} is not a font fontTools can read ({exc})",
            hint="remove it, or replace it with a TrueType or OpenType file",
        ) from None


def _subset(data: bytes, codepoints: list[int]) -> bytes:
    """One font cut down to `codepoints` by HarfBuzz, keeping every name, a drawn .notdef
    and the OpenType features our stylesheets use besides HarfBuzz's defaults."""
    request = hb.SubsetInput()
    request.unicode_set.update(codepoints)
    features = request.sets(hb.SubsetInputSets.LAYOUT_FEATURE_TAG)
    for feature in EXTRA_FEATURES:
        features.add(int.from_bytes(feature.encode("ascii"), "big"))
    names = request.sets(hb.SubsetInputSets.NAME_ID)
    names.clear()
    names.invert()  # the empty set inverted: every name ID
    request.flags |= hb.SubsetFlags.NOTDEF_OUTLINE
    subsetted = hb.subset(hb.Face(hb.Blob(data)), request)
    if subsetted is None:
        raise PressworkError("HarfBuzz could not subset a theme font", hint="replace the font")
    return bytes(subsetted.blob.data)
