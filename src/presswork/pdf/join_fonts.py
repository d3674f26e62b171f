"""One font program per typeface in a book joined from parts (pdf_merge.py).

Each part's PDF embeds its own subset of every face it uses, so a 30-chapter novel would
carry each face 30 times (1.2 MB instead of the whole-book layout's 0.95 MB). WeasyPrint
subsets TrueType faces with their glyph ids kept (HarfBuzz's RETAIN_GIDS; the fonts are
CIDFontType2 with an identity CID-to-glyph map), so the subsets of one face differ only in
which glyph slots are filled: their union is the subset the whole book would have had.
Each part keeps its own font dictionary (widths, ToUnicode); they all point at the union.
Faces that are not TrueType (CFF, Type 3) are left as they are.
"""

from __future__ import annotations

import hashlib
import io
import logging
import zlib
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pikepdf
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._g_l_y_f import Glyph

from presswork.output import atomic_target

LOGGER = logging.getLogger(__name__)


def share_fonts(book: pikepdf.Pdf, kept: Path | None = None) -> int:
    """Give every part's subset of a face the union of them all; returns how many font
    programs were replaced. `kept` is a folder of unions made before, by the hash of what
    they were made from (a rebuild after a small edit joins the same subsets); the unions
    this join did not use are deleted from it."""
    unions = _Kept(kept)
    faces: dict[str, list[tuple[pikepdf.Object, list[int]]]] = defaultdict(list)
    for descendant in _cid_fonts(book):
        descriptor = descendant.FontDescriptor
        if "/FontFile2" in descriptor:
            faces[str(descriptor.FontName)].append((descriptor, _glyph_ids(descendant)))
    replaced = 0
    for name, uses in faces.items():
        programs = {descriptor.FontFile2.objgen: descriptor.FontFile2 for descriptor, _ in uses}
        if len(programs) < 2:
            continue
        used: dict[tuple[int, int], list[int]] = defaultdict(list)
        for descriptor, gids in uses:
            used[descriptor.FontFile2.objgen] += gids
        try:
            data = unions.get([(programs[key].read_bytes(), gids) for key, gids in used.items()])
        except Exception as exc:
            LOGGER.debug("font programs of %s kept apart: %s", name, exc)
            continue
        stream = book.make_stream(zlib.compress(data, 9))
        stream.Filter = pikepdf.Name.FlateDecode
        stream.Length1 = len(data)
        for descriptor, _ in uses:
            descriptor.FontFile2 = stream
        replaced += len(programs)
    unions.prune()
    return replaced


