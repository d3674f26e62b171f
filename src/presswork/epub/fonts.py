"""The theme's fonts -> subsets holding only the characters the EPUB's pages use.

The four Literata faces weigh about 1 MB; a recap uses a few hundred glyphs of them, and
e-readers load every embedded font, so subsetting (fontTools) keeps the EPUB small.
"""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from fontTools import subset
from fontTools import version as fonttools_version
from fontTools.ttLib import TTFont
from lxml import etree

from presswork.errors import PressworkError
from presswork.output import atomic_target
from presswork.workers import fork_pool

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
    found: dict[str, bytes] = {}
    todo: list[tuple[Path, bytes, Path | None]] = []
    fonts = [p for p in sorted(folder.iterdir()) if p.suffix.lower() in FONT_SUFFIXES]
    for path in fonts:
        data = path.read_bytes()
        _check_font(path, data)
        key = hashlib.sha256(data + repr((VERSION, codepoints)).encode()).hexdigest()
        cached = cache / f"{key}{path.suffix}" if cache else None
        if cached and cached.is_file():
            found[path.name] = cached.read_bytes()
        else:
            todo.append((path, data, cached))
    for (path, _, cached), subsetted in zip(todo, _subset_all(todo, codepoints), strict=True):
        if cached:
            with atomic_target(cached) as temporary:
                temporary.write_bytes(subsetted)
        found[path.name] = subsetted
    return [(path.name, found[path.name]) for path in fonts]


def _subset_all(todo: list[tuple[Path, bytes, Path | None]], codepoints: list[int]) -> list[bytes]:
    """Subset the faces, one worker process per core when there are several (fontTools is
    pure Python, so threads would not help)."""
    workers = min(len(todo), len(os.sched_getaffinity(0)))
    if workers < 2:
        return [_subset(data, codepoints) for _, data, _ in todo]
    with fork_pool(workers) as pool:
        return list(pool.map(_subset, [data for _, data, _ in todo], [codepoints] * len(todo)))


def _check_font(path: Path, data: bytes) -> None:
    """A font file of the theme that fontTools cannot read stops the build, named."""
    try:
        TTFont(io.BytesIO(data), lazy=True).close()
    except Exception as exc:  # fontTools raises many kinds for a broken file
        raise PressworkError(
            f"styles/fonts/{path.name} is not a font fontTools can read ({exc})",
            hint="remove it, or replace it with a TrueType or OpenType file",
        ) from None


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
