"""The print-on-demand preflight on PDFs made to break one rule each: the rule fails, names
the pages, and the others still pass. The PDFs are laid out by WeasyPrint from tiny HTML, so
the preflight reads real PDFs, not our own idea of one."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pikepdf
import pytest
import weasyprint

from presswork.manuscript.config import PrintSettings
from presswork.pdf.preflight import preflight_pdf

KDP = PrintSettings(trim="6x9", preset="kdp", bookmarks=False, links=False, tagged=False)
PAGE = "<section><p>Page text that a reader would read.</p></section>"


def make_pdf(
    path: Path,
    pages: int = 24,
    css: str = "",
    body: str | None = None,
) -> Path:
    html = body if body is not None else PAGE * pages
    style = (
        "@page { size: 6in 9in; margin: 0.75in; } section { break-after: page; }"
        "h1 { bookmark-level: none; }" + css
    )
    weasyprint.HTML(string=f"<html lang='en'><body>{html}</body></html>").write_pdf(
        path, stylesheets=[weasyprint.CSS(string=style)]
    )
    return path


def failures(report_errors: list[str]) -> set[str]:
    return {error.split(":", 1)[0] for error in report_errors}


def test_a_clean_interior_passes_every_rule(tmp_path: Path) -> None:
    report = preflight_pdf(make_pdf(tmp_path / "ok.pdf"), KDP)
    assert report.errors == [], report.errors
    passed = {note.split(":")[0] for note in report.notes}
    assert passed == {
        "pass trim size",
        "pass bleed",
        "pass fonts embedded",
        "pass no printer's marks",
        "pass no bookmarks",
        "pass no annotations or links",
        "pass page count",
        "pass gutter",
        "pass outside margins",
        "pass blank pages",
    }


@pytest.mark.parametrize(
    ("rule", "pages", "css", "body", "settings", "where"),
    [
        ("trim size", 24, "@page { size: 5in 8in; }", None, KDP, "page 1:"),
        ("bleed", 24, "@page { bleed: 0.25in; }", None, KDP, "page 1:"),
        (
            "no printer's marks",
            24,
            "@page { bleed: 0.125in; marks: crop; }",
            None,
            dataclasses.replace(KDP, bleed="0.125in"),
            "page 1:",
        ),
        ("no bookmarks", 24, "h1 { bookmark-level: 1; }", "<h1>T</h1>" + PAGE * 23, KDP, "1 "),
        (
            "no annotations or links",
            24,
            "",
            "<section><a href='https://example.org/'>link</a></section>" + PAGE * 23,
            KDP,
            "page 1",
        ),
        ("page count", 23, "", None, KDP, "23 pages"),
        ("gutter", 24, "@page { margin: 0.75in 0.2in; }", None, KDP, "page 1: 0.2"),
        (
            "outside margins",
            24,
            "@page { margin-top: 0.1in; } p { margin: 0; }",
            None,
            KDP,
            "top 0.1",
        ),
        (
            "blank pages",
            24,
            "",
            PAGE * 10 + "<section></section>" * 3 + PAGE * 11,
            KDP,
            "pages 11-13: 3 blank pages in a row",
        ),
        ("last page blank", 24, "", None, dataclasses.replace(KDP, preset="ingram"), "page 24"),
    ],
)
def test_each_rule_fails_on_its_own_fault(
    tmp_path: Path,
    rule: str,
    pages: int,
    css: str,
    body: str | None,
    settings: PrintSettings,
    where: str,
) -> None:
    report = preflight_pdf(make_pdf(tmp_path / "bad.pdf", pages, css, body), settings)
    assert rule in failures(report.errors), report.errors
    message = next(e for e in report.errors if e.startswith(rule))
    assert where in message, message


def test_a_font_that_is_not_embedded_fails(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "fonts.pdf")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        font = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
            )
        )
        pdf.pages[0].Resources.Font[pikepdf.Name("/Fx")] = font
        pdf.save(path)
    report = preflight_pdf(path, KDP)
    assert failures(report.errors) == {"fonts embedded"}
    assert "Helvetica" in report.errors[0]


def test_right_to_left_books_bind_on_the_right(tmp_path: Path) -> None:
    """Recto pages of an RTL book have their gutter on the right: a PDF with a wide left
    margin on rectos only passes as LTR, and fails as RTL."""
    css = "@page :right { margin-left: 0.75in; margin-right: 0.2in; }"
    css += "@page :left { margin-left: 0.2in; margin-right: 0.75in; }"
    path = make_pdf(tmp_path / "ltr.pdf", css=css)
    assert "gutter" not in failures(preflight_pdf(path, KDP, "ltr").errors)
    assert "gutter" in failures(preflight_pdf(path, KDP, "rtl").errors)
