"""Pull Python-Markdown's footnotes out of the text into `Note`s with DPUB-ARIA roles.

Python-Markdown writes notes as an endnote list at the end of the chapter; the EPUB wants them
as `doc-footnote` asides with a back link first, and the PDF wants each note's text at its
call site so WeasyPrint can float it to the foot of the page. Neither can be had by styling the
list (WeasyPrint cannot float it, issue 2062), so the notes leave the tree here and each back
end places them its own way.
"""

from __future__ import annotations

from lxml import etree

from presswork.manuscript.model import Note
from presswork.manuscript.transforms.xhtml import find_all, inner_xml, remove_keeping_tail


def strip_backlinks(root: etree._Element) -> None:
    """Remove Python-Markdown's back links from the notes, before links are checked: each back
    end writes its own, and a note nobody calls would otherwise hold a link to nowhere."""
    for back in find_all(root, "//a[contains(@class, 'footnote-backref')]"):
        parent = back.getparent()
        remove_keeping_tail(back)
        if parent is not None:
            _strip_trailing_space(parent)


def extract_notes(root: etree._Element) -> tuple[Note, ...]:
    """Remove the footnote list, rewrite the calls as `doc-noteref` links, return the notes
    (a note no call refers to gets an empty `ref_id`)."""
    bodies: dict[str, str] = {}
    for block in find_all(root, "//div[contains(concat(' ', @class, ' '), ' footnote ')]"):
        for item in find_all(block, "./ol/li[@id]"):
            bodies[str(item.get("id"))] = inner_xml(item).strip()
        remove_keeping_tail(block)
    numbers: dict[str, int] = {}  # in the order the text first calls the notes
    refs: dict[str, str] = {}
    for call in find_all(root, "//sup[a[contains(@class, 'footnote-ref')]]"):
        link = call.find("a")
        note_id = (link.get("href", "") if link is not None else "").lstrip("#")
        parent = call.getparent()
        if note_id not in bodies or parent is None:
            continue
        number = numbers.setdefault(note_id, len(numbers) + 1)
        ref_id = call.get("id") or f"ref-{note_id}"
        new = etree.Element(
            "a", {"class": "noteref", "role": "doc-noteref", "id": ref_id, "href": f"#{note_id}"}
        )
        new.text = str(number)
        new.tail = call.tail
        parent.replace(call, new)
        refs.setdefault(note_id, ref_id)
    called = sorted(numbers, key=numbers.__getitem__)
    uncalled = [note_id for note_id in bodies if note_id not in numbers]
    return tuple(
        Note(note_id, refs.get(note_id, ""), numbers.get(note_id, 0), bodies[note_id])
        for note_id in called + uncalled
    )


def _strip_trailing_space(paragraph: etree._Element) -> None:
    """Drop the no-break space Python-Markdown put before the back link, now removed."""
    holder = paragraph[-1] if len(paragraph) else None
    if holder is not None and holder.tail:
        holder.tail = holder.tail.rstrip("\u00a0 ")
    elif holder is None and paragraph.text:
        paragraph.text = paragraph.text.rstrip("\u00a0 ")
