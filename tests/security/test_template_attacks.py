"""A manuscript's templates are untrusted code: they run in Jinja2's immutable sandbox and
are read only from regular files inside its templates/ folder. Each attack is refused with
a located message, no output is written, and the attack's side effect never happens."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from presswork.build import build
from presswork.errors import PressworkError

BOOK_TOML = 'title = "Attack"\nlanguage = "en"\nchapters = ["one.md"]\n[epub]\npage_list = false\n'


def book(tmp_path: Path) -> Path:
    root = tmp_path / "book"
    root.mkdir()
    (root / "book.toml").write_text(BOOK_TOML, encoding="utf-8")
    (root / "one.md").write_text("# One\n\nText.\n", encoding="utf-8")
    return root


def override(root: Path, name: str, text: str) -> Path:
    path = root / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def refused(root: Path, out: Path, formats: tuple[str, ...] = ("epub", "pdf")) -> PressworkError:
    with pytest.raises(PressworkError) as caught:
        build(root, out, formats, lambda message: None)
    assert not [p for p in out.glob("*.*") if p.is_file()], "nothing may be written"
    return caught.value


@pytest.mark.parametrize(
    ("template", "formats"),
    [("partials/colophon.html.j2", ("epub",)), ("print/book.html.j2", ("pdf",))],
)
@pytest.mark.parametrize(
    "reach",
    [
        "cycler.__init__.__globals__.os.popen('touch {marker}').read()",
        "lipsum.__globals__['os'].popen('touch {marker}').read()",
        "().__class__.__base__.__subclasses__()",
        "self._TemplateReference__context.cycler.__init__.__globals__.os.system('touch {marker}')",
    ],
)
def test_template_code_execution_is_refused(
    tmp_path: Path, template: str, formats: tuple[str, ...], reach: str
) -> None:
    root = book(tmp_path)
    marker = tmp_path / "pwned"
    path = override(root, template, "before\n{{ " + reach.format(marker=marker) + " }}\n")
    error = refused(root, tmp_path / "out", formats)
    assert error.file == path and error.line == 2
    assert "internals" in error.message or "unsafe" in error.message or "undefined" in error.message
    assert not marker.exists()


def test_a_symlinked_template_is_refused(tmp_path: Path) -> None:
    root = book(tmp_path)
    (root / "templates" / "partials").mkdir(parents=True)
    link = root / "templates" / "partials" / "colophon.html.j2"
    os.symlink("/etc/passwd", link)
    error = refused(root, tmp_path / "out", ("epub",))
    assert error.file == link and "symbolic link" in error.message


def test_a_symlinked_templates_folder_is_refused(tmp_path: Path) -> None:
    root = book(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "partials").mkdir(parents=True)
    (elsewhere / "partials" / "colophon.html.j2").write_text("stolen")
    os.symlink(elsewhere, root / "templates")
    error = refused(root, tmp_path / "out", ("epub",))
    assert "not a link" in error.message and error.file == root / "templates"


def test_a_missing_include_is_located(tmp_path: Path) -> None:
    root = book(tmp_path)
    path = override(root, "partials/colophon.html.j2", "one\n{% include 'nowhere.j2' %}\n")
    error = refused(root, tmp_path / "out", ("epub",))
    assert "nowhere.j2" in error.message and error.file == path and error.line == 2
