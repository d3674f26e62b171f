"""A press edition's inputs in CMYK (pdf/cmyk_theme.py): the theme's copy, the images served
to WeasyPrint in place of the files, and what the fetcher hands over."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pikepdf
import tinycss2
import tinycss2.color4
import weasyprint
from PIL import Image

from conftest import FIXTURES
from presswork.manuscript.config import Edition, PrintSettings
from presswork.manuscript.load import load_manuscript
from presswork.manuscript.model import Book
from presswork.manuscript.parse import parse_book
from presswork.pdf.cmyk_theme import OUTPUT_INTENT, cmyk_theme, print_assets, sheet_names
from presswork.pdf.fetcher import LockedURLFetcher
from presswork.pdf.join import join
from presswork.pdf.join_profiles import share_profiles
from presswork.pdf.part_plan import EditionParts
from presswork.pdf.stylesheets import print_stylesheets
from presswork.theme.styles import PRINT_STYLESHEETS, default_styles

PRESS = PrintSettings(color="cmyk", pdfx="x-1a", links=False)


def _book(tmp_path: Path) -> Book:
    root = tmp_path / "press-images"
    shutil.copytree(FIXTURES / "press-images", root)
    config, sources = load_manuscript(root)
    return parse_book(config, root, sources, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))


def _colours(css: str) -> list[str]:
    """Every RGB (or named, hsl...) colour left in a stylesheet (an @color-profile's
    `components` names inks, not colours)."""
    found = []
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    todo = [rule for rule in rules if getattr(rule, "lower_at_keyword", "") != "color-profile"]
    while todo:
        token = todo.pop()
        colour = tinycss2.color4.parse_color(token)
        if isinstance(colour, tinycss2.color4.Color):
            found.append(tinycss2.serialize([token]))
        todo += getattr(token, "content", None) or getattr(token, "arguments", None) or []
    return found


def test_the_theme_copy_is_cmyk_with_its_profile_and_sheet_first(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    shutil.copytree(default_styles(), theme)
    (theme / "stale.css").write_text("p { color: red }", encoding="utf-8")
    press = cmyk_theme(theme)
    assert press != theme and (press / OUTPUT_INTENT).is_file()
    assert not (theme / OUTPUT_INTENT).exists()  # the RGB theme is left alone
    for sheet in press.glob("*.css"):
        assert _colours(sheet.read_text("utf-8")) == [], sheet.name
    assert _colours((theme / "base.css").read_text("utf-8"))  # the original had colours
    assert sheet_names(press, PRINT_STYLESHEETS) == ("cmyk.css", *PRINT_STYLESHEETS)
    assert sheet_names(theme, PRINT_STYLESHEETS) == PRINT_STYLESHEETS
    (theme / "stale.css").unlink()
    assert not (cmyk_theme(theme) / "stale.css").exists()  # made afresh each build


def test_images_are_served_as_cmyk_only_to_a_cmyk_edition(tmp_path: Path) -> None:
    book = _book(tmp_path)
    assert print_assets(book, PrintSettings()) == {}  # nothing of it needs cleaning
    served = print_assets(book, PRESS)
    names = {"sky.jpg", "badge.png", "greys.png", "chart.svg", "grad.svg"}
    assert {path.name for path in served} == names
    for path, data in served.items():
        if path.name == "chart.svg":  # vectors, in ink (the gradient is a picture)
            assert b"device-cmyk(" in data
            continue
        with Image.open(io.BytesIO(data)) as picture:
            assert (picture.format, picture.mode) == ("JPEG", "CMYK")


def test_the_pdf_holds_the_served_bytes_not_the_file(tmp_path: Path) -> None:
    # WeasyPrint reads a raster again from a file: response's path; the fetcher's
    # response has none, so what is embedded is what was served.
    book = _book(tmp_path)
    served = print_assets(book, PRESS)
    sky = next(path for path in served if path.name == "sky.jpg")
    html = weasyprint.HTML(
        string=f'<img src="{sky.as_uri()}" style="width: 1in">',
        url_fetcher=LockedURLFetcher([book.root], served),
    )
    target = tmp_path / "sky.pdf"
    html.write_pdf(target)
    with pikepdf.open(target) as pdf:
        (image,) = pdf.pages[0].get_images().values()
        assert image.ColorSpace == "/DeviceCMYK"
        with Image.open(io.BytesIO(image.read_raw_bytes())) as picture:
            assert picture.mode == "CMYK"


def test_parts_embed_one_profile_and_the_join_keeps_one_copy(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    shutil.copytree(default_styles(), theme)
    sheets = print_stylesheets(cmyk_theme(theme), "@page { size: 4in 4in }")
    assert set(sheets.profiles) == {"device-cmyk"}
    parts = []
    for number in range(3):  # one worker's sheets laying several parts out
        part = tmp_path / f"part{number}.pdf"
        sheets.render(weasyprint.HTML(string=f"<p>Part {number}</p>")).write_pdf(
            part, pdf_variant="pdf/x-1a"
        )
        parts.append(part)
    profiles = set()
    for part in parts:
        with pikepdf.open(part) as pdf:
            profiles.add(pdf.Root.OutputIntents[0].DestOutputProfile.read_bytes())
    assert len(profiles) == 1  # the same bytes from every document
    joined = tmp_path / "book.pdf"
    join(parts, joined, strip=True)
    with pikepdf.open(joined) as pdf:
        icc = [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and "/N" in o]
        assert len(icc) == 1 and pdf.pdf_version == "1.4"
        share_profiles(pdf)  # a second pass finds nothing more to share
        assert pdf.Root.OutputIntents[0].DestOutputProfile.objgen == icc[0].objgen


def test_a_part_is_served_its_images_whatever_their_names(tmp_path: Path) -> None:
    # The print HTML writes `src` URL-quoted: a folder with a space, or a Chinese file
    # name, must still find its converted (or cleaned) bytes.
    root = FIXTURES / "subfolders"
    config, sources = load_manuscript(root)
    book = parse_book(config, root, sources, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    plan = EditionParts(book, default_styles(), "", Edition("p", PRESS), PRESS, (), None, False)
    job = plan.job_for('<img src="pics%20dir/shape.svg"><img src="pics%20dir/My%20Photo.PNG">')
    assert sorted(path.name for path, _ in job.cleaned) == ["My Photo.PNG", "shape.svg"]
