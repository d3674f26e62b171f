"""One small hostile manuscript per attack: each is refused with a located message before
any output is written, or (for what can be cleaned) builds with nothing of the payload in
either book. Each finishes in a few seconds."""

from __future__ import annotations

import base64
import os
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from test_security import epub_text, pdf_strings

from conftest import Recorder
from presswork.build import build
from presswork.errors import PressworkError

BOOK_TOML = 'title = "Attack"\nlanguage = "en"\nchapters = ["one.md"]\n'
NO_PAGE_LIST = "[epub]\npage_list = false\n"


def book(tmp_path: Path, chapter: str = "# One\n\nText.\n", toml: str = NO_PAGE_LIST) -> Path:
    root = tmp_path / "book"
    root.mkdir()
    (root / "book.toml").write_text(BOOK_TOML + toml, encoding="utf-8")
    (root / "one.md").write_text(chapter, encoding="utf-8")
    return root


def refused(root: Path, out: Path) -> PressworkError:
    started = time.monotonic()
    with pytest.raises(PressworkError) as caught:
        build(root, out, ("epub", "pdf"), lambda message: None)
    assert time.monotonic() - started < 10
    assert not [p for p in out.glob("*.*") if p.is_file()], "nothing may be written"
    assert caught.value.file is not None, "the message must say where"
    return caught.value


def outputs_text(out: Path) -> str:
    return epub_text(out / "attack.epub") + pdf_strings(out / "attack.pdf")


def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text("secret-payload", encoding="utf-8")
    return path


Setup = Callable[[Path, Path], None]


def _style_link(root: Path, tmp: Path) -> None:
    (root / "styles").mkdir()
    os.symlink(secret(tmp), root / "styles" / "base.css")


def _styles_folder_link(root: Path, tmp: Path) -> None:
    (tmp / "theme").mkdir()
    (tmp / "theme" / "base.css").write_text("body { color: red }")
    os.symlink(tmp / "theme", root / "styles")


def _cover(value: str) -> Setup:
    def setup(root: Path, tmp: Path) -> None:
        secret(tmp)
        os.symlink(tmp / "secret.txt", root / "linked.jpg")
        (root / "folder.jpg").mkdir()
        (root / "fake.jpg").write_text("not a picture")
        text = (root / "book.toml").read_text().replace(NO_PAGE_LIST, "")
        (root / "book.toml").write_text(text + f'[epub]\npage_list = false\ncover = "{value}"\n')

    return setup


def _chapter_link(root: Path, tmp: Path) -> None:
    (root / "one.md").unlink()
    os.symlink(secret(tmp), root / "one.md")


def _slug(value: str) -> Setup:
    def setup(root: Path, tmp: Path) -> None:
        text = (root / "book.toml").read_text()
        (root / "book.toml").write_text(f'slug = "{value}"\n' + text)

    return setup


def _chapter(text: str) -> Setup:
    def setup(root: Path, tmp: Path) -> None:
        (root / "one.md").write_text(text, encoding="utf-8")

    return setup


def _title(title: str) -> Setup:
    def setup(root: Path, tmp: Path) -> None:
        text = (root / "book.toml").read_text().replace('"Attack"', f'"{title}"')
        (root / "book.toml").write_text(text)

    return setup


def _stylesheet(css: str) -> Setup:
    def setup(root: Path, tmp: Path) -> None:
        (root / "styles").mkdir()
        (root / "styles" / "print.css").write_text(css, encoding="utf-8")

    return setup


def _image_bomb(root: Path, tmp: Path) -> None:
    Image.new("1", (12_000, 12_000)).save(root / "bomb.png")
    (root / "one.md").write_text("# One\n\n![A bomb](bomb.png)\n", encoding="utf-8")


