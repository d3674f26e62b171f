"""Make ids and internal links book-wide: every id gets the chapter's prefix, and links to
`#id` or `other.md#id` become `#prefixed-id`.

Python-Markdown numbers footnotes and slugs headings per document, so `fn-1` or
`introduction` repeat across chapters and would collide once the PDF joins them. The prefix is
the chapter's id, which comes from its file name, so it does not shift when chapters move.
"""

from __future__ import annotations

from functools import partial
from urllib.parse import unquote, urlsplit

from lxml import etree, html

from presswork.errors import PressworkError, line_of
from presswork.manuscript.transforms import LinkTarget, ParseState


def book_id(chapter_id: str, local_id: str) -> str:
    """The book-wide form of an id that is local to one chapter."""
    return f"{chapter_id}--{local_id}"


def make_book_wide(root: etree._Element, state: ParseState) -> None:
    """Prefix every id with the chapter id and point internal links at book-wide ids; an id
    that raw HTML repeats gets a number (`x-2`), so each is unique and links go to the
    first."""
    seen: set[str] = set()
    for element in root.iter(etree.Element):
        local_id = element.get("id")
        if local_id:
            unique, number = local_id, 1
            while unique in seen:
                number += 1
                unique = f"{local_id}-{number}"
            seen.add(unique)
            element.set("id", book_id(state.chapter_id, unique))
        href = element.get("href")
        if element.tag == "a" and href is not None:
            try:
                new = _rewrite(href, state)
            except PressworkError as error:
                state.problem(error, partial(unwrap_link, element))
                continue
            if new is not None:
                element.set("href", new)


def unwrap_link(link: etree._Element) -> str:
    """Keep a link's words and drop the link (a draft's stand-in for one that cannot work)."""
    if isinstance(link, html.HtmlElement):  # parse_html's trees are lxml.html's
        link.drop_tag()
    return "its text stays, as plain text"


def _rewrite(href: str, state: ParseState) -> str | None:
    """Book-wide `#id` for an internal link, or None to leave an external one alone."""
    parts = urlsplit(href)
    if parts.scheme.lower() == "file":
        raise PressworkError(
            f"link {href!r} points at a file on this computer",
            state.source,
            line_of(state.text, href),
            hint="link to a chapter of the book or to a web page instead",
        )
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    line = state.line_of(href)
    if path:
        found = [state.chapter_files[c] for c in state.candidates(path) if c in state.chapter_files]
        chapter = found[0] if found else None
        if chapter is None:  # not a chapter: the link check reports it
            state.links.append(LinkTarget(href, "", state.source, line, state.chapter_id))
            return None
    else:
        chapter = state.chapter_id
    target = book_id(chapter, unquote(parts.fragment)) if parts.fragment else chapter
    state.links.append(LinkTarget(href, target, state.source, line, state.chapter_id))
    return f"#{target}"
