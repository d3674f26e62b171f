"""A print-on-demand preflight of an interior PDF: each rule of the preset, pass or fail,
with the pages where it fails.

It reads the PDF as the printer's robot would: page boxes and annotations with pikepdf,
where ink falls on each page with PDFium (pypdfium2), so a margin is measured on the page,
not taken from our own settings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from presswork.checks import Report, unembedded_fonts
from presswork.manuscript.config import PrintSettings
from presswork.manuscript.lengths import parse_length, parse_trim
from presswork.manuscript.presets import PRESETS, Preset

TOLERANCE = 0.5  # points; WeasyPrint rounds lengths, glyph outlines overhang their boxes
INK_TOLERANCE = 1.5  # points a glyph may overhang the margin (side bearings, italics)


@dataclass(frozen=True)
class PageInk:
    """What is printed on one page, in points from the trim's lower-left corner."""

    number: int
    blank: bool
    left: float
    bottom: float
    right: float
    top: float
    outside_trim: int
    """Drawn objects lying wholly outside the trim (printer's marks)."""


@dataclass(frozen=True)
class _Read:
    """What the rules need from the PDF, read once."""

    count: int
    boxes: list[tuple[Box, Box]]
    """Each page's TrimBox and MediaBox."""
    annotated: list[int]
    bookmarks: int
    missing_fonts: list[str]
    ink: list[PageInk]


def _read(path: Path, trim: tuple[float, float]) -> _Read:
    with pikepdf.open(path) as pdf:
        count = len(pdf.pages)
        boxes = [(_box(page, "/TrimBox"), _box(page, "/MediaBox")) for page in pdf.pages]
        annotated = [n for n, page in enumerate(pdf.pages, 1) if page.obj.get("/Annots")]
        with pdf.open_outline() as outline:
            bookmarks = len(outline.root)
        missing_fonts = unembedded_fonts(pdf)
    ink = list(_ink(path, [trim_box for trim_box, _ in boxes]))
    return _Read(count, boxes, annotated, bookmarks, missing_fonts, ink)


def preflight_pdf(path: Path, settings: PrintSettings, direction: str = "ltr") -> Report:
    """Check `path` against the preset named in `settings` (trim and bleed from them too)."""
    preset = PRESETS[settings.preset]
    trim = parse_trim(settings.trim)
    bleed = parse_length(settings.bleed)
    report = Report(path, f"{preset.name} preflight")
    found = _read(path, trim)
    count, ink = found.count, found.ink

    def rule(name: str, failures: Iterable[str], passed: str = "") -> None:
        failed = list(failures)
        if failed:
            report.errors.append(
                f"{name}: " + "; ".join(failed[:8]) + (" ..." if len(failed) > 8 else "")
            )
        else:
            report.notes.append(f"pass {name}" + (f": {passed}" if passed else ""))

    rule(
        "trim size",
        (
            f"page {n}: TrimBox {t[2] - t[0]:.1f} x {t[3] - t[1]:.1f} pt"
            for n, (t, _) in enumerate(found.boxes, 1)
            if not _near(t[2] - t[0], trim[0]) or not _near(t[3] - t[1], trim[1])
        ),
        f"{trim[0]:.1f} x {trim[1]:.1f} pt on all {count} pages",
    )
    rule("bleed", _bleed_failures(found.boxes, bleed, preset), f"{bleed / 72:.3f} in")
    rule("fonts embedded", (f"not embedded: {name}" for name in found.missing_fonts))
    rule(
        "no printer's marks",
        (
            f"page {p.number}: {p.outside_trim} object(s) outside the trim"
            for p in ink
            if p.outside_trim
        ),
    )
    if not preset.allow_bookmarks:
        rule("no bookmarks", [f"{found.bookmarks} bookmark(s)"] if found.bookmarks else [])
    rule("no annotations or links", (f"page {n}" for n in found.annotated))
    rule("page count", _count_failures(count, preset), f"{count}")
    rule(
        "gutter",
        _gutter_failures(ink, trim, preset.gutter(count), direction),
        f"at least {preset.gutter(count) / 72:.3f} in for {count} pages",
    )
    outside = preset.outside_with_bleed if bleed else preset.outside
    rule(
        "outside margins",
        _outside_failures(ink, trim, outside, direction),
        f"at least {outside / 72:.3f} in",
    )
    rule("blank pages", _blank_failures(ink, preset))
    if preset.last_page_blank:
        rule("last page blank", [] if ink and ink[-1].blank else [f"page {count} has content"])
    return report