class _Kept:
    """Unions made by earlier joins, in a folder (None: none kept)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder, self.used = folder, set[str]()

    def get(self, programs: list[tuple[bytes, list[int]]]) -> bytes:
        """The union of these subsets: kept, or made now (and kept)."""
        digest = hashlib.sha256()
        for data, gids in sorted(programs):
            digest.update(hashlib.sha256(data).digest() + repr(gids).encode())
        key = digest.hexdigest()
        self.used.add(f"{key}.ttf")
        path = self.folder / f"{key}.ttf" if self.folder is not None else None
        if path is not None and path.is_file():
            return path.read_bytes()
        data = _union(programs)
        if path is not None:
            with atomic_target(path) as temporary:
                temporary.write_bytes(data)
        return data

    def prune(self) -> None:
        if self.folder is not None and self.folder.is_dir():
            for path in self.folder.glob("*.ttf"):
                if path.name not in self.used:
                    path.unlink(missing_ok=True)


def _cid_fonts(book: pikepdf.Pdf) -> Iterator[pikepdf.Object]:
    seen: set[tuple[int, int]] = set()
    for page in book.pages:
        resources: pikepdf.Object | None = page.obj.get("/Resources")
        fonts: pikepdf.Object | None = resources.get("/Font") if resources is not None else None
        for font in fonts.values() if fonts is not None else ():
            if font.get("/Subtype") != "/Type0" or font.objgen in seen:
                continue
            seen.add(font.objgen)
            for descendant in font.DescendantFonts:
                if descendant.get("/Subtype") == "/CIDFontType2" and (
                    descendant.get("/CIDToGIDMap", pikepdf.Name.Identity) == "/Identity"
                ):
                    yield descendant


def _glyph_ids(descendant: pikepdf.Object) -> list[int]:
    """The glyphs a part uses: the CIDs its /W array gives widths for (CID = glyph id)."""
    widths = list(descendant.get("/W", []))
    found: list[int] = []
    i = 0
    while i < len(widths):
        first = int(widths[i])
        if isinstance(widths[i + 1], pikepdf.Array):
            found += range(first, first + len(widths[i + 1]))
            i += 2
        else:
            found += range(first, int(widths[i + 1]) + 1)
            i += 3
    return found


def _union(programs: list[tuple[bytes, list[int]]]) -> bytes:
    """The subset that reaches the highest glyph id, its empty slots filled from the
    others."""
    fonts = [(_open(data), max(gids), gids) for data, gids in programs if gids]
    base, top, _ = max(fonts, key=lambda entry: entry[1])
    union = _Union(base, top)
    for font, their_top, gids in fonts:
        if font is not base:
            union.take(_Subset(font, their_top), gids)
    return union.save()


class _Subset:
    """A subset read without decompiling its glyf table: glyph data through loca.

    Its glyph ids up to `top` (the highest it uses) are the face's own; the components
    HarfBuzz pulled in beyond that were renumbered after `top` (WeasyPrint's second
    subsetting pass keeps only 0..top in place)."""

    def __init__(self, font: TTFont, top: int) -> None:
        self.top = top
        self.raw, self.loca = font.reader["glyf"], font["loca"]
        self.metrics = font["hmtx"].metrics
        self.names = font.getGlyphOrder()

    def glyph(self, gid: int) -> Glyph | None:
        if gid + 1 >= len(self.loca):
            return None
        data = self.raw[self.loca[gid] : self.loca[gid + 1]]
        return Glyph(data) if data else None


class _ById:
    """What Glyph.expand needs of a glyf table: component names, here by glyph id."""

    extended = False

    @staticmethod
    def getGlyphName(gid: int) -> str:
        return f"glyph{gid:05d}"


class _Union:
    """The base subset, filled glyph by glyph."""

    def __init__(self, base: TTFont, top: int) -> None:
        self.base, self.top = base, top
        self.glyf, self.hmtx = base["glyf"], base["hmtx"]
        self.order = list(base.getGlyphOrder())

    def take(self, subset: _Subset, gids: list[int]) -> None:
        for gid in gids:
            self._fill(subset, gid)

    def _fill(self, subset: _Subset, gid: int) -> None:
        """The face's glyph `gid` into the same slot, if the base has it empty."""
        name = self.order[gid]
        if not _empty(self.glyf.glyphs[name]):
            return
        glyph = subset.glyph(gid)
        if glyph is not None:
            self.glyf.glyphs[name] = self._components(subset, glyph)
        # an empty glyph (a space) has an advance too, which the part's /W repeats
        self.hmtx[name] = subset.metrics[subset.names[gid]]

    def _append(self, subset: _Subset, gid: int) -> str:
        """A renumbered component of `subset` as a new slot of the union."""
        name = f"glyph{len(self.order):05d}"
        self.order.append(name)
        glyph = subset.glyph(gid)
        self.glyf.glyphs[name] = self._components(subset, glyph) if glyph else Glyph()
        self.hmtx[name] = subset.metrics[subset.names[gid]]
        return name

    def _components(self, subset: _Subset, glyph: Glyph) -> Glyph:
        """A composite pointed at its components' slots in the union."""
        if not glyph.data or int.from_bytes(glyph.data[:2], "big", signed=True) >= 0:
            return glyph
        glyph.expand(_ById)
        for component in glyph.components:
            gid = int(component.glyphName.removeprefix("glyph"))
            if gid <= subset.top:
                self._fill(subset, gid)
                component.glyphName = self.order[gid]
            else:
                component.glyphName = self._append(subset, gid)
        return glyph

    def save(self) -> bytes:
        self.base.setGlyphOrder(self.order)
        self.glyf.setGlyphOrder(self.order)
        self.base["maxp"].numGlyphs = len(self.order)
        out = io.BytesIO()
        self.base.save(out)
        return out.getvalue()


def _open(data: bytes) -> TTFont:
    """A subset, its glyphs named by id (names from its cmap would cost more than the
    rest of the work, and differ from one subset to the next)."""
    font = TTFont(io.BytesIO(data), lazy=True, recalcBBoxes=False, recalcTimestamp=False)
    font.setGlyphOrder([f"glyph{gid:05d}" for gid in range(font["maxp"].numGlyphs)])
    return font


def _empty(glyph: Glyph) -> bool:
    data = getattr(glyph, "data", None)
    return not data if data is not None else bool(glyph.numberOfContours == 0)
