"""PDF/X-4's DocumentID from the document's metadata (pdf/document_id.py): the same book
makes the same file on every build; WeasyPrint alone draws a new ID each time."""

from __future__ import annotations

import io
import re

import pikepdf
import weasyprint

from presswork.pdf import patches
from presswork.pdf.document_id import stable_document_id

PAGE = (
    '<html lang="en"><head><title>{title}</title>'
    '<meta name="dcterms.created" content="2026-01-01T00:00:00Z">'
    '<meta name="dcterms.modified" content="2026-01-01T00:00:00Z"></head>'
    "<body><p>Words.</p></body></html>"
)


def _pdf(title: str, variant: str = "pdf/x-4", stable: bool = True) -> bytes:
    patches.install()
    document = weasyprint.HTML(string=PAGE.format(title=title)).render()
    finisher = stable_document_id if stable else None
    data: bytes = document.write_pdf(pdf_variant=variant, finisher=finisher)
    return data


def _ids(data: bytes) -> list[bytes]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return re.findall(rb"xmp\.did:[0-9a-f-]{36}", pdf.Root.Metadata.read_bytes())


def test_the_same_document_gets_the_same_id_and_file() -> None:
    assert _pdf("One") == _pdf("One")
    assert _pdf("One", stable=False) != _pdf("One", stable=False)  # WeasyPrint's own: random


def test_another_document_gets_another_id() -> None:
    first, second = _ids(_pdf("One")), _ids(_pdf("Two"))
    assert len(first) == len(second) == 1
    assert first != second


def test_a_variant_without_a_document_id_is_left_alone() -> None:
    assert _pdf("One", variant="pdf/ua-1") == _pdf("One", variant="pdf/ua-1", stable=False)
