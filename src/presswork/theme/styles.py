"""Stylesheets and fonts: Presswork's default theme, overlaid file by file by the manuscript's
own `styles/` folder, gathered into one folder so relative `url()`s work in both back ends.

A stylesheet may refer only to files of the theme (or `data:`): an `@import` from the web or
a `url(file:///...)` would make the PDF fetch it and leave the EPUB pointing outside itself.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator
from importlib.resources import files
from pathlib import Path
from urllib.parse import unquote, urlsplit

import tinycss2
from tinycss2.ast import AtKeywordToken, FunctionBlock, Node, StringToken, URLToken

from presswork.errors import PressworkError
from presswork.manuscript.files import walk

EPUB_STYLESHEETS = ("fonts.css", "base.css", "epub.css")
PRINT_STYLESHEETS = ("fonts.css", "base.css", "print.css")
URL_FUNCTIONS = {"url", "src", "image", "image-set", "-webkit-image-set", "cross-fade"}
"""CSS functions whose string arguments are URLs."""


def default_styles() -> Path:
    """The shipped theme, a folder of this package (so an installed wheel carries it)."""
    return Path(str(files("presswork.theme"))) / "styles"


def gather_theme(manuscript: Path, dest: Path) -> Path:
    """Copy the default theme to `dest`, then the manuscript's styles/ over it, and check
    that no stylesheet reaches outside the theme."""
    shutil.copytree(default_styles(), dest, dirs_exist_ok=True)
    own = manuscript / "styles"
    for path in walk(manuscript, "styles", "theme file"):
        target = dest / path.relative_to(own)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    for sheet in theme_files(dest, (".css",)):
        original = own / sheet.relative_to(dest)
        check_stylesheet_urls(sheet, dest, original if original.is_file() else sheet)
    return dest


def check_stylesheet_urls(sheet: Path, theme: Path, shown_as: Path) -> None:
    """Refuse a url() or @import that is remote, absolute or escapes the theme folder."""
    try:
        text = sheet.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PressworkError(
            f"stylesheet is not UTF-8 ({exc.reason})",
            shown_as,
            hint="re-save the stylesheet as UTF-8",
        ) from None
    for url, line in _urls(tinycss2.parse_component_value_list(text, skip_comments=True)):
        parts = urlsplit(url)
        if parts.scheme.lower() == "data":
            continue
        inside = (sheet.parent / unquote(parts.path)).resolve().is_relative_to(theme.resolve())
        if parts.scheme or parts.netloc or url.startswith("/") or not inside:
            raise PressworkError(
                f"stylesheet refers to {url!r}, outside the manuscript's styles",
                shown_as,
                line,
                hint="put fonts and images the stylesheet needs in styles/ and use a relative "
                "url(); Presswork never downloads",
            )


def theme_files(theme: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """Files of the theme with one of `suffixes`, in a stable order."""
    return sorted(p for p in theme.rglob("*") if p.is_file() and p.suffix.lower() in suffixes)


def _urls(nodes: Iterable[Node]) -> Iterator[tuple[str, int]]:
    """(url, line) of every url(...), image-set(...) and @import in a tokenised stylesheet,
    nested included (tinycss2 has decoded escapes: `u\\72l(` is a url function)."""
    importing = False
    for node in nodes:
        if isinstance(node, URLToken):
            yield node.value, node.source_line
        elif isinstance(node, FunctionBlock) and node.lower_name in URL_FUNCTIONS:
            for argument in node.arguments:
                if isinstance(argument, StringToken):
                    yield argument.value, argument.source_line
        elif importing and isinstance(node, StringToken):
            yield node.value, node.source_line
        if isinstance(node, AtKeywordToken):
            importing = node.lower_value == "import"
        elif node.type not in ("whitespace", "comment"):
            importing = False
        children = getattr(node, "content", None) or getattr(node, "arguments", None)
        if children:
            yield from _urls(children)
