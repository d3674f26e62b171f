"""The pagination pass's tweaks made in a document's box tree, so that WeasyPrint re-makes
only the pages from the first changed paragraph on (patches/revision.py) instead of the
whole chapter being parsed, styled and laid out again.

A tweak changes one block (found by its id) and what lies inside it: its text boxes lose
the soft hyphens of the words kept whole; its boxes get copies of their styles with the
tracking, widows or page break (a copy, because WeasyPrint shares one anonymous style
among a block's line and text boxes). Everything changed is kept, so any set of tweaks
can be put in place of another, including none: the pass may go back to an earlier try.
Every layout that applies tweaks goes through here (cold, from the cache, `--layout
whole`), so the same tweaks always make the same pages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from weasyprint.css.properties import Dimension
from weasyprint.formatting_structure import boxes

from presswork.pdf.hyphenation import SOFT_HYPHEN
from presswork.pdf.pagemap import HYPHEN, line_text
from presswork.pdf.pagination import LADDER, PROSE, RUNT_SHARE, page_fill, page_lines, reach
from presswork.pdf.patches.line_reuse import Lines
from presswork.pdf.repaginate import Pass, Tweak, Tweaks

RUNT_FITS = ((-0.01, 0.0), (0.01, 0.0), (-0.02, 0.0), (0.02, 0.0), (-0.02, -0.05), (0.02, 0.08))
"""Tracking and word spacing (em) tried, in turn, on a paragraph ending in a runt: the
smallest change first, tighter before looser (the paragraph may give its last line back);
word spacing only once tracking alone has not done it (it shows more than tracking in a
ragged line, less in a justified one, where spaces stretch anyway)."""

_WORD = re.compile(r"\S+")


def keep_whole(text: str, words: tuple[str, ...]) -> str:
    """The text with the soft hyphens taken out of the words that begin so ("": all)."""

    def whole(match: re.Match[str]) -> str:
        plain = match[0].replace(SOFT_HYPHEN, "")
        return plain if any(word in plain for word in words) else match[0]

    return _WORD.sub(whole, text)


@dataclass
class _Saved:
    """What a block's tweak replaced: each box's style and each text box's text."""

    styles: list[tuple[boxes.Box, Any]] = field(default_factory=list)
    texts: list[tuple[boxes.TextBox, str]] = field(default_factory=list)

    def restore(self) -> None:
        for box, style in self.styles:
            box.style = style
        for text_box, text in self.texts:
            text_box.text = text


class BoxTweaks:
    """The tweaks in place in one document's box tree: the pagination pass's (by block id)
    and, with `fit_lines`, the tracking of paragraphs that would end in a runt, chosen as
    each is first laid out (patches/line_fitting.py). A block the pass tweaks is the
    pass's alone: what the fitting did to it is undone, and it is fitted again only once
    the pass lets it go, so any set of tweaks makes the same pages however it was reached
    (a layout in parts, the whole book, the cache)."""

    def __init__(self, root: boxes.Box, fit_lines: bool = False) -> None:
        self.root = root
        self.fit_lines = fit_lines
        self.blocks: dict[str, boxes.Box] | None = None
        self.applied: dict[str, Tweak] = {}
        self.saved: dict[str, _Saved] = {}
        self.fitted: dict[boxes.Box, _Saved | None] = {}
        """Paragraphs fitted so far, each with the tracking kept (None: none was needed)."""

    def set(self, tweaks: Tweaks) -> set[str]:
        """Put these tweaks in place of the ones applied; the ids of the blocks changed."""
        changed = {
            block
            for block in {*tweaks, *self.applied}
            if tweaks.get(block) != self.applied.get(block)
        }
        for block in changed:
            if block in self.saved:
                self.saved.pop(block).restore()
            self.applied.pop(block, None)
            tweak = tweaks.get(block)
            box = self._block(block)
            fitted = self.fitted.pop(box, None) if box is not None else None
            if fitted is not None:
                fitted.restore()
            if tweak is not None and box is not None:
                self.saved[block] = _apply(box, tweak)
                self.applied[block] = tweak
        return changed

    def fit(self, block: boxes.Box, lay_out: Callable[[], Lines]) -> Lines | None:
        """A prose paragraph's lines, tracked a little tighter or looser when that keeps its
        last line from being a runt without a longer ladder of hyphens (line_fitting's
        Fitter). Each paragraph is fitted once; it keeps what was chosen."""
        if not self.fit_lines or block in self.fitted or _block_id(block) in self.applied:
            return None
        if not _fittable(block):
            return None
        lines, kept = lay_out(), None
        if _runt(block, lines):
            ladder = max(LADDER, _ladder(lines))
            ragged = block.style["text_align_all"] != "justify"
            for tracking, spacing in RUNT_FITS:
                if spacing and ragged:  # ragged lines keep their spaces: it would show
                    continue
                trial = _apply(block, Tweak("", tracking=tracking), spacing)
                tried = lay_out()
                if not _runt(block, tried) and _ladder(tried) <= ladder:
                    lines, kept = tried, trial
                    break
                trial.restore()
            # none would do: the first lines stand (made from the styles now restored)
        self.fitted[block] = kept
        return lines

    def _block(self, block: str) -> boxes.Box | None:
        if self.blocks is None:
            self.blocks = {}
            for box in self.root.descendants():
                key = _block_id(box)
                if key and isinstance(box, boxes.BlockContainerBox) and "::" not in box.element_tag:
                    self.blocks.setdefault(key, box)
        return self.blocks.get(block)


