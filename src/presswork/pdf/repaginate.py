"""The pagination pass: a chapter laid out again, with small bounded changes on the
paragraphs its faults involve, until its pages have none (or the best of a few tries).

The changes are a compositor's: a word broken across a page turn, or the third of a ladder
of hyphens, is kept whole; a paragraph ending in a runt is tracked looser (+0.02em, so its
last line takes a word or two more and the pages after it stay as they were); one whose
last line is short near a stub page is tracked tighter (-0.02em, so it may give a line
back); the paragraph at the foot of the page before a stub sends lines over (`widows`),
leaving that page a line or two short. They are plain data (Tweak), made in the chapter's box tree
(box_tweaks.py) so that only the pages from the first changed paragraph on are made again;
the layout in parts and `--layout whole` make the same pages from them, and the cache keeps
them beside the part's page starts.

A chapter is judged right after pagination (pagination.py), before its page count is
reported to the chapters after it: a try that is not kept costs the pages it re-made.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from presswork.pdf.pagination import STUB_LINES, Fault, Line, cost, find_faults
from presswork.pdf.part_cache import PartLayout

TIGHTEST = -0.02
"""The most a paragraph's tracking is tightened, in em."""
LOOSEST = 0.02
"""The most a paragraph's tracking is loosened, in em (a runt's paragraph, so that its last
line takes a word or two more without the paragraph growing a line)."""
MAX_LAYOUTS = 5
"""Layouts of one chapter at most: the first, three tries, and the best again if it was
not the last."""
MAX_TURNED = 3
"""A block at the foot of the page before a stub page is sent over whole when it has at
most this many lines there (a question, a short paragraph)."""
SHORT_LAST_LINE = 0.35
"""A paragraph whose last line fills less than this share of the measure may give that
line back when tracked tighter (to pull a stub page's lines back)."""
PAGE_FAULTS = frozenset({"page-end hyphen", "stub page", "hyphen ladder"})
DISPLAY_FAULTS = frozenset({"unbalanced heading"})


@dataclass(frozen=True)
class Tweak:
    """What the pass changes in one block (found by its id)."""

    block: str
    whole: tuple[str, ...] = ()
    """Words, by their first part, kept whole (their soft hyphens taken out); "" keeps
    every word of the block whole."""
    tracking: float = 0.0
    """Letter-spacing in em (never below TIGHTEST)."""
    widows: int = 0
    """Lines the block must carry onto its next page (0: the theme's)."""
    turn: bool = False
    """Start the block on a new page (a short block sent over to a stub page whole)."""
    narrow: float = 0.0
    """CSS px taken off each side of the block's measure, so that a display line (a
    heading) breaks into lines of even length."""


Tweaks = Mapping[str, Tweak]


@dataclass
class Attempt:
    """One layout of the chapter: the tweaks it had and what it came out with."""

    tweaks: dict[str, Tweak]
    faults: list[Fault]
    pages: int

    @property
    def cost(self) -> int:
        return cost(self.faults)


@dataclass
class Pass:
    """The pass over one chapter: judges each layout and says which tweaks to try next."""

    enabled: bool = True
    retry_for: frozenset[str] = PAGE_FAULTS | DISPLAY_FAULTS
    kinds: frozenset[str] | None = None
    """Only these faults are judged (the front matter: its display lines only)."""
    """Faults worth another layout; the others (runts) are fixed in a layout made anyway."""
    tweaks: dict[str, Tweak] = field(default_factory=dict)
    """What the next layout applies."""
    tried: list[Attempt] = field(default_factory=list)
    final: bool = False
    """The layout under way is the one kept, whatever it shows."""
    known: PartLayout | None = None
    """The chapter's layout from the cache: its tweaks are applied at once, its report kept."""

    @classmethod
    def resumed(cls, known: PartLayout) -> Pass:
        """The pass of a chapter laid out before (cached): its last tweaks, one layout."""
        return cls(tweaks=tweaks_of([known]), final=True, known=known)

    def record(
        self,
    ) -> tuple[list[tuple[str, list[str], float, int, bool, float]], list[tuple[str, int, str]]]:
        """The kept tweaks and the report, as the part cache keeps them."""
        if self.known is not None:
            return self.known.tweaks, self.known.pagination
        tweaks = [
            (t.block, list(t.whole), t.tracking, t.widows, t.turn, t.narrow)
            for t in self.tweaks.values()
        ]
        if not self.tried:  # the pass was off
            return tweaks, []
        report = [("fixed", f.page, describe(f)) for f in self.fixed]
        report += [("left", f.page, describe(f)) for f in self.kept.faults]
        return tweaks, report

    def judge(self, lines: list[list[Line]], fills: Sequence[float] = ()) -> bool:
        """Keep this layout (True), or try again with `self.tweaks` (False)."""
        faults = find_faults(lines, fills) if self.enabled else []
        if self.kinds is not None:
            faults = [fault for fault in faults if fault.kind in self.kinds]
        attempt = Attempt(dict(self.tweaks), faults, len(lines))
        self.tried.append(attempt)
        if self.final or not any(fault.kind in self.retry_for for fault in faults):
            return True
        best = min(self.tried, key=lambda a: a.cost)
        if len(self.tried) < MAX_LAYOUTS - 1:
            following = plan(attempt, lines)
            if following != attempt.tweaks and not any(t.tweaks == following for t in self.tried):
                self.tweaks = following
                return False
        if best is attempt:
            return True
        self.tweaks, self.final = dict(best.tweaks), True  # lay the best out again
        return False

    @property
    def kept(self) -> Attempt:
        """The layout the chapter ends with."""
        return self.tried[-1]

    @property
    def fixed(self) -> list[Fault]:
        """Faults of the first layout that the kept one no longer has."""
        if not self.tried:
            return []
        left = {(f.kind, f.block) for f in self.kept.faults}
        return [f for f in self.tried[0].faults if (f.kind, f.block) not in left]


