"""The PDF/X preflight (pdf/pdfx_preflight.py) on PDFs made to break one rule each: a
clean CMYK file passes every rule, and an RGB image, a transparent PNG, 350% ink, a
low-resolution image, an RGB text colour and a missing output intent each fail their own
rule, with the page. The bad files are written by WeasyPrint where WeasyPrint writes such
things (an RGBA PNG, a CSS colour), the rest by pikepdf."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pikepdf
import pytest
import weasyprint
from PIL import Image

from presswork.pdf.pdfx_preflight import pdfx_preflight

TRIM = (432.0, 648.0)


def _failed(report_errors: list[str]) -> set[str]:
    return {error.split(":", 1)[0] for error in report_errors}


def _image(pdf: pikepdf.Pdf, mode: str, size: int, colour: tuple[int, ...]) -> pikepdf.Stream:
    picture = Image.new(mode, (size, size), colour)
    spaces = {"CMYK": "/DeviceCMYK", "RGB": "/DeviceRGB", "L": "/DeviceGray"}
    return pikepdf.Stream(
        pdf,
        picture.tobytes(),
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=size,
        Height=size,
        ColorSpace=pikepdf.Name(spaces[mode]),
        BitsPerComponent=8,
    )


def make_cmyk_pdf(
    path: Path,
    *,
    fill: str = "0 0 0 1 k",
    mode: str = "CMYK",
    pixels: int = 900,
    colour: tuple[int, ...] = (0, 0, 0, 255),
    intent: bool = True,
) -> Path:
    """One 6 x 9 in page: a filled square, and an image 2 in wide (`pixels` across)."""
    pdf = pikepdf.new()
    content = f"q {fill} 72 72 100 100 re f Q q 144 0 0 144 72 300 cm /Im0 Do Q".encode()
    page = pdf.add_blank_page(page_size=TRIM)
    page.obj.TrimBox = pikepdf.Array([0, 0, *TRIM])
    page.obj.BleedBox = pikepdf.Array([0, 0, *TRIM])
    page.obj.Resources = pikepdf.Dictionary(
        XObject=pikepdf.Dictionary(Im0=_image(pdf, mode, pixels, colour))
    )
    page.obj.Contents = pikepdf.Stream(pdf, content)
    pdf.docinfo["/GTS_PDFXVersion"] = "PDF/X-1a:2003"
    pdf.docinfo["/Trapped"] = pikepdf.Name("/False")
    if intent:
        profile = pikepdf.Stream(pdf, b"(a CMYK profile)", N=4)
        pdf.Root.OutputIntents = pikepdf.Array(
            [
                pikepdf.Dictionary(
                    Type=pikepdf.Name.OutputIntent,
                    S=pikepdf.Name.GTS_PDFX,
                    OutputConditionIdentifier="CGATS TR 001",
                    DestOutputProfile=profile,
                )
            ]
        )
    pdf.save(path)
    return path


def weasyprint_pdf(path: Path, body: str, css: str = "") -> Path:
    style = "@page { size: 6in 9in; margin: 0.75in }" + css
    weasyprint.HTML(string=f"<html lang='en'><body>{body}</body></html>").write_pdf(
        path, stylesheets=[weasyprint.CSS(string=style)]
    )
    return path


def test_a_clean_cmyk_file_passes_every_rule(tmp_path: Path) -> None:
    report = pdfx_preflight(make_cmyk_pdf(tmp_path / "good.pdf"), "x-1a", trim=TRIM)
    assert report.errors == [] and report.warnings == []
    assert len(report.notes) == 7  # every rule said pass


def test_an_rgb_image_fails_the_colour_rule(tmp_path: Path) -> None:
    pdf = make_cmyk_pdf(tmp_path / "rgb.pdf", mode="RGB", colour=(200, 30, 30))
    report = pdfx_preflight(pdf, "x-1a")
    assert _failed(report.errors) == {"no RGB colour"}
    assert "page 1: RGB image /Im0" in report.errors[0]


def test_a_transparent_png_fails_x1a_but_not_its_colour_alone(tmp_path: Path) -> None:
    picture = Image.new("RGBA", (600, 600), (0, 0, 0, 128))
    data = io.BytesIO()
    picture.save(data, "PNG")
    uri = "data:image/png;base64," + base64.b64encode(data.getvalue()).decode()
    pdf = weasyprint_pdf(tmp_path / "alpha.pdf", f'<img src="{uri}" style="width: 2in">')
    x1a = pdfx_preflight(pdf, "x-1a")
    assert "no transparency" in _failed(x1a.errors)
    assert any("soft mask" in error for error in x1a.errors)
    x4 = pdfx_preflight(pdf, "x-4")
    assert "no transparency" not in _failed(x4.errors)  # X-4 allows live transparency


def test_350_percent_ink_fails_in_a_colour_and_in_an_image(tmp_path: Path) -> None:
    heavy = pdfx_preflight(make_cmyk_pdf(tmp_path / "k.pdf", fill="0.9 0.9 0.9 0.8 k"), "x-1a")
    assert _failed(heavy.errors) == {"total ink at most 300%"}
    assert "page 1: 350%" in heavy.errors[0]
    pixels = make_cmyk_pdf(tmp_path / "im.pdf", colour=(230, 230, 230, 200))
    assert _failed(pdfx_preflight(pixels, "x-1a").errors) == {"total ink at most 300%"}


@pytest.mark.parametrize(("pixels", "fails", "warns"), [(100, True, True), (500, False, True)])
def test_a_low_resolution_image_fails_or_warns(
    tmp_path: Path, pixels: int, fails: bool, warns: bool
) -> None:
    report = pdfx_preflight(make_cmyk_pdf(tmp_path / "low.pdf", pixels=pixels), "x-1a")
    assert ("image resolution" in _failed(report.errors)) is fails
    assert bool(report.warnings) is (warns and not fails)
    assert f"{pixels // 2} ppi" in (report.errors + report.warnings)[0]


def test_an_rgb_text_colour_fails(tmp_path: Path) -> None:
    pdf = weasyprint_pdf(tmp_path / "text.pdf", "<p style='color: rgb(200, 0, 0)'>Red</p>")
    assert "no RGB colour" in _failed(pdfx_preflight(pdf, "x-1a").errors)


def test_a_missing_output_intent_fails(tmp_path: Path) -> None:
    report = pdfx_preflight(make_cmyk_pdf(tmp_path / "bare.pdf", intent=False), "x-1a")
    assert _failed(report.errors) == {"PDF/X version and output intent"}
    assert "no PDF/X output intent" in report.errors[0]
    wrong = pdfx_preflight(make_cmyk_pdf(tmp_path / "x4.pdf"), "x-4")
    assert "GTS_PDFXVersion is PDF/X-1a:2003, not PDF/X-4" in wrong.errors[0]


def test_check_runs_it_on_request(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from presswork.cli.main import main

    good = make_cmyk_pdf(tmp_path / "good.pdf")
    bad = make_cmyk_pdf(tmp_path / "bad.pdf", mode="RGB", colour=(1, 2, 3))
    main(["check", "--pdfx", "x-1a", str(good), str(bad)])
    out = capsys.readouterr().out
    assert f"PASS {good} (PDF/X-1a preflight)" in out
    assert f"FAIL {bad} (PDF/X-1a preflight)" in out
