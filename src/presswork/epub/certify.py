"""A built EPUB + passing validators -> the same EPUB claiming EPUB Accessibility 1.1 conformance.

`dcterms:conformsTo` is a promise to readers and libraries, so Presswork writes it only after
EPUBCheck and DAISY Ace have passed on this very file, and names them as the certifier.
"""

from __future__ import annotations

import copy
import datetime as dt
import tempfile
from pathlib import Path

from lxml import etree

from presswork.checks import Report, check_ace, check_epub
from presswork.output import normalise_epub_zip

OPF = "EPUB/content.opf"
OPF_NS = "http://www.idpf.org/2007/opf"
CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"


def certify(epub: Path, when: dt.datetime) -> list[Report]:
    """Run the validators; when all pass, add the conformance claim to the EPUB in place.
    Returns the reports either way."""
    reports = [check_epub(epub, usage=False), check_ace(epub)]
    if all(report.ok for report in reports):
        tools = ", ".join(report.tool for report in reports)
        with tempfile.TemporaryDirectory() as scratch:
            claimed = Path(scratch) / "certified.epub"
            normalise_epub_zip(epub, claimed, when, {OPF: lambda opf: _claim(opf, tools)})
            claimed.replace(epub)
    return reports


def _claim(opf: bytes, tools: str) -> bytes:
    """The OPF with the conformance claim and its certifier added to the metadata."""
    root = etree.fromstring(opf)
    template = root.find(f"{{{OPF_NS}}}metadata/{{{OPF_NS}}}meta[@property]")
    metadata = template.getparent() if template is not None else None
    assert template is not None and metadata is not None  # ebooklib writes dcterms:modified
    for prop, value in (
        ("dcterms:conformsTo", CONFORMANCE),
        ("a11y:certifiedBy", f"Presswork automated checks ({tools})"),
    ):
        meta = copy.deepcopy(template)  # a copy keeps the OPF's unprefixed <meta> form
        meta.attrib.clear()
        meta.set("property", prop)
        meta.text, meta.tail = value, template.tail
        metadata.append(meta)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8"))
