"""WeasyPrint's one-line Spans folded into their parents: fewer structure elements, and
every marked-content id still maps (parent tree) to an element that claims it (/K)."""

from __future__ import annotations

import io

import pikepdf
import weasyprint

from presswork.pdf import patches
from presswork.pdf.patches import span_folding

HTML = """<html lang="en"><body>
<h1>Title</h1>
<p>One paragraph long enough to run over several lines of this narrow page, so that
WeasyPrint makes one text box per line and tags each of them.</p>
<p>Another with <a href="#x">a link</a> and <em id="x">emphasis</em>.</p>
</body></html>"""
CSS = weasyprint.CSS(string="@page { size: 3in 4in; margin: 0.3in; }")
patches.install()  # as the print engine does before every layout


def _tagged(fold: bool) -> pikepdf.Pdf:
    if not fold:
        weasyprint.pdf.add_tags = span_folding._ORIGINAL
    try:
        data = weasyprint.HTML(string=HTML).write_pdf(stylesheets=[CSS], pdf_variant="pdf/ua-1")
    finally:
        span_folding.install()
    return pikepdf.open(io.BytesIO(data))


def _elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    found, todo = [], [pdf.Root.StructTreeRoot.K[0]]
    while todo:
        element = todo.pop()
        found.append(element)
        kids = element.get("/K", [])
        todo += [k for k in kids if isinstance(k, pikepdf.Dictionary) and "/S" in k]
    return found


def _claims(element: pikepdf.Dictionary) -> list[int]:
    return [int(k) for k in element.get("/K", []) if isinstance(k, int)]


def test_plain_spans_are_folded_and_every_mcid_is_claimed() -> None:
    plain, folded = _tagged(fold=False), _tagged(fold=True)
    spans = [e for e in _elements(plain) if e.S == "/Span"]
    assert len(spans) >= 5
    assert not [e for e in _elements(folded) if e.S == "/Span"]
    assert len(_elements(folded)) == len(_elements(plain)) - len(spans)
    nums = list(folded.Root.StructTreeRoot.ParentTree.Nums)
    page_entries = dict(zip(nums[::2], nums[1::2], strict=True))
    mcids = page_entries[0]
    assert len(mcids) == len(list(plain.Root.StructTreeRoot.ParentTree.Nums)[1])
    for mcid, element in enumerate(mcids):
        assert mcid in _claims(element), (mcid, element.S)
    paragraph = next(e for e in _elements(folded) if e.S == "/P")
    assert len(_claims(paragraph)) >= 3  # its lines, as marked-content ids


def test_a_span_with_attributes_is_kept() -> None:
    span = {"Type": "/StructElem", "S": "/Span", "K": [0], "Pg": b"3 0 R", "P": b"2 0 R"}

    class Fake:
        def __init__(self) -> None:
            import pydyf

            self.objects = [pydyf.Dictionary({}), pydyf.Dictionary({})]
            self.objects.append(pydyf.Dictionary({"K": pydyf.Array([b"4 0 R"]), "Pg": b"3 0 R"}))
            self.objects.append(pydyf.Dictionary({}))
            self.objects.append(pydyf.Dictionary({**span, "Lang": "fr"}))
            for number, obj in enumerate(self.objects):
                obj.number = number

    fake = Fake()
    assert span_folding.fold(fake) == 0
    assert fake.objects[4]["Lang"] == "fr"
