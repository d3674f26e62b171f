"""Chapter body + notes -> print body with each note's text at its call site.

WeasyPrint floats an element with `float: footnote` to the foot of the page it is called
on and leaves a `::footnote-call` behind, so the note must sit where its number stands. Block
content of a note becomes `span.fn-para`: a `<p>` inside the inline call would be split out by
the HTML parser.
"""

from __future__ import annotations

from lxml import etree

from presswork.manuscript.model import Chapter
from presswork.manuscript.transforms.xhtml import find_all, inner_xml, parse_html


def inline_notes(chapter: Chapter) -> str:
    """The chapter body for print, notes moved to their first call."""
    if not chapter.notes:
        return chapter.body
    tree = parse_html(chapter.body)
    notes = {note.id: note for note in chapter.notes}
    placed: set[str] = set()
    for call in find_all(tree, "//a[@role='doc-noteref']"):
        note_id = call.get("href", "").lstrip("#")
        parent = call.getparent()
        if note_id not in notes or note_id in placed or parent is None:
            continue
        placed.add(note_id)
        span = etree.Element("span", {"class": "footnote", "id": note_id})
        for block in parse_html(notes[note_id].body):
            block.tag = "span"
            block.set("class", "fn-para")
            span.append(block)
        span.tail = call.tail
        parent.replace(call, span)
    return inner_xml(tree)
