"""The theme's fonts -> subsets holding only the characters the EPUB's pages use.

The four Literata faces weigh about 1 MB; a recap uses a few hundred glyphs of them, and
e-readers load every embedded font, so subsetting (fontTools) keeps the EPUB small.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from fontTools import subset
from fontTools import version as fonttools_version
from fontTools.ttLib import TTFont
from lxml import etree

from presswork.output import atomic_target

FONT_SUFFIXES = (".ttf", ".otf")
VERSION = f"fonttools {fonttools_version} presswork-subset 2"


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


def subset_fonts(
    folder: Path, pages: Iterable[HasContent], cache: Path | None = None
) -> list[tuple[str, bytes]]:
    """(file name, subset bytes) for each font file in `folder`.

    Subsetting costs about 0.3 s per face (fontTools decompiles the layout tables), so results
    are kept in `cache`, keyed by the font's bytes and the characters, and reused on rebuilds.
    """
    if not folder.is_dir():
        return []
    codepoints = sorted(ord(ch) for ch in used_characters(pages))
    result = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in FONT_SUFFIXES:
            continue
        data = path.read_bytes()
        key = hashlib.sha256(data + repr((VERSION, codepoints)).encode()).hexdigest()
        cached = cache / f"{key}{path.suffix}" if cache else None
        if cached and cached.is_file():
            result.append((path.name, cached.read_bytes()))
            continue
        subsetted = _subset(data, codepoints)
        if cached:
            with atomic_target(cached) as temporary:
                temporary.write_bytes(subsetted)
        result.append((path.name, subsetted))
    return result


def _subset(data: bytes, codepoints: list[int]) -> bytes:
    """One font cut down to `codepoints`, keeping the features our stylesheets use."""
    options = subset.Options()
    options.layout_features += ["onum", "pnum", "lnum", "tnum", "smcp", "c2sc"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)  # same input, same bytes
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()