def _box(page: pikepdf.Page, name: str) -> Box:
    box = page.obj.get(name) or page.obj.get("/MediaBox") or page.mediabox
    x0, y0, x1, y1 = (float(v) for v in box)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _near(a: float, b: float) -> bool:
    return abs(a - b) <= TOLERANCE


Box = tuple[float, float, float, float]


def _bleed_failures(boxes: list[tuple[Box, Box]], bleed: float, preset: Preset) -> Iterable[str]:
    if bleed and not _near(bleed, preset.bleed):
        yield f"bleed is {bleed / 72:.3f} in; {preset.name} wants {preset.bleed / 72:.3f} in"
    for number, (trim, media) in enumerate(boxes, 1):
        sides = (trim[0] - media[0], trim[1] - media[1], media[2] - trim[2], media[3] - trim[3])
        if not all(_near(side, bleed) for side in sides):
            yield f"page {number}: paper beyond the trim is {max(sides) / 72:.3f} in"


def _count_failures(count: int, preset: Preset) -> Iterable[str]:
    if count < preset.min_pages:
        yield f"{count} pages, fewer than {preset.min_pages}"
    if count > preset.max_pages:
        yield f"{count} pages, more than {preset.max_pages}"
    if count % 2:
        yield f"{count} pages, an odd number"


def _margins(page: PageInk, trim: tuple[float, float], direction: str) -> dict[str, float]:
    """Clear paper between the ink and each edge; rectos (odd pages) bind on the left in
    left-to-right books, on the right in right-to-left ones."""
    recto = page.number % 2 == 1
    left_binds = recto if direction == "ltr" else not recto
    right_margin = trim[0] - page.right
    return {
        "inner": page.left if left_binds else right_margin,
        "outer": right_margin if left_binds else page.left,
        "top": trim[1] - page.top,
        "bottom": page.bottom,
    }


def _gutter_failures(
    ink: list[PageInk], trim: tuple[float, float], gutter: float, direction: str
) -> Iterable[str]:
    for page in (p for p in ink if not p.blank):
        inner = _margins(page, trim, direction)["inner"]
        if inner < gutter - INK_TOLERANCE:
            yield f"page {page.number}: {inner / 72:.3f} in"


def _outside_failures(
    ink: list[PageInk], trim: tuple[float, float], minimum: float, direction: str
) -> Iterable[str]:
    for page in (p for p in ink if not p.blank):
        margins = _margins(page, trim, direction)
        for side in ("outer", "top", "bottom"):
            if margins[side] < minimum - INK_TOLERANCE:
                yield f"page {page.number}: {side} {margins[side] / 72:.3f} in"


def _blank_failures(ink: list[PageInk], preset: Preset) -> Iterable[str]:
    """Runs of blank pages: at most `max_blank_run` inside the book, `max_blank_end` at the
    end."""
    run: list[int] = []
    for page in [*ink, None]:
        if page is not None and page.blank:
            run.append(page.number)
            continue
        at_end = page is None
        limit = preset.max_blank_end if at_end else preset.max_blank_run
        if len(run) > limit:
            where = "at the end" if at_end else "in a row"
            yield f"pages {run[0]}-{run[-1]}: {len(run)} blank pages {where} (limit {limit})"
        run = []


def _ink(path: Path, trims: list[tuple[float, float, float, float]]) -> Iterable[PageInk]:
    """Bounds of everything drawn on each page, relative to its trim box."""
    import pypdfium2 as pdfium  # only when an edition with a preset is checked (50 ms)

    document = pdfium.PdfDocument(path)
    try:
        for number, trim in enumerate(trims, 1):
            page = document[number - 1]
            inside: list[tuple[float, float, float, float]] = []
            outside = 0
            for obj in page.get_objects(max_depth=8):
                if obj.type == pdfium.raw.FPDF_PAGEOBJ_FORM:
                    continue  # its children are listed themselves
                x0, y0, x1, y1 = obj.get_bounds()
                if x1 < trim[0] or x0 > trim[2] or y1 < trim[1] or y0 > trim[3]:
                    outside += 1
                else:
                    inside.append((x0 - trim[0], y0 - trim[1], x1 - trim[0], y1 - trim[1]))
            page.close()
            if not inside:
                yield PageInk(number, True, 0, 0, 0, 0, outside)
                continue
            yield PageInk(
                number,
                False,
                min(b[0] for b in inside),
                min(b[1] for b in inside),
                max(b[2] for b in inside),
                max(b[3] for b in inside),
                outside,
            )
    finally:
        document.close()
