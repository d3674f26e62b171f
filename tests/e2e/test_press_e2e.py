"""CMYK editions built for real (the press-images fixture: a photo, a transparent PNG, a
greyscale strip and an SVG chart; the recap's ingram edition) and read back: every PDF/X
rule passes, the images are CMYK data, and the pages look like the RGB edition's when
rendered through the output profile."""

from __future__ import annotations

import io
import math
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
from PIL import Image, ImageCms

from conftest import FIXTURES, pdf_of
from presswork.build import BuildResult, build
from presswork.errors import PressworkError
from presswork.pdf.cmyk import profile_path
from presswork.pdf.pdfx_preflight import Variant, pdfx_preflight

pytestmark = pytest.mark.slow
TRIM, BLEED = (432.0, 648.0), 9.0


@pytest.mark.parametrize(("edition", "variant"), [("x1a", "x-1a"), ("x4", "x-4")])
def test_the_fixture_passes_every_pdfx_rule(
    built: dict[str, BuildResult], edition: str, variant: Variant
) -> None:
    report = pdfx_preflight(pdf_of(built, "press-images", edition), variant, TRIM, BLEED)
    assert report.ok, report.errors + report.warnings
    assert len(report.notes) == (7 if variant == "x-1a" else 6)  # every rule ran and passed


def test_the_same_book_in_rgb_fails_the_colour_and_transparency_rules(
    built: dict[str, BuildResult],
) -> None:
    report = pdfx_preflight(pdf_of(built, "press-images", "rgb"), "x-1a", TRIM)
    failed = {error.split(":", 1)[0] for error in report.errors}
    assert {"no RGB colour", "no transparency", "PDF/X version and output intent"} <= failed


def test_the_cover_of_a_pdfx_edition_is_pdfx_too(built: dict[str, BuildResult]) -> None:
    cover = next(p for p in built["press-images"].outputs if p.name.endswith("x1a-cover.pdf"))
    with pikepdf.open(cover) as pdf:
        trim = [float(v) for v in pdf.pages[0].TrimBox]
    report = pdfx_preflight(cover, "x-1a", (trim[2] - trim[0], trim[3] - trim[1]), BLEED)
    assert report.ok, report.errors + report.warnings


def test_every_image_is_cmyk_data_with_no_mask(built: dict[str, BuildResult]) -> None:
    with pikepdf.open(pdf_of(built, "press-images", "x1a")) as pdf:
        images = [image for page in pdf.pages for image in page.get_images().values()]
        assert len(images) == 4  # the chart stays vectors; the gradient is a picture
        for image in images:
            assert image.ColorSpace == "/DeviceCMYK" and "/SMask" not in image
            with Image.open(io.BytesIO(image.read_raw_bytes())) as picture:
                assert picture.mode == "CMYK"
        assert sum(isinstance(o, pikepdf.Stream) and "/N" in o for o in pdf.objects) == 1


def test_the_recaps_ingram_edition_passes_every_pdfx_rule(built: dict[str, BuildResult]) -> None:
    report = pdfx_preflight(pdf_of(built, "recap", "ingram"), "x-1a", TRIM)
    assert report.ok, report.errors + report.warnings


Lab = tuple[float, float, float]


def _lab_blocks(pdf: Path, page: int, cmyk: bool, crop: float, folder: Path) -> list[Lab]:
    """The page rendered at 20 dpi, in Lab, averaged over 5 x 5 pixel blocks (a quarter
    inch): CMYK by poppler through the output profile, as a proofing screen shows it; RGB
    by PDFium (poppler draws WeasyPrint's SVG gradients as a few dots)."""
    if cmyk:
        srgb = folder / "sRGB.icc"
        srgb.write_bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
        extra = ["-defaultcmykprofile", str(profile_path()), "-displayprofile", str(srgb)]
        prefix = folder / f"{pdf.stem}-{page}"
        command = ["pdftoppm", "-r", "20", "-f", str(page), "-l", str(page), "-png", *extra]
        subprocess.run([*command, pdf, prefix], check=True)
        (png,) = folder.glob(f"{prefix.name}-*.png")
        picture = Image.open(png).convert("RGB")
    else:
        document = pypdfium2.PdfDocument(pdf)
        try:
            picture = document[page - 1].render(scale=20 / 72).to_pil().convert("RGB")
        finally:
            document.close()
    edge = round(crop * 20)
    picture = picture.crop((edge, edge, picture.width - edge, picture.height - edge))
    picture = picture.resize((picture.width // 5, picture.height // 5), Image.Resampling.BOX)
    to_lab = ImageCms.buildTransform(
        ImageCms.createProfile("sRGB"), ImageCms.createProfile("LAB"), "RGB", "LAB"
    )
    lab = ImageCms.applyTransform(picture, to_lab)
    assert lab is not None
    return [(lum * 100 / 255, a - 128, b - 128) for lum, a, b in lab.get_flattened_data()]


@pytest.mark.parametrize("page", [7, 8, 9, 10])  # photo; badge and greys; chart; gradient
def test_cmyk_pages_look_like_the_rgb_ones(
    built: dict[str, BuildResult], page: int, tmp_path: Path
) -> None:
    rgb = _lab_blocks(pdf_of(built, "press-images", "rgb"), page, False, 0, tmp_path)
    cmyk = _lab_blocks(pdf_of(built, "press-images", "x1a"), page, True, 0.125, tmp_path)
    differences = sorted(
        math.dist(a, b) for a, b in zip(rgb, cmyk, strict=True) if a[0] < 95 or b[0] < 95
    )
    assert len(differences) > 100  # the pictures are there
    median = differences[len(differences) // 2]
    assert median < 8, f"median colour difference {median:.1f}"


@pytest.mark.allow_warnings  # the thumbnail's resolution, warned before the preflight fails
def test_every_failing_edition_is_reported_and_nothing_is_replaced(tmp_path: Path) -> None:
    manuscript = tmp_path / "press"
    shutil.copytree(FIXTURES / "press-images", manuscript)
    out = tmp_path / "out"
    out.mkdir()
    previous = out / "press-images-x1a.pdf"
    previous.write_bytes(b"the previous build")
    Image.new("RGB", (60, 40), (20, 90, 200)).save(manuscript / "images" / "thumb.png")
    with (manuscript / "02-drawings.md").open("a", encoding="utf-8") as chapter:
        chapter.write("\n![A blue thumbnail, far too small for print](images/thumb.png)\n")
    with pytest.raises(PressworkError) as caught:
        build(manuscript, out, ("pdf",), lambda _: None, editions=("x1a", "x4"))
    text = str(caught.value)
    assert "press-images-x1a.pdf fails the PDF/X-1a preflight" in text
    assert "press-images-x4.pdf fails the PDF/X-4 preflight" in text
    assert len(re.findall(r"image resolution: page \d+: /\w+ 96 ppi", text)) == 2
    assert previous.read_bytes() == b"the previous build"
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [previous.name]
