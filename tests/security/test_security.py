"""Hostile manuscripts: every attack is refused (a located error) or removed (a warning), and
nothing of it reaches the EPUB (unzipped) or the PDF (text, links, attachments)."""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

import pikepdf
import pytest

from conftest import FIXTURES, Recorder
from presswork.build import build
from presswork.errors import PressworkError

ATTACKS = """# Attacks

<script>alert("script-payload")</script>

<p>Handler: <img src="images/orbit.png" alt="orbit" onerror="alert('onerror-payload')"></p>

[markdown javascript link](javascript:alert%28%22mdjs-payload%22%29)

<a href="javascript:alert('rawjs-payload')">raw javascript link</a>

<a href="data:text/html;base64,PHNjcmlwdD4=">data link</a>

<iframe src="https://evil.example/iframe-payload"></iframe>

<form action="https://evil.example/form-payload"><input name="q" value="form-input"></form>

<div style="position:fixed;background:url(https://evil.example/style-payload.png)">Styled</div>

<style>body { display: none } /* style-element-payload */</style>

<object data="https://evil.example/object-payload"></object>

<meta http-equiv="refresh" content="0;url=https://evil.example/meta-payload">

A paragraph with a smuggled handler.
{: onclick="alert('attrlist-payload')" }

<svg onload="alert('svg-payload')"><circle r="4"/></svg>

The end of the attacks.
"""
PAYLOADS = (
    "script-payload",
    "onerror",
    "mdjs-payload",
    "rawjs-payload",
    "javascript:",
    "data:text/html",
    "iframe-payload",
    "form-payload",
    "form-input",
    "style-payload",
    "position:fixed",
    "style-element-payload",
    "object-payload",
    "meta-payload",
    "attrlist-payload",
    "onclick",
    "svg-payload",
    "evil.example",
)


def manuscript(tmp_path: Path, chapter: str) -> Path:
    root = tmp_path / "book"
    shutil.copytree(FIXTURES / "kitchen-sink", root)
    shutil.rmtree(root / "expected")
    (root / "01-prose.md").write_text(chapter, encoding="utf-8")
    (root / "03-languages.md").write_text("Plain text.\n", encoding="utf-8")  # links to 01
    return root


def epub_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "\n".join(
            archive.read(n).decode("utf-8", "replace")
            for n in archive.namelist()
            if n.endswith((".xhtml", ".opf", ".ncx", ".css"))
        )


def pdf_strings(path: Path) -> str:
    """Every string object and the URIs of every link in the PDF, plus its attachments."""
    with pikepdf.open(path) as pdf:
        assert len(pdf.attachments) == 0
        found = []
        for page in pdf.pages:
            for annot in page.obj.get("/Annots", []):
                action = annot.get("/A")
                if action is not None and "/URI" in action:
                    found.append(str(action.URI))
                assert annot.get("/Subtype") != "/FileAttachment"
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.String):
                found.append(str(obj))
        return "\n".join(found)


@pytest.mark.slow
@pytest.mark.allow_warnings
def test_active_content_is_removed_from_both_books(tmp_path: Path, no_warnings: Recorder) -> None:
    root = manuscript(tmp_path, ATTACKS)
    result = build(root, tmp_path / "out", ("epub", "pdf"), lambda _: None)
    epub, pdf = result.outputs
    text = epub_text(epub)
    pdf_text = pdf_strings(pdf)
    for payload in PAYLOADS:
        assert payload not in text, payload
        assert payload not in pdf_text, payload
    assert "The end of the attacks." in text and "Styled" in text and "raw javascript link" in text
    warnings = "\n".join(r.getMessage() for r in no_warnings.records)
    for expected in (
        "<script> and its content were removed",
        "event handler onerror=",
        "javascript: URL in <a href>",
        "<iframe> and its content were removed",
        "<form> is not allowed",
        "style attribute on <div> was removed",
        "<style> and its content were removed",
        "event handler onclick=",
        "<svg> and its content were removed",
    ):
        assert expected in warnings, expected
    assert f"{root / '01-prose.md'}:3: <script>" in warnings  # located


@pytest.mark.parametrize(
    ("chapter", "message"),
    [
        (
            '# A\n\n<a rel="attachment" href="file:///etc/passwd">x</a>\n',
            "link 'file:///etc/passwd' points at a file on this computer",
        ),
        ("# A\n\n![x](file:///etc/passwd)\n", "lies outside the manuscript folder"),
        ("# A\n\n![x](../../secret.png)\n", "lies outside the manuscript folder"),
        ("# A\n\n![x](/etc/hosts.png)\n", "lies outside the manuscript folder"),
        ("# A\n\n![x](https://evil.example/x.png)\n", "Presswork never downloads"),
        (
            '# A\n\n<img alt="x" src="data:text/html;base64,PHNjcmlwdD4=">\n',
            "a data: URL in an image must hold an image",
        ),
        ("# A\n\n[up](../../../etc/passwd)\n", "points nowhere in the book"),
    ],
)
def test_escapes_are_refused_with_a_located_error(
    tmp_path: Path, chapter: str, message: str
) -> None:
    root = manuscript(tmp_path, chapter)
    out = tmp_path / "out"
    with pytest.raises(PressworkError) as caught:
        build(root, out, ("epub", "pdf"), lambda _: None)
    assert message in caught.value.message
    assert caught.value.file == root / "01-prose.md" and caught.value.line == 3
    assert not out.exists() or not any(out.iterdir())


def test_symlinked_image_pointing_outside_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    shutil.copy(FIXTURES / "kitchen-sink" / "images" / "orbit.png", secret)
    root = manuscript(tmp_path, "# A\n\n![x](images/link.png)\n")
    os.symlink(secret, root / "images" / "link.png")
    with pytest.raises(PressworkError, match="outside the manuscript"):
        build(root, tmp_path / "out", ("epub",), lambda _: None)


def test_symlinked_chapter_pointing_outside_is_refused(tmp_path: Path) -> None:
    root = manuscript(tmp_path, "# A\n\nText.\n")
    (tmp_path / "elsewhere.md").write_text("# Secret\n", encoding="utf-8")
    (root / "01-prose.md").unlink()
    os.symlink(tmp_path / "elsewhere.md", root / "01-prose.md")
    with pytest.raises(PressworkError, match="outside the manuscript"):
        build(root, tmp_path / "out", ("epub",), lambda _: None)


@pytest.mark.parametrize(
    "css",
    [
        '@import url("https://evil.example/x.css");\n',
        'body { background: url("file:///etc/passwd"); }\n',
        'body { background: url("../../../secret.png"); }\n',
    ],
)
def test_stylesheet_reaching_outside_is_refused(tmp_path: Path, css: str) -> None:
    root = manuscript(tmp_path, "# A\n\nText.\n")
    (root / "styles").mkdir()
    (root / "styles" / "base.css").write_text(css, encoding="utf-8")
    with pytest.raises(PressworkError) as caught:
        build(root, tmp_path / "out", ("epub", "pdf"), lambda _: None)
    assert caught.value.file == root / "styles" / "base.css"
    assert caught.value.line == 1
