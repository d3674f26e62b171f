"""The bounds a manuscript is held to, and SVGs cleaned on the way in."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PIL import Image

from conftest import Recorder
from presswork.errors import PressworkError
from presswork.manuscript.limits import MAX_NESTING, check_pixels, check_source, check_title
from presswork.manuscript.svg import clean_svg


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("# A\n\n" + "".join("  " * i + "- item\n" for i in range(MAX_NESTING * 3)), 84),
        ("# A\n\n" + ">" * (MAX_NESTING + 1) + " deep\n", 3),
        ("# A\n\n" + "<div>" * (MAX_NESTING + 1) + "\n", 3),
    ],
    ids=["lists", "quotes", "html"],
)
def test_deep_nesting_is_refused_at_its_line(text: str, line: int) -> None:
    with pytest.raises(PressworkError, match="nested more than") as caught:
        check_source(text, Path("one.md"))
    assert caught.value.line == line


def test_ordinary_text_passes() -> None:
    check_source(
        "# A\n\n- a\n  - b\n    - c\n\n> quote\n> > nested\n\n<div><p>x</p></div>\n", Path("a")
    )


def test_a_huge_chapter_and_a_long_title_are_refused() -> None:
    with pytest.raises(PressworkError, match="at most 8 MB"):
        check_source("word " * (2 * 1024 * 1024), Path("one.md"))
    with pytest.raises(PressworkError, match="at most 500"):
        check_title("T" * 501, "the chapter's title", Path("one.md"), 1)


def test_an_image_bomb_is_refused_from_its_header(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.png"
    Image.new("1", (10_000, 10_000)).save(bomb)  # 100 million pixels in a few kB
    assert bomb.stat().st_size < 100_000
    with pytest.raises(PressworkError, match="10000 x 10000 pixels") as caught:
        check_pixels(bomb, tmp_path / "one.md")
    assert caught.value.file == tmp_path / "one.md"


ACTIVE_SVG = b"""<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
 onload="alert('svg-onload')"><script>alert('svg-script')</script>
<style>@import url(http://evil.example/a.css); rect { fill: url(http://evil.example/p) }</style>
<image href="http://evil.example/i.png"/><a xlink:href="javascript:alert('svg-js')"><rect/></a>
<foreignObject><p>svg-foreign</p></foreignObject><set attributeName="href" to="javascript:x"/>
<use href="#r"/><image href="data:image/png;base64,AAAA"/></svg>"""


@pytest.mark.allow_warnings
def test_an_svg_loses_everything_active_or_external(no_warnings: Recorder) -> None:
    cleaned = clean_svg(ACTIVE_SVG, Path("a.svg")).decode()
    for payload in ("onload", "svg-script", "evil.example", "javascript", "svg-foreign", "<set"):
        assert payload not in cleaned
    assert '<use href="#r"/>' in cleaned and "data:image/png" in cleaned
    assert [r.levelno for r in no_warnings.records] == [logging.WARNING]


def test_a_clean_svg_is_kept_byte_for_byte() -> None:
    plain = b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>'
    assert clean_svg(plain, Path("a.svg")) is plain


@pytest.mark.parametrize(
    "svg",
    [
        b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>',
        b'<!DOCTYPE svg SYSTEM "http://evil.example/x.dtd"><svg xmlns="http://www.w3.org/2000/svg"/>',
        b"<svg" + b"<g>" * 10,
        b'<svg xmlns="http://www.w3.org/2000/svg">' + b"<g>" * 200 + b"</g>" * 200 + b"</svg>",
    ],
    ids=["entities", "external-dtd", "broken", "deep"],
)
def test_an_svg_that_cannot_be_made_safe_is_refused(svg: bytes) -> None:
    with pytest.raises(PressworkError) as caught:
        clean_svg(svg, Path("a.svg"), Path("one.md"))
    assert caught.value.file == Path("one.md")
