"""Paragraphs fitted as they are laid out (patches/line_fitting.py, BoxTweaks.fit): lines
handed over whole must paginate exactly as WeasyPrint's own, and a paragraph that would
end in a runt comes out without one, the tracking reaching the pages."""

from __future__ import annotations

import sys
from collections.abc import Callable

import pytest
import weasyprint
from weasyprint.formatting_structure import boxes

from presswork.pdf import box_tweaks, patches
from presswork.pdf.box_tweaks import FixedTweaks
from presswork.pdf.pagination import RUNT_SHARE, find_faults, page_fill, page_lines, reach
from presswork.pdf.patches import line_fitting, revision
from presswork.pdf.patches.line_reuse import Lines
from presswork.pdf.repaginate import Tweak

CSS = weasyprint.CSS(
    string="@page { size: A6; margin: 12mm } li { text-align: justify }"
    " p { margin: 0; text-align: justify;"
    " font-size: 10pt; widows: 2; orphans: 2 }"
)
WORDS = [
    "the",
    "quick",
    "brown",
    "fox",
    "jumps",
    "over",
    "a",
    "lazy",
    "dog",
    "while",
    "seven",
    "wild",
    "geese",
    "fly",
    "south",
]
HTML = "".join(
    f'<p id="p{i}">{" ".join(WORDS[(i * 3 + k) % len(WORDS)] for k in range(20 + i * 3))}.</p>'
    for i in range(24)
)


class _Whole:
    """A fitter that only takes every line at once, changing nothing."""

    def __init__(self) -> None:
        self.blocks = 0

    def fit(self, block: boxes.Box, lay_out: Callable[[], Lines]) -> Lines | None:
        self.blocks += 1
        return lay_out()


def _texts(document: weasyprint.Document) -> list[list[tuple[str, float, float]]]:
    return [
        [(line.text, line.width, line.height) for line in page]
        for page in page_lines([page._page_box for page in document.pages])
    ]


def _runts(document: weasyprint.Document) -> list[str]:
    pages = [page._page_box for page in document.pages]
    return [f.block for f in find_faults(page_lines(pages), page_fill(pages)) if f.kind == "runt"]


def _render(fitter: object | None) -> weasyprint.Document:
    patches.install()
    html = weasyprint.HTML(string=HTML)
    if fitter is None:
        return html.render(stylesheets=[CSS])
    assert isinstance(fitter, _Whole | FixedTweaks)
    with line_fitting.fitting(fitter):
        if isinstance(fitter, FixedTweaks):
            with revision.revising(fitter):
                return html.render(stylesheets=[CSS])
        return html.render(stylesheets=[CSS])


def test_lines_taken_whole_paginate_as_weasyprints_own() -> None:
    plain = _render(None)
    whole = _Whole()
    taken = _render(whole)
    assert whole.blocks >= 24
    assert len(plain.pages) > 3  # paragraphs split across pages
    assert _texts(taken) == _texts(plain)
    assert plain.write_pdf() == taken.write_pdf()


def test_a_paragraph_that_would_end_in_a_runt_is_tracked_out_of_it() -> None:
    before = _runts(_render(None))
    assert len(before) >= 2  # the fixture has runts to fix
    fitted = FixedTweaks({}, fit_lines=True)
    after = _runts(_render(fitted))
    assert len(after) < len(before) / 2
    assert fitted.tweaks is not None
    kept = [box for box, saved in fitted.tweaks.fitted.items() if saved is not None]
    assert {box.element.get("id") for box in kept} >= set(before) - set(after)


def test_a_block_the_pass_tweaks_is_not_fitted() -> None:
    before = _runts(_render(None))
    fitted = FixedTweaks({block: Tweak(block, widows=2) for block in before}, fit_lines=True)
    assert set(_runts(_render(fitted))) >= set(before)  # the pass's blocks are the pass's
    fitted_off = FixedTweaks({}, fit_lines=False)
    assert _runts(_render(fitted_off)) == before


def test_word_spacing_fits_what_tracking_alone_would_not(monkeypatch: pytest.MonkeyPatch) -> None:
    before = _runts(_render(None))
    monkeypatch.setattr(box_tweaks, "RUNT_FITS", ((0.0, -0.05), (0.0, 0.08)))
    after = _runts(_render(FixedTweaks({}, fit_lines=True)))
    assert len(after) < len(before) / 2


def _item_runts(document: weasyprint.Document) -> int:
    """List items (no id, so not in find_faults) whose last line is a runt."""
    found = 0
    for page in document.pages:
        for box in page._page_box.descendants():
            if isinstance(box, boxes.BlockBox) and box.element_tag == "li":
                lines = [line for line in box.children if isinstance(line, boxes.LineBox)]
                found += len(lines) > 1 and reach(lines[-1]) < box.width * RUNT_SHARE
    return found


def test_paragraphs_without_an_id_are_fitted_too(monkeypatch: pytest.MonkeyPatch) -> None:
    items = HTML.replace('<p id="', '<li class="').replace("</p>", "</li>")
    monkeypatch.setattr(sys.modules[__name__], "HTML", f"<ul>{items}</ul>")
    before = _item_runts(_render(None))
    assert before >= 2
    assert _item_runts(_render(FixedTweaks({}, fit_lines=True))) < before / 2


def test_a_ragged_paragraph_keeps_its_word_spacing(monkeypatch: pytest.MonkeyPatch) -> None:
    ragged = weasyprint.CSS(string="p { text-align: left }")
    monkeypatch.setattr(box_tweaks, "RUNT_FITS", ((0.0, -0.05), (0.0, 0.08)))
    patches.install()
    html = weasyprint.HTML(string=HTML)
    fitted = FixedTweaks({}, fit_lines=True)
    with line_fitting.fitting(fitted), revision.revising(fitted):
        document = html.render(stylesheets=[CSS, ragged])
    assert fitted.tweaks is not None
    assert not any(saved is not None for saved in fitted.tweaks.fitted.values())
    assert _runts(document) == _runts(html.render(stylesheets=[CSS, ragged]))
