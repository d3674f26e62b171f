"""Check every image the text shows: it must be a file inside the manuscript folder.

A missing or escaping image is an error located at its line, found while parsing, so no back
end ever asks for a file that is not there (WeasyPrint would only log it, and EPUBCheck
would only report it after the book was written).
"""

from __future__ import annotations

import base64
import posixpath
from functools import partial
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urlsplit

from lxml import etree

from presswork.errors import PressworkError, line_of
from presswork.manuscript.files import manuscript_file
from presswork.manuscript.svg import clean_svg
from presswork.manuscript.transforms import ParseState

DATA_IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml"}
IMAGE_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
}


def resolve_asset(
    root: Path,
    reference: str,
    source: Path,
    text: str,
    candidates: list[str] | None = None,
    line: int | None = None,
) -> str | None:
    """Manuscript-relative POSIX path of `reference` (None for an inline `data:` image), or a
    located error saying why the image cannot be used (at `line`, else where the text first
    has it)."""
    if line is None and reference:
        line = line_of(text, reference)
    parts = urlsplit(reference)
    scheme = parts.scheme.lower()
    if scheme == "data":
        if reference[5:].split(";")[0].split(",")[0].lower() not in DATA_IMAGE_TYPES:
            raise PressworkError(
                "a data: URL in an image must hold an image",
                source,
                line,
                hint="use data:image/png;base64,... or a file in images/",
            )
        return None
    _refuse_remote(reference, source, line)
    relative = unquote(parts.path)
    readings = candidates or [relative]
    existing = [r for r in readings if (root / r).resolve().is_file()]
    target = (root / (existing[0] if existing else readings[0])).resolve()
    if not target.is_relative_to(root.resolve()):
        raise PressworkError(
            f"image {reference!r} lies outside the manuscript folder",
            source,
            line,
            hint="copy the image into the manuscript folder and use a relative path",
        )
    if target.exists():  # a folder, a FIFO, an unreadable file: said as such
        manuscript_file(root.resolve(), target.relative_to(root.resolve()), "image", source, line)
    if not target.is_file():
        raise PressworkError(
            f"image {reference!r} not found",
            source,
            line,
            hint=f"no file {target}; check the spelling and the folder",
        )
    if target.suffix.lower() not in IMAGE_TYPES:
        raise PressworkError(
            f"image {reference!r} has an unsupported type",
            source,
            line,
            hint="use " + ", ".join(sorted(IMAGE_TYPES)),
        )
    return target.relative_to(root.resolve()).as_posix()


def _refuse_remote(reference: str, source: Path, line: int | None) -> None:
    """A located error for an image that is an absolute path, a file: URL or on the network."""
    parts = urlsplit(reference)
    scheme = parts.scheme.lower()
    if scheme == "file" or reference.startswith("/"):
        raise PressworkError(
            f"image {reference!r} lies outside the manuscript folder",
            source,
            line,
            hint="copy the image into the manuscript folder and use a relative path",
        )
    if scheme or parts.netloc:
        raise PressworkError(
            f"image {reference!r} is on the network; Presswork never downloads",
            source,
            line,
            hint="download it into the manuscript folder (e.g. images/) and refer to it there",
        )
    if not reference:
        raise PressworkError("an image has no source", source, hint="write ![alt](path)")


def check_images(root: etree._Element, state: ParseState) -> None:
    """Normalise each `src` to a manuscript-relative path and record it; every faulty
    image is reported (a draft build frames a placeholder in its place)."""
    for image in list(root.iter("img")):
        try:
            _check_image(image, state)
        except PressworkError as error:
            state.problem(error, partial(_placeholder, image))


def _check_image(image: etree._Element, state: ParseState) -> None:
    reference = image.get("src", "")
    readings = state.candidates(unquote(urlsplit(reference).path)) if reference else None
    line = state.line_of(reference) if reference else None
    src = resolve_asset(state.root, reference, state.source, state.text, readings, line)
    if src is None:  # an inline data: image travels inside the page, an SVG cleaned
        if reference[5:].lower().startswith("image/svg+xml"):
            image.set("src", _clean_data_svg(reference, state))
        return
    image.set("src", src)
    state.images.append(src)
    if not (image.get("alt") or "").strip():
        _decorative_or_error(image, src, state)
    _mark_standalone(image)


def _placeholder(image: etree._Element) -> str:
    """Replace an image that cannot be used with a framed box holding its alt text (or its
    file name), which both outputs show as it is: the draft still reads."""
    src = image.get("src", "")
    words = (image.get("alt") or "").strip() or posixpath.basename(urlsplit(src).path) or "image"
    box = etree.Element("span", {"class": "image-placeholder", "role": "img"})
    box.set("aria-label", words)
    box.text = words
    box.tail = image.tail
    parent = image.getparent()
    if parent is not None:
        parent.replace(image, box)
    return f"a framed placeholder reading {words!r} stands in its place"


def _clean_data_svg(reference: str, state: ParseState) -> str:
    """A `data:image/svg+xml` image, cleaned as an SVG file would be (svg.py)."""
    header, _, payload = reference.partition(",")
    try:
        data = (
            base64.b64decode(payload, validate=False)
            if header.lower().endswith(";base64")
            else unquote_to_bytes(payload)
        )
    except ValueError:
        raise PressworkError(
            "an inline SVG image cannot be decoded",
            state.source,
            line_of(state.text, reference[:40]),
            hint="save the image as a file in the manuscript and refer to it",
        ) from None
    cleaned = clean_svg(data, Path("inline.svg"), state.source)
    return "data:image/svg+xml;base64," + base64.b64encode(cleaned).decode("ascii")


def _mark_standalone(image: etree._Element) -> None:
    """Class a paragraph that holds nothing but this image, so the theme can centre it and
    leave out the first-line indent (Python-Markdown wraps a lone image in a <p>)."""
    parent = image.getparent()
    if parent is None or parent.tag != "p" or len(parent) != 1:
        return
    if (parent.text or "").strip() or (image.tail or "").strip():
        return
    classes = (parent.get("class") or "").split()
    parent.set("class", " ".join([*classes, "image"]))


def _decorative_or_error(image: etree._Element, src: str, state: ParseState) -> None:
    """An image without a description must say it is decorative (`{: .decorative }` or
    role="presentation"); readers then skip it. Otherwise a screen reader would meet an
    unnamed picture, so the build stops."""
    if "decorative" in (image.get("class") or "").split() or image.get("role") == "presentation":
        image.set("alt", "")
        image.set("role", "presentation")
        return
    error = PressworkError(
        f"image {src!r} has no description (alt text)",
        state.source,
        line_of(state.text, src),
        hint="write ![what the image shows](path), or mark a decorative image "
        "![](path){: .decorative }",
    )
    state.problem(error, partial(_name_as_alt, image, src))


def _name_as_alt(image: etree._Element, src: str) -> str:
    """A draft's stand-in description: the file name, so a reader hears something."""
    name = posixpath.basename(src)
    image.set("alt", name)
    return f"its file name {name!r} is its description for now"
