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
from dataclasses import dataclass, field
from typing import Any

from weasyprint.css.properties import Dimension
from weasyprint.formatting_structure import boxes

from presswork.pdf.hyphenation import SOFT_HYPHEN
from presswork.pdf.pagination import page_fill, page_lines
from presswork.pdf.repaginate import Pass, Tweak, Tweaks

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
    """The tweaks in place in one document's box tree."""

    def __init__(self, root: boxes.Box) -> None:
        self.root = root
        self.blocks: dict[str, boxes.Box] | None = None
        self.applied: dict[str, Tweak] = {}
        self.saved: dict[str, _Saved] = {}

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
            if tweak is not None and box is not None:
                self.saved[block] = _apply(box, tweak)
                self.applied[block] = tweak
        return changed

    def _block(self, block: str) -> boxes.Box | None:
        if self.blocks is None:
            self.blocks = {}
            for box in self.root.descendants():
                element = getattr(box, "element", None)
                key = element.get("id") if element is not None else None
                if key and isinstance(box, boxes.BlockContainerBox) and "::" not in box.element_tag:
                    self.blocks.setdefault(key, box)
        return self.blocks.get(block)


def _apply(block: boxes.Box, tweak: Tweak) -> _Saved:
    """Make one tweak in a block and what it holds; what it replaced, to undo it."""
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
    inherited = block.style["letter_spacing"]
    spacing = tweak.tracking * block.style["font_size"] if tweak.tracking else None
    for box in block.descendants():
        if not isinstance(box, boxes.Box):
            continue
        if isinstance(box, boxes.TextBox) and tweak.whole:
            saved.texts.append((box, box.text))
            box.text = keep_whole(box.text, tweak.whole)
        values = dict(own) if box is block else {}
        if spacing is not None and box.style["letter_spacing"] == inherited:
            values["letter_spacing"] = spacing
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
    tweaks: BoxTweaks | None = None

    def prepare(self, root: boxes.Box) -> None:
        self.tweaks = BoxTweaks(root)
        self.tweaks.set(self.judge.tweaks)

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

    def prepare(self, root: boxes.Box) -> None:
        BoxTweaks(root).set(self.known)

    def revise(self, pages: list[boxes.PageBox]) -> set[int] | None:
        return None
