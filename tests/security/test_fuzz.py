"""Property tests: random Markdown (headings, emphasis, lists, tables, notes, raw HTML, odd
Unicode) either fails with a PressworkError or gives XHTML that parses as XML; a sample of the
generated books also goes through EPUBCheck. Examples that once broke the build are kept in
tests/regressions/ and replayed first."""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from lxml import etree

from presswork.build import build
from presswork.checks import check_epub
from presswork.epub.package import build_pages
from presswork.errors import PressworkError
from presswork.manuscript.load import load_manuscript
from presswork.manuscript.parse import parse_book

OUTCOMES = {"book": 0, "error": 0}
REGRESSIONS = Path(__file__).resolve().parents[1] / "regressions"
WHEN = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
ODD_TEXT = st.text(
    alphabet=st.sampled_from(
        list(
            "abc xyz ÉéßøŁ ΩЖ 中文 العربية \u00a0\u00ad\u200b\u200d\u200f\u0301 😀 & < > \" ' * _ `"
            " [ ] ( ) # ! | : - ~ ^ = { } \\ . 1 2"
        )
    ),
    min_size=1,
    max_size=40,
)
RAW_HTML = st.sampled_from(
    [
        "<div><p>unclosed",
        "<b>bold",
        "</div>",
        "&nbsp;&mdash;&copy;&bogus;",
        "<br>",
        "<script>alert(1)</script>",
        "<center>c</center>",
        '<span onclick="x()">s</span>',
        "<!-- comment",
        "<![CDATA[x]]>",
        "<?php echo 1 ?>",
        '<a href="javascript:x()">j</a>',
        '<img src="nowhere.png">',
        "<table><tr><td>cell",
        "<svg><circle r='1'/></svg>",
        "<p style='color:red'>red</p>",
        "<math><mi>x</mi></math>",
        "<details>d</details>",
        '<div id="dup"></div><div id="dup"></div>',
        "<h1>raw heading</h1>",
    ]
)


@st.composite
def inline(draw: st.DrawFn) -> str:
    text = draw(ODD_TEXT)
    return draw(
        st.sampled_from(
            [
                text,
                f"*{text}*",
                f"**{text}**",
                f"`{text}`",
                f"[{text}](01.md)",
                f"[{text}](https://example.com/)",
                f"{text}[^n]",
                f'"{text}"',
                f"{text}---{text}",
            ]
        )
    )


@st.composite
def block(draw: st.DrawFn) -> str:
    words = " ".join(draw(st.lists(inline(), min_size=1, max_size=4)))
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return "#" * draw(st.integers(1, 4)) + " " + words
    if kind == 1:
        depth = draw(st.integers(0, 3))
        return "\n".join("    " * level + f"- {words}" for level in range(depth + 1))
    if kind == 2:
        return f"| a | b |\n|---|--:|\n| {words} | 1 |"
    if kind == 3:
        return f"> {words}\n>\n> {words}"
    if kind == 4:
        return f"Term {words}\n:   Definition {words}"
    if kind == 5:
        return f"```\n{words}\n```"
    if kind == 6:
        return draw(RAW_HTML) + " " + words
    if kind == 7:
        return "***"
    return words


@st.composite
def chapters(draw: st.DrawFn) -> list[str]:
    texts = []
    for _ in range(draw(st.integers(1, 3))):
        blocks = draw(st.lists(block(), min_size=1, max_size=8))
        texts.append("\n\n".join(blocks) + "\n\n[^n]: A note.\n")
    return texts


def write(root: Path, texts: list[str]) -> Path:
    names = []
    for number, text in enumerate(texts, start=1):
        name = f"{number:02d}.md"
        (root / name).write_text(text, encoding="utf-8")
        names.append(f'{{ file = "{name}", title = "Chapter {number}" }}')
    (root / "book.toml").write_text(
        f'title = "Fuzz"\nlanguage = "en"\nchapters = [{", ".join(names)}]\n', encoding="utf-8"
    )
    return root


def check_one(texts: list[str]) -> None:
    """Our error, or XHTML pages that parse."""
    logging.getLogger("presswork").setLevel(logging.ERROR)  # removals are warned on purpose
    try:
        with tempfile.TemporaryDirectory() as scratch:
            root = write(Path(scratch), texts)
            try:
                config, sources = load_manuscript(root)
                book = parse_book(config, root, sources, WHEN)
            except PressworkError:
                OUTCOMES["error"] += 1
                return
            OUTCOMES["book"] += 1
            for chapter in book.chapters:
                etree.fromstring(f"<div>{chapter.body}</div>")
            for page in build_pages(book, ["styles/base.css"]):
                etree.fromstring(page.content)
    finally:
        logging.getLogger("presswork").setLevel(logging.NOTSET)


def regression_cases() -> list[list[str]]:
    return [
        path.read_text(encoding="utf-8").split("\n<<<chapter>>>\n")
        for path in sorted(REGRESSIONS.glob("*.md"))
    ]


@pytest.mark.parametrize("texts", regression_cases())
def test_regressions(texts: list[str]) -> None:
    check_one(texts)


# derandomize: CI must not fail on a new random find; run with a seed locally to explore.
@settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(chapters())
@example(["# A\n\n<div><p>unclosed <b>bold\n"])
def test_random_markdown_gives_xml_or_our_error(texts: list[str]) -> None:
    check_one(texts)


@pytest.mark.slow
@settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],  # shrinking would rerun EPUBCheck for minutes
    suppress_health_check=[HealthCheck.too_slow],
)
@given(chapters())
@example(["# A\n\nText.\n\n<b>bold <div>a block inside</div> more</b>\n"])  # found once
def test_a_sample_passes_epubcheck(texts: list[str]) -> None:
    logging.getLogger("presswork").setLevel(logging.ERROR)
    try:
        with tempfile.TemporaryDirectory() as scratch:
            (Path(scratch) / "book").mkdir()
            root = write(Path(scratch) / "book", texts)
            try:
                result = build(root, Path(scratch) / "out", ("epub",), lambda _: None)
            except PressworkError:
                return
            report = check_epub(result.outputs[0], usage=False)
            assert report.errors == [] and report.warnings == [], report.errors + report.warnings
    finally:
        logging.getLogger("presswork").setLevel(logging.NOTSET)


def test_most_random_manuscripts_become_books() -> None:
    """Guard against a generator that only ever produces failing input (a test that cannot
    fail): runs after the property test in this module."""
    total = OUTCOMES["book"] + OUTCOMES["error"]
    if total:
        assert OUTCOMES["book"] >= total // 2, OUTCOMES
