"""Pull Python-Markdown's footnotes out of the text into `Note`s with DPUB-ARIA roles.

Python-Markdown writes notes as an endnote list at the end of the chapter; the EPUB wants them
as `doc-footnote` asides with a back link first, and the PDF wants each note's text at its
call site so WeasyPrint can float it to the foot of the page. Neither can be had by styling the
list (WeasyPrint cannot float it, issue 2062), so the notes leave the tree here and each back
end places them its own way.
"""

from __future__ import annotations

from lxml import etree

from presswork.model import Note
from presswork.transforms.xhtml import inner_xml


def extract_notes(root: etree._Element) -> tuple[Note, ...]:
    """Remove the footnote list, rewrite the calls as `doc-noteref` links, return the notes."""
    numbers: dict[str, int] = {}
    notes: list[Note] = []
    for block in root.xpath("//div[contains(concat(' ', @class, ' '), ' footnote ')]"):
        for item in block.xpath("./ol/li[@id]"):
            for back in item.xpath(".//a[contains(@class, 'footnote-backref')]"):
                _drop_keep_tail(back)
            _strip_trailing_space(item)
            numbers[item.get("id")] = len(notes) + 1
            notes.append(Note(item.get("id"), "", len(notes) + 1, inner_xml(item).strip()))
        _drop_keep_tail(block)
    refs: dict[str, str] = {}
    for call in root.xpath("//sup[a[contains(@class, 'footnote-ref')]]"):
        link = call.find("a")
        note_id = link.get("href", "").lstrip("#")
        if note_id not in numbers:
            continue
        new = etree.Element("a", {
            "class": "noteref", "role": "doc-noteref",
            "id": call.get("id") or f"ref-{note_id}", "href": f"#{note_id}",
        })
        new.text = str(numbers[note_id])
        new.tail = call.tail
        call.getparent().replace(call, new)
        refs.setdefault(note_id, new.get("id"))
    return tuple(
        Note(note.id, refs.get(note.id, ""), note.number, note.body) for note in notes
    )


def _drop_keep_tail(element: etree._Element) -> None:
    """Remove an element but keep the text that follows it."""
    parent = element.getparent()
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _strip_trailing_space(item: etree._Element) -> None:
    """Drop the no-break space Python-Markdown puts before the back link it wrote."""
    last = item[-1] if len(item) else item
    holder = last[-1] if len(last) else None
    if holder is not None and holder.tail:
        holder.tail = holder.tail.rstrip("\u00a0 ")
    elif holder is None and last.text:
        last.text = last.text.rstrip("\u00a0 ")
