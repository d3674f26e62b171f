"""The EPUB back end's pieces on their own: page-break markers, font subsets, the generated
cover, the conformance claim."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont
from lxml import etree

from presswork.epub.certify import CONFORMANCE, _claim
from presswork.epub.fonts import subset_fonts, used_characters
from presswork.epub.pagebreaks import insert_markers, place_markers
from presswork.manuscript.model import PageStart
from presswork.manuscript.transforms.xhtml import inner_xml, parse_html
from presswork.theme.styles import default_styles


def test_markers_wait_for_text_the_epub_has_and_land_mid_paragraph() -> None:
    files = {"ch--b1": "ch.xhtml", "ch--b2": "ch.xhtml"}
    starts = [
        PageStart("i", "half-title", 0),  # not in the EPUB: marked with the next page
        PageStart("ii", "", 0),  # blank
        PageStart("1", "ch--b1", 0),
        PageStart("2", "ch--b2", 2),
    ]
    markers = place_markers(starts, files)
    assert [(m.label, m.block_id, m.word) for m in markers] == [
        ("i", "ch--b1", 0),
        ("ii", "ch--b1", 0),
        ("1", "ch--b1", 0),
        ("2", "ch--b2", 2),
    ]
    root = parse_html('<p id="ch--b2">one two three four</p>')
    insert_markers(root, markers[3:])
    serialized = inner_xml(root)
    assert serialized.startswith('<p id="ch--b2">one two ')
    assert 'id="page-2"' in serialized and serialized.endswith("three four</p>")


@dataclass
class _Page:
    content: bytes


def test_fonts_are_subset_to_the_characters_used(tmp_path: Path) -> None:
    page = _Page(
        b'<html xmlns="http://www.w3.org/1999/xhtml"><body>\xc3\xa9t\xc3\xa9</body></html>'
    )
    assert "é" in used_characters([page])
    fonts = default_styles() / "fonts"
    first = subset_fonts(fonts, [page])
    assert [name for name, _ in first] == sorted(p.name for p in fonts.glob("*.ttf"))
    subset = TTFont(io.BytesIO(first[0][1]))
    assert ord("é") in subset.getBestCmap() and ord("ж") not in subset.getBestCmap()
    assert "smcp" in {r.FeatureTag for r in subset["GSUB"].table.FeatureList.FeatureRecord}
    original = TTFont(fonts / first[0][0])
    assert subset["name"].getDebugName(1) == original["name"].getDebugName(1)  # names kept
    assert subset_fonts(fonts, [page]) == first  # the same bytes every time


def test_the_conformance_claim_is_added_to_the_package_metadata() -> None:
    opf = (
        b'<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf"><metadata>'
        b'<meta property="dcterms:modified">2026-01-01T00:00:00Z</meta></metadata></package>'
    )
    root = etree.fromstring(_claim(opf, "EPUBCheck, DAISY Ace"))
    metas = {m.get("property"): m.text for m in root.iter("{http://www.idpf.org/2007/opf}meta")}
    assert metas["dcterms:conformsTo"] == CONFORMANCE
    assert "EPUBCheck, DAISY Ace" in str(metas["a11y:certifiedBy"])
