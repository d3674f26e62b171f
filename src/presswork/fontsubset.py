"""The theme's fonts -> subsets holding only the characters the EPUB's pages use.

The four Literata faces weigh about 1 MB; a recap uses a few hundred glyphs of them, and
e-readers load every embedded font, so subsetting (fontTools) keeps the EPUB small.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from fontTools import subset
from fontTools.ttLib import TTFont
from lxml import etree

FONT_SUFFIXES = (".ttf", ".otf")


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
    """(file name, subset bytes) for each font file in `folder`."""
    if not folder.is_dir():
        return []
    codepoints = sorted(ord(ch) for ch in used_characters(pages))
    result = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in FONT_SUFFIXES:
            continue
        options = subset.Options()
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.notdef_outline = True
        font = TTFont(path)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=codepoints)
        subsetter.subset(font)
        buffer = io.BytesIO()
        font.save(buffer)
        result.append((path.name, buffer.getvalue()))
    return result
