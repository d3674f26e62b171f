"""Print-on-demand presets, one table: what each printer requires of an interior PDF.

Each entry holds everything Presswork knows about one printer: the settings it changes
from Presswork's defaults (before book.toml), the settings it forbids whatever book.toml
says, and its rules as numbers. The config check, the CLI's choices, the layout's settle
policy (pdf/layout.py) and the preflight (pdf/preflight.py) all read this table, so a new
printer is one entry here. KDP's figures are from its paperback manuscript guide (gutter
by page count, outside margins, page count limits, blank pages); IngramSpark's from its
file creation guide.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from presswork.errors import PressworkError

INCH = 72.0


@dataclass(frozen=True)
class Preset:
    """A printer's interior rules, in points."""

    name: str
    min_pages: int
    max_pages: int
    gutters: tuple[tuple[int, float], ...]
    """(up to this many pages, minimum inside margin)."""
    outside: float
    outside_with_bleed: float
    bleed: float
    max_blank_run: int
    max_blank_end: int
    last_page_blank: bool
    allow_bookmarks: bool
    settings: dict[str, object] = field(default_factory=dict)
    """What the preset changes from Presswork's defaults, before book.toml's own keys."""
    forbids: tuple[str, ...] = ("bookmarks", "links")
    """Settings that may not be true with this preset: the printer rejects the file."""
    allows_marks: bool = False
    """Printer's marks in the bleed (a proof's, never an upload's)."""

    def gutter(self, pages: int) -> float:
        """The minimum inside margin for a book of `pages` pages."""
        for limit, margin in self.gutters:
            if pages <= limit:
                return margin
        return self.gutters[-1][1]


PRESETS = {
    "kdp": Preset(
        name="KDP",
        min_pages=24,
        max_pages=828,
        gutters=(
            (150, 0.375 * INCH),
            (300, 0.5 * INCH),
            (500, 0.625 * INCH),
            (700, 0.75 * INCH),
            (828, 0.875 * INCH),
        ),
        outside=0.25 * INCH,
        outside_with_bleed=0.375 * INCH,
        bleed=0.125 * INCH,
        max_blank_run=2,
        max_blank_end=10,
        last_page_blank=False,
        allow_bookmarks=False,
        settings={"bookmarks": False, "links": False, "tagged": False, "marks": []},
    ),
    "ingram": Preset(
        name="IngramSpark",
        min_pages=18,
        max_pages=1200,
        gutters=((1200, 0.5 * INCH),),
        outside=0.5 * INCH,
        outside_with_bleed=0.5 * INCH,
        bleed=0.125 * INCH,
        max_blank_run=2,
        max_blank_end=10,
        last_page_blank=True,
        allow_bookmarks=True,
        # IngramSpark wants 0.5 in of clear paper on every side, running heads included:
        # the head sits about 22 pt above the text block, so the top margin grows.
        settings={
            "bookmarks": False,
            "links": False,
            "tagged": False,
            "marks": [],
            "margin_top": "0.85in",
            # IngramSpark's file creation guide: CMYK, PDF/X-1a:2001 recommended.
            "color": "cmyk",
            "pdfx": "x-1a",
        },
    ),
}
NO_PRESET = "none"
PRESET_NAMES = (*PRESETS, NO_PRESET)
"""What `preset` may be in book.toml."""

# Paper thickness per page for the spine (KDP's cover calculator figures).
PAPER_THICKNESS = {"white": 0.002252 * INCH, "cream": 0.0025 * INCH}
SPINE_TEXT_MIN_PAGES = 80
COVER_BLEED = 0.125 * INCH


def padding(preset: Preset, pages: int, last_blank: bool) -> int:
    """Blank pages to add at the end: up to the minimum count, to an even count, and to
    a blank last page where the printer wants one."""
    extra = max(0, preset.min_pages - pages)
    if preset.last_page_blank and not last_blank and extra == 0:
        extra = 1
    if (pages + extra) % 2:
        extra += 1
    return extra


def blank_pages_to_add(preset: Preset, pages: int, last_blank: bool, edition: str | None) -> int:
    """`padding`, refused when the book is so short that more blank pages would be needed
    at the end than the printer accepts."""
    extra = padding(preset, pages, last_blank)
    if extra > preset.max_blank_end:
        raise PressworkError(
            f"the {edition or 'print'} edition has {pages} pages; "
            f"{preset.name} needs at least {preset.min_pages}",
            hint="add material, or use a smaller trim or a larger font_size for this edition",
        )
    return extra


def padding_note(preset: Preset, pages: int, extra: int) -> str:
    """What the build says when it adds `extra` blank pages to `pages`, and why."""
    rules = [f"at least {preset.min_pages} pages"] if pages < preset.min_pages else []
    rules.append("an even count")
    if preset.last_page_blank:
        rules.append("a blank last page")
    return f"{extra} blank page(s) added at the end ({preset.name}: {', '.join(rules)})"
