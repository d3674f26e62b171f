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
from presswork.transforms.xhtml import find_all, inner_xml


def extract_notes(root: etree._Element) -> tuple[Note, ...]:
    """Remove the footnote list, rewrite the calls as `doc-noteref` links, return the notes."""
    bodies: dict[str, str] = {}
    for block in find_all(root, "//div[contains(concat(' ', @class, ' '), ' footnote ')]"):
        for item in find_all(block, "./ol/li[@id]"):
            for back in find_all(item, ".//a[contains(@class, 'footnote-backref')]"):
                _drop_keep_tail(back)
            _strip_trailing_space(item)
            bodies[str(item.get("id"))] = inner_xml(item).strip()
        _drop_keep_tail(block)
    numbers = {note_id: number for number, note_id in enumerate(bodies, start=1)}
    refs: dict[str, str] = {}
    for call in find_all(root, "//sup[a[contains(@class, 'footnote-ref')]]"):
        link = call.find("a")
        note_id = (link.get("href", "") if link is not None else "").lstrip("#")
        parent = call.getparent()
        if note_id not in numbers or parent is None:
            continue
        ref_id = call.get("id") or f"ref-{note_id}"
        new = etree.Element(
            "a", {"class": "noteref", "role": "doc-noteref", "id": ref_id, "href": f"#{note_id}"}
        )
        new.text = str(numbers[note_id])
        new.tail = call.tail
        parent.replace(call, new)
        refs.setdefault(note_id, ref_id)
    return tuple(
        Note(note_id, refs.get(note_id, ""), numbers[note_id], body)
        for note_id, body in bodies.items()
    )


def _drop_keep_tail(element: etree._Element) -> None:
    """Remove an element but keep the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
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
