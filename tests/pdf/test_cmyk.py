"""CMYK conversion (pdf/cmyk.py) against the profile scripts/cmyk-profile builds, and a page
WeasyPrint lays out from converted CSS and images, read back by the PDF/X preflight."""

from __future__ import annotations

import base64
import io
import math
from pathlib import Path

import pytest
import weasyprint
from PIL import Image, ImageCms

from presswork.errors import PressworkError
from presswork.pdf.cmyk import Converter, profile_path
from presswork.pdf.pdfx_preflight import pdfx_preflight


@pytest.fixture(scope="module")
def converter() -> Converter:
    return Converter(profile_path())


def _png(mode: str, colour: tuple[int, ...]) -> bytes:
    out = io.BytesIO()
    Image.new(mode, (40, 40), colour).save(out, "PNG")
    return out.getvalue()


def test_neutral_colours_are_black_ink_alone(converter: Converter) -> None:
    assert converter.colour(0, 0, 0) == (0, 0, 0, 1.0)
    assert converter.colour(1, 1, 1) == (0, 0, 0, 0)
    greys = [converter.colour(g / 10, g / 10, g / 10) for g in range(11)]
    assert all(c == m == y == 0 for c, m, y, _ in greys)
    blacks = [k for *_, k in greys]
    assert blacks == sorted(blacks, reverse=True) and len(set(blacks)) == 11


def test_greys_follow_the_profiles_black_ramp(converter: Converter) -> None:
    # The measured press gains dots: a mid grey needs a K the profile decides, not 50%.
    mid = converter.colour(0.5, 0.5, 0.5)[3]
    assert 0.3 < mid < 0.7 and mid != 0.5
    assert converter.black[0] == 255 and converter.black[255] == 0


def test_a_colour_goes_through_the_profile_within_the_ink_limit(converter: Converter) -> None:
    navy = converter.colour(0x1D / 255, 0x2B / 255, 0x3A / 255)
    assert navy[0] > navy[1] > navy[2] and navy[3] > 0.5  # cyan-led, mostly black
    assert sum(navy) <= 3.0
    red = converter.colour(1, 0, 0)
    assert red[0] < 0.05 and red[1] > 0.8 and red[2] > 0.8


def test_alpha_is_composited_onto_white(converter: Converter) -> None:
    assert converter.colour(0, 0, 0, 0.25) == converter.colour(0.75, 0.75, 0.75)


def test_only_colour_properties_are_converted(converter: Converter) -> None:
    css = converter.stylesheet(
        "@media print { a { color: red; font-family: Red } }"
        "@page { background: #777; @top-center { color: rgb(0 0 0) } }"
    )
    assert "font-family: Red" in css and "red" not in css.replace("Red", "")
    assert "device-cmyk(0% 0% 0% " in css and "device-cmyk(0% 0% 0% 100%)" in css
    assert "#" not in css and "rgb" not in css


def test_images_become_cmyk_jpegs_flattened_onto_white(converter: Converter) -> None:
    faded = Image.open(io.BytesIO(converter.image(_png("LA", (0, 128)))))
    assert faded.format == "JPEG" and faded.mode == "CMYK"
    assert faded.getpixel((5, 5))[:3] == (0, 0, 0)  # a grey over white: black ink only
    grey = Image.open(io.BytesIO(converter.image(_png("L", (64,)))))
    assert grey.mode == "CMYK" and grey.getpixel((5, 5))[:3] == (0, 0, 0)
    assert abs(grey.getpixel((5, 5))[3] - converter.black[64]) <= 2
    red = Image.open(io.BytesIO(converter.image(_png("RGB", (255, 0, 0)))))
    assert red.getpixel((5, 5))[1] > 200


def test_a_converted_page_has_no_rgb_and_no_transparency(
    converter: Converter, tmp_path: Path
) -> None:
    pictures = [_png("RGBA", (200, 30, 30, 100)), _png("RGB", (20, 90, 200)), _png("L", (90,))]
    body = "".join(
        f'<img src="data:image/jpeg;base64,{base64.b64encode(converter.image(p)).decode()}" '
        'style="width: 0.1in">'
        for p in pictures
    )
    css = converter.stylesheet(
        "@page { size: 6in 9in; margin: 0.75in } html { color: #000 }"
        "p { border-bottom: 1pt solid #c9a25a; background: #f3f1ec; color: #555 }"
    )
    target = tmp_path / "page.pdf"
    weasyprint.HTML(string=f"<html lang='en'><body><p>Ink</p>{body}</body></html>").write_pdf(
        target, stylesheets=[weasyprint.CSS(string=css)]
    )
    report = pdfx_preflight(target, "x-1a", trim=(432.0, 648.0))
    failed = {error.split(":", 1)[0] for error in report.errors}
    assert not failed & {"no RGB colour", "no transparency", "total ink"}, report.errors


def test_a_missing_profile_is_a_located_problem(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PRESSWORK_CMYK_PROFILE", str(tmp_path / "none.icc"))
    with pytest.raises(PressworkError, match="no CMYK output profile") as caught:
        profile_path()
    assert "scripts/cmyk-profile" in (caught.value.hint or "")


@pytest.mark.parametrize(
    "colour", ["#1d2b3a", "#c9a25a", "#cc3333", "#2266aa", "#33aa55", "#f4efe4"]
)
def test_in_gamut_colours_print_as_they_look(converter: Converter, colour: str) -> None:
    # What the profile says the converted inks look like on paper, against the sRGB colour.
    lab = ImageCms.createProfile("LAB")
    rgb = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    cmyk = converter.colour(*(c / 255 for c in rgb))
    inks = Image.new("CMYK", (1, 1), tuple(round(v * 255) for v in cmyk))
    printed = ImageCms.applyTransform(
        inks,
        ImageCms.buildTransform(
            ImageCms.getOpenProfile(str(converter.profile)), lab, "CMYK", "LAB"
        ),
    )
    shown = ImageCms.applyTransform(
        Image.new("RGB", (1, 1), rgb),
        ImageCms.buildTransform(ImageCms.createProfile("sRGB"), lab, "RGB", "LAB"),
    )
    assert printed is not None and shown is not None
    a, b = (
        (lum * 100 / 255, x - 128, y - 128)
        for lum, x, y in (printed.getpixel((0, 0)), shown.getpixel((0, 0)))  # type: ignore[misc]
    )
    assert math.dist(a, b) < 2.0
