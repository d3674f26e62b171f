"""Tweaks made in WeasyPrint's box tree, and pages re-made from the first one they touch
(patches/revision.py): the result must be the pages a layout from scratch with the same
tweaks makes, line for line, with the pages before the change reused as they were."""

from __future__ import annotations

import weasyprint
from weasyprint.formatting_structure import boxes

from presswork.pdf import patches
from presswork.pdf.box_tweaks import BoxTweaks, FixedTweaks, keep_whole
from presswork.pdf.patches import revision
from presswork.pdf.repaginate import Tweak

CSS = weasyprint.CSS(string="@page { size: A7; margin: 10mm } p { margin: 0; hyphens: manual }")
WORDS = "con\u00adtri\u00adbu\u00adtion and con\u00adtri\u00adbu\u00adtions ex\u00adtra " * 6
HTML = "".join(f'<p id="b{i}">{i}: {WORDS}</p>' for i in range(12))


def test_words_are_kept_whole_by_their_first_part() -> None:
    assert keep_whole("a con\u00adtri\u00adbu\u00adtion ex\u00adtra", ("contri",)) == (
        "a contribution ex\u00adtra"
    )
    assert "\u00ad" not in keep_whole("con\u00adtri ex\u00adtra", ("",))


def _block(root: boxes.Box, key: str) -> boxes.Box:
    return next(
        box
        for box in root.descendants()
        if isinstance(box, boxes.BlockBox)
        and box.element is not None
        and box.element.get("id") == key
    )


class _Probe:
    """A reviser that applies `tweaks` after the first pagination and asks for the pages
    from `first` on; it records the pages it saw."""

    def __init__(self, tweaks: dict[str, Tweak]) -> None:
        self.tweaks = tweaks
        self.seen: list[list[boxes.PageBox]] = []
        self.root: boxes.Box | None = None

    def prepare(self, root: boxes.Box) -> None:
        self.root = root
        self.box_tweaks = BoxTweaks(root)

    def revise(self, pages: list[boxes.PageBox]) -> set[int] | None:
        self.seen.append(list(pages))
        if len(self.seen) > 1:
            return None
        self.box_tweaks.set(self.tweaks)
        return {2, 3}


def test_pages_remade_from_a_change_match_a_layout_from_scratch() -> None:
    patches.install()
    tweaks = {
        "b4": Tweak("b4", whole=("",), tracking=-0.02),
        "b5": Tweak("b5", widows=3),
        "b6": Tweak("b6", turn=True),
    }
    probe = _Probe(tweaks)
    with revision.revising(probe):
        remade = weasyprint.HTML(string=HTML).render(stylesheets=[CSS])
    with revision.revising(FixedTweaks(tweaks)):
        scratch = weasyprint.HTML(string=HTML).render(stylesheets=[CSS])
    first, second = probe.seen
    assert second[:2] == first[:2]  # the pages before the change are reused as they were
    assert second[2] is not first[2]
    assert _render(remade) == _render(scratch)
    plain = weasyprint.HTML(string=HTML).render(stylesheets=[CSS])
    assert _render(plain) != _render(scratch)


def _render(document: weasyprint.document.Document) -> list[str]:
    """Each page's lines with their positions: what the pages show, to the hundredth."""
    shown = []
    for page in document.pages:
        lines = [
            f"{box.position_y:.2f}:{''.join(getattr(t, 'text', '') for t in box.descendants())}"
            for box in page._page_box.descendants()
            if isinstance(box, boxes.LineBox)
        ]
        shown.append("|".join(lines))
    return shown


def test_a_tweak_can_be_taken_back() -> None:
    patches.install()
    probe = _Probe({})
    with revision.revising(probe):
        weasyprint.HTML(string=HTML).render(stylesheets=[CSS])
    assert probe.root is not None
    block = _block(probe.root, "b1")
    style, texts = (
        block.style,
        [t.text for t in block.descendants() if isinstance(t, boxes.TextBox)],
    )
    tweaks = BoxTweaks(probe.root)
    assert tweaks.set({"b1": Tweak("b1", whole=("",), tracking=-0.02, widows=4)}) == {"b1"}
    assert block.style is not style and block.style["widows"] == 4
    assert block.style["letter_spacing"] == -0.02 * style["font_size"]
    assert all("\u00ad" not in t.text for t in block.descendants() if isinstance(t, boxes.TextBox))
    assert tweaks.set({}) == {"b1"}
    assert block.style is style
    assert [t.text for t in block.descendants() if isinstance(t, boxes.TextBox)] == texts
