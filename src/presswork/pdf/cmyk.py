"""CMYK for print editions that go to a press: stylesheet colours and raster images.

WeasyPrint writes a `device-cmyk()` colour as DeviceCMYK but converts nothing itself, so a
CMYK edition's stylesheets and images are converted before layout. Neutral colours become
black ink alone (a grey of four inks shifts on press and blurs text when the plates are
out of register); other colours go through the output profile with littleCMS (Pillow's
ImageCms), so what prints is what the profile says the sRGB colour looks like. Alpha is
composited onto white paper: PDF/X-1a forbids transparency.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import tinycss2
import tinycss2.color4
from PIL import Image, ImageCms
from tinycss2.ast import Declaration, FunctionBlock, Node

from presswork.errors import PressworkError

PROFILE_ENV = "PRESSWORK_CMYK_PROFILE"
PROFILE_NAME = "FOGRA39-presswork.icc"
JPEG_QUALITY = 95
COLOUR_PROPERTIES = (
    "color",
    "background",
    "border",
    "outline",
    "text-decoration",
    "column-rule",
    "fill",
    "stroke",
    "box-shadow",
    "text-shadow",
)
"""Declarations whose values may hold a colour (by prefix): an ident elsewhere, such as a
font family called "Red", is never a colour."""

CMYK = tuple[float, float, float, float]


def profile_path() -> Path:
    """The CMYK output profile scripts/cmyk-profile built (or the one PRESSWORK_CMYK_PROFILE
    names)."""
    named = os.environ.get(PROFILE_ENV)
    data = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    path = Path(named) if named else data / "presswork" / PROFILE_NAME
    if not path.is_file():
        raise PressworkError(
            f"no CMYK output profile at {path}",
            hint="run scripts/cmyk-profile (make does, through scripts/system-deps), "
            f"or set {PROFILE_ENV} to a CMYK ICC profile",
        )
    return path


@dataclass(frozen=True)
class Converter:
    """sRGB to the output profile's CMYK, perceptual intent (images and colours alike)."""

    profile: Path
    black: tuple[int, ...] = field(init=False, repr=False)
    """Grey level (0-255) to black ink (0-255), so that a grey printed in black alone is as
    much darker than the paper as it is darker than white on screen: the profile's own
    black ramp decides, as the measured press prints it, not K = 1 - grey."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "black", self._black_curve())

    def _black_curve(self) -> tuple[int, ...]:
        lab = ImageCms.createProfile("LAB")
        ramp = Image.frombytes("CMYK", (256, 1), bytes(b for k in range(256) for b in (0, 0, 0, k)))
        to_lab = ImageCms.buildTransform(
            ImageCms.getOpenProfile(str(self.profile)),
            lab,
            "CMYK",
            "LAB",
            renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        )
        inks = ImageCms.applyTransform(ramp, to_lab)
        greys = ImageCms.applyTransform(
            Image.frombytes("RGB", (256, 1), bytes(v for g in range(256) for v in (g, g, g))),
            ImageCms.buildTransform(ImageCms.createProfile("sRGB"), lab, "RGB", "LAB"),
        )
        assert inks is not None and greys is not None
        ink_l = [inks.getpixel((k, 0))[0] for k in range(256)]  # type: ignore[index]
        paper, solid = ink_l[0], ink_l[255]
        curve = []
        for grey in range(256):
            darkness = 1 - greys.getpixel((grey, 0))[0] / 255  # type: ignore[index]
            target = paper - darkness * (paper - solid)
            curve.append(next((k for k in range(256) if ink_l[k] <= target), 255))
        return tuple(curve)

    def _transform(self, mode: str) -> ImageCms.ImageCmsTransform:
        output = ImageCms.getOpenProfile(str(self.profile))
        return ImageCms.buildTransform(
            ImageCms.createProfile("sRGB"),
            output,
            mode,
            "CMYK",
            renderingIntent=ImageCms.Intent.PERCEPTUAL,
        )

    def colour(self, red: float, green: float, blue: float, alpha: float = 1.0) -> CMYK:
        """One sRGB colour (0-1 channels) on white paper, as CMYK fractions."""
        red, green, blue = (alpha * c + (1 - alpha) for c in (red, green, blue))
        if max(red, green, blue) - min(red, green, blue) < 1 / 255:
            grey = round((red + green + blue) / 3 * 255)
            return (0.0, 0.0, 0.0, round(self.black[grey] / 255, 3))
        pixel = Image.new("RGB", (1, 1), tuple(round(c * 255) for c in (red, green, blue)))
        cmyk = ImageCms.applyTransform(pixel, self._transform("RGB"))
        assert cmyk is not None
        values = cmyk.getpixel((0, 0))
        assert isinstance(values, tuple)
        return tuple(round(v / 255, 3) for v in values)  # type: ignore[return-value]

    def image(self, data: bytes) -> bytes:
        """A raster image as a CMYK JPEG: alpha onto white, greys as black ink only."""
        with Image.open(io.BytesIO(data)) as source:
            if source.format == "JPEG" and source.mode == "CMYK":
                return data  # CMYK already, made for a press: kept as it is
            source.load()
            image = _on_white(source)
        if image.mode == "L":
            black = image.point(list(self.black))
            empty = Image.new("L", image.size, 0)
            cmyk = Image.merge("CMYK", (empty, empty, empty, black))
        else:
            converted = ImageCms.applyTransform(image, self._transform("RGB"))
            assert converted is not None
            cmyk = converted
        out = io.BytesIO()
        cmyk.save(out, "JPEG", quality=JPEG_QUALITY, dpi=source.info.get("dpi", (300, 300)))
        return out.getvalue()

    def stylesheet(self, text: str) -> str:
        """`text` with every colour of a colour property written as device-cmyk()."""
        rules = tinycss2.parse_stylesheet(text)
        self._rules(rules)
        return str(tinycss2.serialize(rules))

    def _rules(self, rules: Iterable[Node]) -> None:
        for rule in rules:
            if rule.type not in ("qualified-rule", "at-rule") or rule.content is None:
                continue
            if rule.type == "at-rule" and getattr(rule, "lower_at_keyword", "") in (
                "media",
                "supports",
            ):
                nested = tinycss2.parse_rule_list(rule.content)
                self._rules(nested)
                rule.content = _tokens(nested)
                continue
            items = tinycss2.parse_blocks_contents(rule.content)
            for item in items:
                if isinstance(item, Declaration) and item.lower_name.startswith(COLOUR_PROPERTIES):
                    item.value = [self._token(token) for token in item.value]
                elif not isinstance(item, Declaration):
                    self._rules([item])
            rule.content = _tokens(items)

    def _token(self, token: Node) -> Node:
        parsed = tinycss2.color4.parse_color(token)
        if not isinstance(parsed, tinycss2.color4.Color):
            return token  # not a colour, currentcolor, or device-cmyk() already
        red, green, blue = (min(1.0, max(0.0, c)) for c in parsed.to("srgb").coordinates)
        cmyk = self.colour(red, green, blue, parsed.alpha)
        text = " ".join(f"{round(v * 100, 1):g}%" for v in cmyk)
        function = tinycss2.parse_one_component_value(f"device-cmyk({text})")
        assert isinstance(function, FunctionBlock)
        return function


def _on_white(image: Image.Image) -> Image.Image:
    """The image flattened onto white paper, in L for greys and RGB otherwise."""
    if image.mode in ("1", "L", "I;16", "I") and "transparency" not in image.info:
        return image.convert("L")
    if image.mode == "CMYK":
        image = image.convert("RGB")
    rgba = image.convert("RGBA")
    paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    flat = Image.alpha_composite(paper, rgba).convert("RGB")
    return flat.convert("L") if image.mode in ("LA", "L") else flat


def _tokens(items: Iterable[Node]) -> list[Node]:
    """Rules or declarations back to the tokens of a block's content."""
    text = "".join(
        item.serialize() + (";" if isinstance(item, Declaration) else "") for item in items
    )
    return list(tinycss2.parse_component_value_list(text))