def _block_id(box: boxes.Box) -> str | None:
    element = getattr(box, "element", None)
    return element.get("id") if element is not None else None


def _fittable(block: boxes.Box) -> bool:
    """A prose paragraph whose lines do not depend on where it falls (no float, nothing
    positioned inside it: those would be placed once per layout of its lines). It needs no
    id: the pass cannot tweak a paragraph without one, so fitting is all it gets (a
    question in a study box is a list item of its own)."""
    if block.element_tag not in PROSE:
        return False
    return not any(
        box.is_floated() or box.is_absolutely_positioned()
        for box in block.descendants()
        if isinstance(box, boxes.Box)
    )


def _runt(block: boxes.Box, lines: Lines) -> bool:
    """Ends in a line shorter than a runt's share of the measure (pagination.py's rule)."""
    return len(lines) > 1 and reach(lines[-1][0]) < block.width * RUNT_SHARE


def _ladder(lines: Lines) -> int:
    """The most hyphenated lines in a row."""
    most = run = 0
    for line, _ in lines:
        run = run + 1 if "".join(line_text(line)).rstrip().endswith(HYPHEN) else 0
        most = max(most, run)
    return most


def _apply(block: boxes.Box, tweak: Tweak, word_spacing: float = 0.0) -> _Saved:
    """Make one tweak in a block and what it holds; what it replaced, to undo it. Word
    spacing (em) is line fitting's alone: the pass never stores it."""
    saved = _Saved()
    copies: dict[int, Any] = {}

    def restyle(box: boxes.Box, values: dict[str, object]) -> None:
        original = box.style
        if id(original) not in copies:
            copies[id(original)] = original.copy()
            copies[id(original)].update(values)
        saved.styles.append((box, original))
        box.style = copies[id(original)]

    own: dict[str, object] = {}
    if tweak.turn:
        own["break_before"] = "page"
    if tweak.widows:
        own["widows"] = tweak.widows
    if tweak.narrow:
        for side in ("padding_left", "padding_right"):
            own[side] = Dimension(block.style[side].value + tweak.narrow, "px")
    inherited = block.style["letter_spacing"], block.style["word_spacing"]
    size = block.style["font_size"]
    spacing = tweak.tracking * size if tweak.tracking else None
    words = inherited[1] + word_spacing * size if word_spacing else None
    for box in block.descendants():
        if not isinstance(box, boxes.Box):
            continue
        if isinstance(box, boxes.TextBox) and tweak.whole:
            saved.texts.append((box, box.text))
            box.text = keep_whole(box.text, tweak.whole)
        values = dict(own) if box is block else {}
        if spacing is not None and box.style["letter_spacing"] == inherited[0]:
            values["letter_spacing"] = spacing
        if words is not None and box.style["word_spacing"] == inherited[1]:
            values["word_spacing"] = words
        if values:
            restyle(box, values)
    return saved


@dataclass
class PassReviser:
    """The pagination pass as patches/revision.py's Reviser: judges each pagination of a
    chapter and, when the pass wants another try, puts its tweaks in the box tree and names
    the pages to make again: each changed block's pages, the page before when it opens its
    page (it may now fit there in part) and the page after (it may end sooner or later);
    WeasyPrint makes the pages in between again only if they come out changed."""

    judge: Pass
    fit_lines: bool = False
    tweaks: BoxTweaks | None = None

    def prepare(self, root: boxes.Box) -> None:
        self.tweaks = BoxTweaks(root, self.fit_lines)
        self.tweaks.set(self.judge.tweaks)

    def fit(self, block: boxes.Box, lay_out: Callable[[], Lines]) -> Lines | None:
        return self.tweaks.fit(block, lay_out) if self.tweaks is not None else None

    def revise(self, pages: list[boxes.PageBox]) -> set[int] | None:
        if not self.judge.enabled or self.judge.known is not None:
            return None  # nothing to judge: no pass, or the tweaks known from the cache
        lines = page_lines(pages)
        if self.judge.judge(lines, page_fill(pages)):
            return None
        assert self.tweaks is not None
        changed = self.tweaks.set(self.judge.tweaks)
        where: dict[str, list[tuple[int, int]]] = {}
        for page in lines:
            for n, line in enumerate(page):
                where.setdefault(line.block, []).append((line.page, n))
        if not all(block in where for block in changed):
            return set(range(len(pages)))
        remake: set[int] = set()
        for span in (where[block] for block in changed):
            # a block that opens its page may now fit, in part, at the foot of the page before
            first = max(0, span[0][0] - (span[0][1] == 0))
            remake.update(range(first, min(len(pages) - 1, span[-1][0] + 1) + 1))
        return remake


@dataclass
class FixedTweaks:
    """A Reviser that only applies known tweaks (a layout whose pass was run before)."""

    known: Tweaks
    fit_lines: bool = False
    tweaks: BoxTweaks | None = None

    def prepare(self, root: boxes.Box) -> None:
        self.tweaks = BoxTweaks(root, self.fit_lines)
        self.tweaks.set(self.known)

    def fit(self, block: boxes.Box, lay_out: Callable[[], Lines]) -> Lines | None:
        return self.tweaks.fit(block, lay_out) if self.tweaks is not None else None

    def revise(self, pages: list[boxes.PageBox]) -> set[int] | None:
        return None