def plan(attempt: Attempt, lines: list[list[Line]]) -> dict[str, Tweak]:
    """The tweaks to try after a layout with these faults (the earlier tweaks kept). Runts
    are loosened only on a page fault's page and the pages either side, which are made
    again anyway: a runt elsewhere would cost pages of its own (and is left, reported)."""
    tweaks = dict(attempt.tweaks)
    remade = {f.page + i for f in attempt.faults if f.kind in PAGE_FAULTS for i in (-1, 0, 1)}
    for fault in attempt.faults:
        if fault.kind == "runt" and fault.page not in remade:
            continue
        current = tweaks.get(fault.block, Tweak(fault.block))
        if fault.kind in ("page-end hyphen", "hyphen ladder") and fault.word:
            # a second break there: no word of the block is broken
            tweaks[fault.block] = replace(current, whole=("",) if current.whole else (fault.word,))
        elif fault.kind == "runt" and current.tracking == 0:
            tweaks[fault.block] = replace(current, tracking=LOOSEST)
        elif fault.kind == "unbalanced heading":
            narrow = _balanced(fault.block, lines, current.narrow)
            if narrow > current.narrow:
                tweaks[fault.block] = replace(current, narrow=narrow)
        elif fault.kind == "stub page":
            pull = not attempt.tweaks  # pulling lines back is tried first, once
            tweaks.update(_stub_tweaks(fault, lines, tweaks, pull))
    return tweaks


def _stub_tweaks(
    fault: Fault, lines: list[list[Line]], tweaks: Mapping[str, Tweak], pull: bool
) -> dict[str, Tweak]:
    """Pull a stub page's lines back (tighter paragraphs with short last lines on the
    pages before it) when it has one or two, such paragraphs are not tightened yet and
    `pull` is on; else push lines onto it from the foot of the page before."""

    def tweak(block: str) -> Tweak:
        return tweaks.get(block, Tweak(block))

    before = [line for page in lines[max(0, fault.page - 2) : fault.page] for line in page]
    short = [
        line
        for line, following in zip(before, [*before[1:], None], strict=True)
        if (following is None or following.block != line.block)
        and line.width < line.measure * SHORT_LAST_LINE
        and tweak(line.block).tracking == 0
    ]
    if pull and fault.lines <= 2 and len(short) >= fault.lines:
        short.sort(key=lambda line: line.width / line.measure)
        chosen = short[: fault.lines + 1]
        return {line.block: replace(tweak(line.block), tracking=TIGHTEST) for line in chosen}
    foot = lines[fault.page - 1][-1] if fault.page > 0 and lines[fault.page - 1] else None
    if foot is None:
        return {}
    carried = sum(1 for line in lines[fault.page] if line.block == foot.block)
    wanted = carried + STUB_LINES - fault.lines
    on_foot = sum(1 for line in lines[fault.page - 1] if line.block == foot.block)
    if on_foot + carried <= wanted and on_foot <= MAX_TURNED and lines[fault.page - 1][0] != foot:
        return {foot.block: replace(tweak(foot.block), turn=True)}  # too short to split
    return {foot.block: replace(tweak(foot.block), widows=wanted)}


def _balanced(block: str, lines: list[list[Line]], narrow: float = 0.0) -> float:
    """How much narrower (each side) a heading's measure can be for its lines to come out
    even and still as many. First try: its text's width shared among them, plus its
    longest word (a line filled word by word to that width never needs one line more).
    Then (`narrow` already tried): just enough to send the longest line's last word over,
    if the lines can still hold the text."""
    own = [line for page in lines for line in page if line.block == block]
    total = sum(line.width for line in own)
    text = " ".join(line.text for line in own).replace("\u00a0", " ")
    per_char = total / max(len(text) - len(own) + 1, 1)
    measure = own[0].measure + 2 * narrow
    if not narrow:
        longest = max((len(word) + 1 for word in text.split()), default=1) * per_char * 1.15
        return max(0.0, (measure - total / len(own) - longest) / 2)
    widest = max(own, key=lambda line: line.width)
    last = widest.text.replace("\u00a0", " ").split()[-1]
    target = widest.width - (len(last) + 0.5) * per_char
    if target * len(own) < total + 2 * len(own) * per_char:
        return narrow  # the lines could not hold it: as it is
    return max(narrow, (measure - target) / 2)


def describe(fault: Fault) -> str:
    """A fault in words, for the pagination report."""
    if fault.kind in ("page-end hyphen", "hyphen ladder"):
        return f'{fault.kind} ("{fault.word}-")'
    if fault.kind == "stub page":
        return f"stub page ({fault.lines} line{'s' if fault.lines != 1 else ''})"
    if fault.kind == "unbalanced heading":
        return f'unbalanced heading ("{fault.word}")'
    return f'runt ("{fault.word}")'


def tweaks_of(layouts: Iterable[PartLayout]) -> dict[str, Tweak]:
    """The tweaks of several laid-out parts as one (their block ids never collide)."""
    return {
        block: Tweak(block, tuple(whole), tracking, widows, turn, narrow)
        for layout in layouts
        for block, whole, tracking, widows, turn, narrow in layout.tweaks
    }
