"""A PDF/X preflight (X-1a and X-4) read from the written PDF, each rule pass or fail with
the pages where it fails: what a printer's robot refuses before a file reaches the press.

Everything is read with pikepdf: every content stream (pages, the forms they draw,
annotation appearances) is walked with its transformation matrix, so a colour operator,
an image's colour space and its effective resolution where it is placed, a transparency
setting and a shading are each seen where they are used. Total ink is measured on
DeviceCMYK colours: each fill or stroke colour set in a content stream (c + m + y + k),
and each pixel of a CMYK image (the sum of its four channels), against 300%.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pikepdf
from PIL import Image, ImageMath

from presswork.checks import Report, unembedded_fonts

Variant = Literal["x-1a", "x-4"]
INK_LIMIT = 300.0
"""Total ink, in percent, no colour may exceed."""
PPI_FAIL, PPI_WARN = 200.0, 300.0
"""Effective resolution of a placed image: below the first fails, below the second warns."""
COMPONENTS = {"/DeviceGray": 1, "/DeviceRGB": 3, "/DeviceCMYK": 4}
RGB_SPACES = frozenset({"/DeviceRGB", "/CalRGB", "/Lab", "/DefaultRGB"})
VERSIONS = {"x-1a": "PDF/X-1a", "x-4": "PDF/X-4"}
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass
class Found:
    """What the walk of every content stream saw, by page (1-based)."""

    rgb: dict[int, set[str]] = field(default_factory=dict)
    transparency: dict[int, set[str]] = field(default_factory=dict)
    ink: dict[int, float] = field(default_factory=dict)
    images: list[tuple[int, str, float]] = field(default_factory=list)
    """(page, image name, effective ppi) for every placement."""

    def see(self, table: dict[int, set[str]], page: int, what: str) -> None:
        table.setdefault(page, set()).add(what)

    def spend(self, page: int, ink: float) -> None:
        """The most ink seen on the page so far (percent)."""
        self.ink[page] = max(self.ink.get(page, 0.0), ink)


def pdfx_preflight(
    path: Path, variant: Variant, trim: tuple[float, float] | None = None, bleed: float = 0.0
) -> Report:
    """Check `path` as a PDF/X-1a or X-4 file (trim and bleed in points, when given)."""
    report = Report(path, f"{VERSIONS[variant]} preflight")

    def rule(name: str, failures: list[str], warnings: Sequence[str] = ()) -> None:
        if failures:
            report.errors.append(f"{name}: " + "; ".join(failures[:8]))
        elif warnings:
            report.warnings.append(f"{name}: " + "; ".join(warnings[:8]))
        else:
            report.notes.append(f"pass {name}")

    with pikepdf.open(path) as pdf:
        found = Found()
        for number, page in enumerate(pdf.pages, 1):
            _walk_page(page, number, found)
        rule("no RGB colour", _by_page(found.rgb))
        if variant == "x-1a":
            rule("no transparency", _by_page(found.transparency))
        rule(
            "total ink at most 300%",
            [f"page {n}: {ink:.0f}%" for n, ink in sorted(found.ink.items()) if ink > INK_LIMIT],
        )
        rule(
            "image resolution",
            [f"page {n}: {name} {ppi:.0f} ppi" for n, name, ppi in found.images if ppi < PPI_FAIL],
            [f"page {n}: {name} {ppi:.0f} ppi" for n, name, ppi in found.images if ppi < PPI_WARN],
        )
        rule("fonts embedded", [f"not embedded: {name}" for name in unembedded_fonts(pdf)])
        rule("page boxes", list(_box_failures(pdf, trim, bleed)))
        rule("PDF/X version and output intent", list(_conformance_failures(pdf, variant)))
    return report


def _by_page(table: dict[int, set[str]]) -> list[str]:
    return [f"page {n}: {', '.join(sorted(what))}" for n, what in sorted(table.items())]


def _walk_page(page: pikepdf.Page, number: int, found: Found) -> None:
    _group(page.obj.get("/Group"), number, found)
    resources = page.obj.get("/Resources", pikepdf.Dictionary())
    _walk(page, resources, IDENTITY, number, found, set())
    for annotation in page.obj.get("/Annots", ()):
        appearance = annotation.get("/AP")
        normal = appearance.get("/N") if appearance is not None else None
        if isinstance(normal, pikepdf.Stream):
            _walk_form(normal, IDENTITY, number, found, set())


def _walk(
    stream: pikepdf.Page | pikepdf.Stream,
    resources: pikepdf.Object,
    ctm: Matrix,
    number: int,
    found: Found,
    seen: set[tuple[int, int]],
) -> None:
    """One content stream: colours, graphics states, shadings, images and forms drawn."""
    stack: list[Matrix] = []
    for instruction in pikepdf.parse_content_stream(stream):
        operands, op = instruction.operands, str(instruction.operator)
        if op == "q":
            stack.append(ctm)
        elif op == "Q" and stack:
            ctm = stack.pop()
        elif op == "cm":
            ctm = _times(tuple(float(v) for v in operands), ctm)  # type: ignore[arg-type]
        elif op in ("rg", "RG"):
            found.see(found.rgb, number, "DeviceRGB colour")
        elif op in ("k", "K"):
            found.spend(number, sum(float(v) for v in operands) * 100)
        elif op in ("cs", "CS"):
            space = _resource(resources, "/ColorSpace", operands[0])
            if _is_rgb(space if space is not None else operands[0]):
                found.see(found.rgb, number, f"colour space {operands[0]!s}")
        elif op == "gs":
            _graphics_state(_resource(resources, "/ExtGState", operands[0]), number, found)
        elif op == "sh":
            _shading(_resource(resources, "/Shading", operands[0]), number, found)
        elif op in ("scn", "SCN") and operands and isinstance(operands[-1], pikepdf.Name):
            pattern = _resource(resources, "/Pattern", operands[-1])
            if pattern is not None:
                _pattern(pattern, ctm, number, found, seen)
        elif op == "Do":
            target = _resource(resources, "/XObject", operands[0])
            if isinstance(target, pikepdf.Stream):
                _draw(target, str(operands[0]), ctm, number, found, seen)


def _pattern(
    pattern: pikepdf.Object, ctm: Matrix, number: int, found: Found, seen: set[tuple[int, int]]
) -> None:
    """A pattern painted with: a tiling pattern's cells are a form, a shading pattern's
    shading and graphics state are checked as if drawn."""
    if isinstance(pattern, pikepdf.Stream):
        _walk_form(pattern, ctm, number, found, seen)
        return
    _shading(pattern.get("/Shading"), number, found)
    _graphics_state(pattern.get("/ExtGState"), number, found)


def _shading(shading: pikepdf.Object | None, number: int, found: Found) -> None:
    """A shading's colour space, and colours that fit it (a function giving three values
    in DeviceCMYK draws RGB numbers as inks)."""
    if shading is None:
        return
    space = shading.get("/ColorSpace")
    if _is_rgb(space):
        found.see(found.rgb, number, "RGB shading")
    wanted = COMPONENTS.get(str(space)) if isinstance(space, pikepdf.Name) else None
    functions = [shading.get("/Function")]
    while functions:
        function = functions.pop()
        if isinstance(function, pikepdf.Dictionary | pikepdf.Stream):
            functions += list(function.get("/Functions", ()))
            given = function.get("/C0")
            if wanted and given is not None and len(given) != wanted:
                found.see(found.rgb, number, f"shading with {len(given)} colour values in {space}")


def _draw(
    xobject: pikepdf.Stream,
    name: str,
    ctm: Matrix,
    number: int,
    found: Found,
    seen: set[tuple[int, int]],
) -> None:
    if xobject.get("/Subtype") == "/Form":
        _walk_form(xobject, ctm, number, found, seen)
    elif xobject.get("/Subtype") == "/Image":
        _image(xobject, name, ctm, number, found)


def _walk_form(
    form: pikepdf.Stream, ctm: Matrix, number: int, found: Found, seen: set[tuple[int, int]]
) -> None:
    key = form.objgen
    if key in seen:  # a form drawing itself
        return
    matrix = tuple(float(v) for v in form.get("/Matrix", IDENTITY))
    _group(form.get("/Group"), number, found)
    resources = form.get("/Resources", pikepdf.Dictionary())
    _walk(form, resources, _times(matrix, ctm), number, found, seen | {key})  # type: ignore[arg-type]


def _group(group: pikepdf.Object | None, number: int, found: Found) -> None:
    """A page's or form's transparency group (and its blending colour space)."""
    if group is not None and group.get("/S") == "/Transparency":
        found.see(found.transparency, number, "transparency group")
        if _is_rgb(group.get("/CS")):
            found.see(found.rgb, number, "transparency group in RGB")


def _image(image: pikepdf.Stream, name: str, ctm: Matrix, number: int, found: Found) -> None:
    if image.get("/SMask") is not None or image.get("/Mask") is not None:
        found.see(found.transparency, number, f"soft mask on image {name}")
    space = image.get("/ColorSpace")
    if _is_rgb(space) or _jpeg_mode(image) in ("RGB", "YCbCr"):
        found.see(found.rgb, number, f"RGB image {name}")
    width = float(image.get("/Width", 0))
    placed = math.hypot(ctm[0], ctm[1]) / 72  # inches the image's width takes
    if width and placed:
        found.images.append((number, name, width / placed))
    if space == "/DeviceCMYK" and int(image.get("/BitsPerComponent", 8)) == 8:
        found.spend(number, _image_ink(image))


def _jpeg_mode(image: pikepdf.Stream) -> str | None:
    """The colour of a JPEG image's own data, whatever its dictionary says (a writer that
    labels RGB data DeviceCMYK prints it wrong)."""
    if image.get("/Filter") != pikepdf.Name.DCTDecode:
        return None
    try:
        with Image.open(io.BytesIO(image.read_raw_bytes())) as picture:
            return str(picture.mode)
    except (OSError, SyntaxError):
        return "unreadable"


def _image_ink(image: pikepdf.Stream) -> float:
    """The most ink any pixel of a CMYK image puts down, in percent."""
    picture = pikepdf.PdfImage(image).as_pil_image()
    if picture.mode != "CMYK":
        return 0.0
    c, m, y, k = (band.convert("I") for band in picture.split())
    total = ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"], c=c, m=m, y=y, k=k)
    return float(total.getextrema()[1]) / 255 * 100


def _graphics_state(state: object, number: int, found: Found) -> None:
    if not isinstance(state, pikepdf.Dictionary):
        return
    for key in ("/CA", "/ca"):
        if key in state and float(state[key]) < 1:
            found.see(found.transparency, number, f"constant alpha {float(state[key]):g}")
    blend = state.get("/BM")
    if blend is not None and str(blend) not in ("/Normal", "/Compatible"):
        found.see(found.transparency, number, f"blend mode {blend!s}")
    mask = state.get("/SMask")
    if mask is not None and mask != pikepdf.Name("/None"):
        found.see(found.transparency, number, "soft mask")


def _is_rgb(space: object) -> bool:
    """A colour space that holds RGB: by name, as ICC with 3 components, or as the base
    (or alternate) of an indexed, separation or DeviceN space."""
    if space is None:
        return False
    if isinstance(space, pikepdf.Name):
        return str(space) in RGB_SPACES
    if isinstance(space, pikepdf.Array) and len(space):
        family = str(space[0])
        if family in RGB_SPACES:
            return True
        if family == "/ICCBased":
            return int(space[1].get("/N", 0)) == 3
        if family == "/Indexed":
            return _is_rgb(space[1])
        if family in ("/Separation", "/DeviceN"):
            return _is_rgb(space[2])
    return False


def _resource(resources: pikepdf.Object, kind: str, name: object) -> pikepdf.Object | None:
    table = resources.get(kind)
    if table is None or not isinstance(name, pikepdf.Name):
        return None
    return table.get(name)


def _times(a: Matrix, b: Matrix) -> Matrix:
    """The matrix a x b (a applied first), as PDF composes `cm` with the current matrix."""
    return (
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    )


def _box_failures(
    pdf: pikepdf.Pdf, trim: tuple[float, float] | None, bleed: float
) -> Iterator[str]:
    for number, page in enumerate(pdf.pages, 1):
        media = [float(v) for v in page.obj["/MediaBox"]]
        if "/TrimBox" not in page.obj:
            yield f"page {number}: no TrimBox"
            continue
        box = [float(v) for v in page.obj["/TrimBox"]]
        bleed_box = [float(v) for v in page.obj.get("/BleedBox", page.obj["/MediaBox"])]
        if not (_holds(bleed_box, box) and _holds(media, bleed_box)):
            yield f"page {number}: BleedBox does not hold the TrimBox inside the MediaBox"
        if trim and (abs(box[2] - box[0] - trim[0]) > 0.5 or abs(box[3] - box[1] - trim[1]) > 0.5):
            yield f"page {number}: TrimBox {box[2] - box[0]:.1f} x {box[3] - box[1]:.1f} pt"
        if bleed and abs(box[0] - bleed_box[0] - bleed) > 0.5:
            yield f"page {number}: bleed {(box[0] - bleed_box[0]) / 72:.3f} in"


def _holds(outer: list[float], inner: list[float]) -> bool:
    """Box `outer` (x0 y0 x1 y1) holds `inner`, half a point either way."""
    return (
        outer[0] <= inner[0] + 0.5
        and outer[1] <= inner[1] + 0.5
        and outer[2] >= inner[2] - 0.5
        and outer[3] >= inner[3] - 0.5
    )


def _conformance_failures(pdf: pikepdf.Pdf, variant: Variant) -> Iterator[str]:
    wanted = VERSIONS[variant]
    version = str(pdf.docinfo.get("/GTS_PDFXVersion", ""))
    if not version:
        with pdf.open_metadata() as meta:
            version = str(meta.get("pdfxid:GTS_PDFXVersion", ""))
    if not version.startswith(wanted):
        yield f"GTS_PDFXVersion is {version or 'missing'}, not {wanted}"
    if variant == "x-1a" and str(pdf.docinfo.get("/Trapped", "")) not in ("/True", "/False"):
        yield "Trapped is not set to True or False"
    intents = [i for i in pdf.Root.get("/OutputIntents", ()) if i.get("/S") == "/GTS_PDFX"]
    if not intents:
        yield "no PDF/X output intent"
        return
    profile = intents[0].get("/DestOutputProfile")
    if not isinstance(profile, pikepdf.Stream) or int(profile.get("/N", 0)) != 4:
        yield "the output intent's profile is not a CMYK ICC profile"
