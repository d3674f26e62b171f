"""Lines laid out once and handed out again (patches/line_reuse.py, through line_fitting's
hook): a document made with the store must be WeasyPrint's own, byte for byte, on pages of
either hand and on pages the pagination pass re-makes, and the store must really serve."""

from __future__ import annotations

from collections.abc import Callable

import weasyprint
from weasyprint.formatting_structure import boxes

from presswork.pdf import patches
from presswork.pdf.box_tweaks import BoxTweaks, FixedTweaks
from presswork.pdf.patches import line_fitting, revision
from presswork.pdf.patches.line_reuse import Lines, LineStore, state_of
from presswork.pdf.repaginate import Tweak

CSS = weasyprint.CSS(
    string="@page { size: 280px 400px; margin: 36px 30px }"
    " @page :left { margin: 36px 40px 36px 20px }"  # the same measure, moved: whole pixels
    " p { margin: 0 0 3pt; text-align: justify; hyphens: manual; widows: 2; orphans: 2 }"
    " em { letter-spacing: 0.02em }"
)
WORDS = (
    "con\u00adtri\u00adbu\u00adtion and <em>con\u00adtri\u00adbu\u00adtions</em> ex\u00adtra " * 5
)
HTML = "".join(f'<p id="b{i}">{i}: {WORDS}<a href="#b{i}">link</a> end.</p>' for i in range(12))


class _NoFit:
    """A fitter that fits nothing: only the store is at work."""

    def fit(self, block: boxes.Box, lay_out: Callable[[], Lines]) -> Lines | None:
        return None


def _plain() -> weasyprint.Document:
    patches.install()
    return weasyprint.HTML(string=HTML).render(stylesheets=[CSS])


def test_a_document_laid_out_through_the_store_is_weasyprints_own() -> None:
    plain = _plain()
    store = LineStore()
    with line_fitting.fitting(_NoFit(), store):
        stored = weasyprint.HTML(string=HTML).render(stylesheets=[CSS])
    assert len(plain.pages) > 6  # paragraphs broken across pages of both hands
    assert store.served > 0  # continuations on the next page came from the store
    assert stored.write_pdf() == plain.write_pdf()


class _Remake:
    """Applies `tweaks` after the first pagination and asks for the pages from the third
    on, as the pagination pass does."""

    def __init__(self, tweaks: dict[str, Tweak]) -> None:
        self.tweaks, self.rounds = tweaks, 0

    def prepare(self, root: boxes.Box) -> None:
        self.box_tweaks = BoxTweaks(root)

    def revise(self, pages: list[boxes.PageBox]) -> set[int] | None:
        self.rounds += 1
        if self.rounds > 1:
            return None
        self.box_tweaks.set(self.tweaks)
        return {2, 3}


def test_pages_remade_from_the_store_are_those_weasyprint_remakes() -> None:
    patches.install()
    tweaks = {"b3": Tweak("b3", whole=("",), tracking=-0.02), "b6": Tweak("b6", widows=3)}
    store = LineStore()
    with revision.revising(_Remake(tweaks)), line_fitting.fitting(_NoFit(), store):
        stored = weasyprint.HTML(string=HTML).render(stylesheets=[CSS])
    with revision.revising(_Remake(tweaks)):
        remade = weasyprint.HTML(string=HTML).render(stylesheets=[CSS])
    assert store.served > _served(tweaks={})  # re-made pages took unchanged paragraphs' lines
    assert stored.write_pdf() == remade.write_pdf()
    assert remade.write_pdf() != _plain().write_pdf()  # the tweaks did change the pages


def _served(tweaks: dict[str, Tweak]) -> int:
    """Lines served in a single pagination with these tweaks."""
    store = LineStore()
    with revision.revising(FixedTweaks(tweaks)), line_fitting.fitting(_NoFit(), store):
        weasyprint.HTML(string=HTML).render(stylesheets=[CSS])
    return store.served


def _paragraph(html: str) -> tuple[boxes.LineBox, boxes.Box]:
    """The first paragraph's line box and block, as WeasyPrint built them."""
    patches.install()
    seen: list[tuple[boxes.LineBox, boxes.Box]] = []

    class _Spy:
        def fit(self, block: boxes.Box, lay_out: Callable[[], Lines]) -> Lines | None:
            line = block.children[0]
            assert isinstance(line, boxes.LineBox)
            seen.append((line, block))
            return None

    with line_fitting.fitting(_Spy()):
        weasyprint.HTML(string=html).render(stylesheets=[CSS])
    return seen[0]


def test_a_paragraphs_state_changes_with_its_text_and_styles() -> None:
    line, block = _paragraph("<p>Some <em>plain</em> words.</p>")
    before = state_of(line, block, None, None)
    assert before is not None
    assert state_of(line, block, None, None) == before  # the same boxes, the same key
    text = next(box for box in line.descendants() if isinstance(box, boxes.TextBox))
    kept = text.text
    text.text = kept + " more"
    assert state_of(line, block, None, None) != before
    text.text = kept
    em = next(box for box in line.descendants() if isinstance(box, boxes.InlineBox))
    em.style = em.style.copy()
    assert state_of(line, block, None, None) != before


def test_lines_that_may_depend_on_where_they_fall_are_not_kept() -> None:
    line, block = _paragraph('<p>An <span style="display: inline-block">inline</span> box.</p>')
    assert state_of(line, block, None, None) is None
    line, block = _paragraph("<p>Plain words.</p>")
    assert state_of(line, block, {"color": "red"}, None) is None  # a first letter
    assert state_of(line, block, None, {"color": "red"}) is None  # a first line