def _svg(svg: str) -> Setup:
    def setup(root: Path, tmp: Path) -> None:
        (root / "pic.svg").write_text(svg, encoding="utf-8")
        (root / "one.md").write_text("# One\n\n![A picture](pic.svg)\n", encoding="utf-8")

    return setup


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    + ']><svg xmlns="http://www.w3.org/2000/svg"><text>&lol9;</text></svg>'
)
REFUSALS: dict[str, tuple[Setup, str]] = {
    "symlinked stylesheet": (_style_link, "symbolic link"),
    "symlinked styles folder": (_styles_folder_link, "not a link"),
    "cover outside": (_cover("/etc/passwd"), "outside the manuscript"),
    "cover up": (_cover("../../etc/passwd"), "outside the manuscript"),
    "symlinked cover": (_cover("linked.jpg"), "symbolic link"),
    "cover a folder": (_cover("folder.jpg"), "is a folder"),
    "cover missing": (_cover("missing.jpg"), "not found"),
    "cover not a picture": (_cover("fake.jpg"), "cannot be read as a picture"),
    "symlinked chapter": (_chapter_link, "symbolic link"),
    "slug traversal": (_slug("../../x"), "plain file name"),
    "absolute slug": (_slug("/tmp/x"), "plain file name"),
    "image-set": (
        _stylesheet('p { background: image-set("http://evil.example/x.png" 1x) }'),
        "outside",
    ),
    "escaped url": (_stylesheet("p { background: u\\72l(http://evil.example/x.png) }"), "outside"),
    "deep lists": (
        _chapter("# One\n\n" + "".join("  " * i + "- x\n" for i in range(1000))),
        "nested",
    ),
    "deep quotes": (_chapter("# One\n\n" + ">" * 10_000 + " x\n"), "nested"),
    "deep divs": (_chapter("# One\n\n" + "<div>" * 10_000 + "x\n"), "nested"),
    "huge chapter": (_chapter("# One\n\n" + "word " * 12_000_000), "at most 8 MB"),
    "huge title": (
        _slug("ok") if False else _chapter("# " + "T" * 10_000 + "\n\nText.\n"),
        "at most 500",
    ),
    "huge book title": (_title("T" * 10_000_000), "at most 500"),
    "image bomb": (_image_bomb, "pixels"),
    "svg entities": (_svg(BILLION_LAUGHS), "DOCTYPE"),
}


@pytest.mark.parametrize(("setup", "expected"), REFUSALS.values(), ids=REFUSALS.keys())
def test_attack_is_refused_with_a_located_message(
    tmp_path: Path, setup: Setup, expected: str
) -> None:
    root = book(tmp_path)
    setup(root, tmp_path)
    error = refused(root, tmp_path / "out")
    assert expected in error.message
    assert not (tmp_path / "x.epub").exists() and not Path("/tmp/x.epub").exists()


ACTIVE_SVG = """<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
  width="40" height="40" onload="alert('svg-onload-payload')">
  <script>alert('svg-script-payload')</script>
  <image href="http://evil.example/svg-image-payload.png" width="4" height="4"/>
  <a xlink:href="javascript:alert('svg-link-payload')"><rect width="40" height="40"/></a>
  <foreignObject><p>svg-foreign-payload</p></foreignObject>
</svg>"""


@pytest.mark.allow_warnings
def test_an_active_svg_is_cleaned_in_both_books(tmp_path: Path, no_warnings: Recorder) -> None:
    root = book(tmp_path)
    _svg(ACTIVE_SVG)(root, tmp_path)
    out = tmp_path / "out"
    build(root, out, ("epub", "pdf"), lambda message: None)
    text = outputs_text(out)
    for payload in ("svg-onload", "svg-script", "evil.example", "javascript", "svg-foreign"):
        assert payload not in text
    assert any("removed from the SVG" in r.getMessage() for r in no_warnings.records)


def test_an_index_entry_with_quotes_and_markup_prints_as_written(tmp_path: Path) -> None:
    chapter = '# One\n\nThe [O\'Brien "Bob"]{.index} case and [**bold**]{.index}.\n'
    root = book(tmp_path, chapter)
    out = tmp_path / "out"
    build(root, out, ("epub", "pdf"), lambda message: None)
    text = outputs_text(out)
    assert "klzzwxh" not in text and "\x02" not in text
    assert "O’Brien “Bob”" in epub_text(out / "attack.epub")


def test_a_long_title_gives_output_names_that_fit(tmp_path: Path) -> None:
    root = book(tmp_path, toml=NO_PAGE_LIST + "[editions.a-long-edition-name]\n")
    _title("A Very Long Title " * 26)(root, tmp_path)  # 468 characters
    result = build(root, tmp_path / "out", ("epub", "pdf"), lambda message: None)
    assert all(len(path.name.encode()) < 255 for path in result.outputs)
    assert len(result.outputs) == 2


@pytest.mark.allow_warnings
def test_an_inline_data_svg_is_cleaned_too(tmp_path: Path, no_warnings: Recorder) -> None:
    encoded = base64.b64encode(ACTIVE_SVG.encode()).decode()
    root = book(tmp_path, f"# One\n\n![A picture](data:image/svg+xml;base64,{encoded})\n")
    out = tmp_path / "out"
    build(root, out, ("epub", "pdf"), lambda message: None)
    with zipfile.ZipFile(out / "attack.epub") as archive:
        chapter = archive.read("EPUB/one.xhtml").decode()
    inline = chapter.split("data:image/svg+xml;base64,")[1].split('"')[0]
    decoded = base64.b64decode(inline).decode()
    for payload in ("svg-onload", "svg-script", "evil.example", "javascript", "svg-foreign"):
        assert payload not in decoded
