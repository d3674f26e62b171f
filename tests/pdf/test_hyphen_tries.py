"""WeasyPrint's line breaking with the doomed hyphenation tries skipped
(patches/hyphen_tries.py): the same lines at every width, from fewer Pango layouts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import weasyprint
import weasyprint.text.line_break as line_break
from weasyprint.formatting_structure import boxes

from presswork.pdf import patches
from presswork.pdf.hyphenation import SOFT_HYPHEN
from presswork.pdf.patches import hyphen_tries

_SHY = SOFT_HYPHEN
TEXT = " ".join(
    [
        f"Ex{_SHY}tra{_SHY}or{_SHY}di{_SHY}nary",
        f"moun{_SHY}tain{_SHY}eers",
        "met",
        f"in{_SHY}de{_SHY}pen{_SHY}dent",
        f"sur{_SHY}vey{_SHY}ors",
        "at the",
        f"ob{_SHY}ser{_SHY}va{_SHY}to{_SHY}ry,",
        f"well-in{_SHY}formed",
        "and",
        f"un{_SHY}ques{_SHY}tion{_SHY}ably",
        f"ex{_SHY}hausted—un{_SHY}der{_SHY}stand{_SHY}ably",
        "so.",
    ]
    * 3
)


@pytest.fixture(autouse=True)
def _patched() -> Iterator[None]:
    patches.install()
    yield
    patches.install()


def _lines(width: float, align: str, character: str) -> list[tuple[str, float, float]]:
    html = weasyprint.HTML(string=f'<p lang="en">{TEXT}</p>')
    css = weasyprint.CSS(
        string=f"@page {{ size: {width + 20}mm 400mm; margin: 10mm }}"
        f" p {{ margin: 0; font-size: 10pt; hyphens: manual; text-align: {align};"
        f" hyphenate-character: {character} }}"
    )
    document = html.render(stylesheets=[css])
    return [
        (box.text, round(box.position_x, 3), round(box.width, 3))
        for page in document.pages
        for box in page._page_box.descendants()
        if isinstance(box, boxes.TextBox)
    ]


def test_the_rewrites_apply_to_the_pinned_weasyprint() -> None:
    function = hyphen_tries.rebuilt()
    assert function is not None
    assert "next_word_overflows" in function.__code__.co_varnames
    assert function.__globals__ is vars(line_break)


def test_a_source_not_as_expected_leaves_weasyprint_alone() -> None:
    def split_first_line() -> None:
        """Not WeasyPrint's."""

    assert hyphen_tries.rebuilt(split_first_line) is None


@pytest.mark.parametrize(
    ("align", "character"),
    # an empty hyphen: WeasyPrint's own tries then fit where Pango's break (with its hyphen)
    # did not, so a patch that skipped more than the doomed tries would change the lines
    [("justify", "auto"), ("left", "auto"), ("justify", '""'), ("left", '""')],
)
def test_the_same_lines_at_every_width_from_fewer_layouts(
    align: str, character: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = {"layouts": 0}
    original = line_break.Layout.get_first_line

    def counted(layout: line_break.Layout) -> object:
        calls["layouts"] += 1
        return original(layout)

    monkeypatch.setattr(line_break.Layout, "get_first_line", counted)
    widths = [20 + 2 * step for step in range(30)]
    fast = [_lines(width, align, character) for width in widths]
    fast_layouts = calls["layouts"]
    hyphen_tries.uninstall()
    calls["layouts"] = 0
    slow = [_lines(width, align, character) for width in widths]
    assert fast == slow
    if character == "auto":
        assert any(text.endswith("\u2010") for lines in slow for text, _, _ in lines)
    assert fast_layouts < calls["layouts"] * 0.95


@pytest.mark.parametrize("align", ["justify", "left"])
def test_the_next_word_is_tried_only_where_it_might_fit(
    align: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    told = {"doomed": 0, "tried": 0}

    def counted(*args: object) -> bool:
        doomed = hyphen_tries.presswork_doomed(*args)  # type: ignore[arg-type]
        told["doomed" if doomed else "tried"] += 1
        return doomed

    widths = [20 + 3 * step for step in range(20)]
    monkeypatch.setattr(line_break, "presswork_doomed", counted)
    skipping = [_lines(width, align, "auto") for width in widths]
    monkeypatch.setattr(line_break, "presswork_doomed", lambda *args: False)
    trying = [_lines(width, align, "auto") for width in widths]
    assert skipping == trying
    assert told["doomed"] > told["tried"]  # most lines' next word is far from fitting
    assert told["tried"] > 0  # and those near the measure are still tried


def test_the_words_advance_is_what_the_line_with_it_measures(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The skip's estimate against the try it spares: the line with the word added, laid
    out on its own, is never narrower than the estimate less the slack (else a try that
    fits could be skipped), nor wider by more than a space and the slack (else the
    estimate would be measuring the wrong glyphs)."""
    seen: list[tuple[float, float, float]] = []

    def measured(
        layout: object, first: str, word: str, width: float, max_width: float, style: object
    ) -> bool:
        advance = hyphen_tries.next_word_advance(layout, first, word)
        if advance is not None and first.endswith(" "):
            alone = line_break.Layout(style)
            alone.set_text(first + word)
            line, _ = alone.get_first_line()
            actual, _ = line_break.line_size(line, style)
            size = style["font_size"]  # type: ignore[index]
            seen.append((width + advance, actual, size))
        return False

    monkeypatch.setattr(line_break, "presswork_doomed", measured)
    for width in [20 + 3 * step for step in range(20)]:
        _lines(width, "justify", "auto")
    assert len(seen) > 50
    slack = hyphen_tries.SLACK_EM
    for estimate, actual, size in seen:
        assert actual >= estimate - slack * size
        assert actual <= estimate + 0.5 * size  # at most a space more
