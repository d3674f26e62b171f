"""Internal links checked against the whole book once every chapter is parsed.

A manual written as one file and then split into chapters links `#id` to headings that now
live in other chapters; pandoc resolves them, so we do too: a `#id` missing from its own
chapter goes to the one other chapter that has it. Two candidates are an error naming both;
none is an error (in a draft build the link becomes plain text).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable

from presswork.errors import PressworkError
from presswork.manuscript.model import Chapter
from presswork.manuscript.transforms import LinkTarget, ParseState
from presswork.manuscript.transforms.book_links import unwrap_link
from presswork.manuscript.transforms.xhtml import inner_xml, parse_html


def resolve_links(
    chapters: list[Chapter], links: Iterable[LinkTarget], state: ParseState
) -> list[Chapter]:
    """The chapters with cross-chapter `#id` links pointed at their target and, in a draft,
    dangling ones unwrapped; every link that cannot be resolved is a problem in `state`."""
    anchors = {anchor for chapter in chapters for anchor in chapter.anchors}
    owners = _local_ids(chapters)
    moved: dict[str, dict[str, str | None]] = defaultdict(dict)  # chapter -> href -> new
    for link in links:
        if link.target_id in anchors:
            continue
        local = link.target_id.split("--", 1)[1] if "--" in link.target_id else ""
        found = sorted(owners.get(local, ())) if local else []
        written = f"#{link.target_id}" if link.target_id else link.href  # as in the body
        if len(found) == 1:
            moved[link.chapter_id][written] = f"#{found[0]}--{local}"
            continue
        error = _unresolved(link, found)
        if len(found) > 1:
            state.problems.append(error)
            continue
        state.problem(error, lambda: "its text stays, as plain text")
        if state.draft:
            moved[link.chapter_id][written] = None
    return [
        _relinked(chapter, moved[chapter.id]) if chapter.id in moved else chapter
        for chapter in chapters
    ]


def _local_ids(chapters: list[Chapter]) -> dict[str, set[str]]:
    """Each chapter-local id -> the chapters that hold it."""
    owners: dict[str, set[str]] = defaultdict(set)
    for chapter in chapters:
        prefix = f"{chapter.id}--"
        for anchor in chapter.anchors:
            if anchor.startswith(prefix):
                owners[anchor[len(prefix) :]].add(chapter.id)
    return owners


def _unresolved(link: LinkTarget, found: list[str]) -> PressworkError:
    if found:
        return PressworkError(
            f"link {link.href!r} could mean the heading in chapter {found[0]!r} or in {found[1]!r}",
            link.source,
            link.line,
            hint="name the chapter file: [text](file.md#id), or give one heading another "
            "id with {#other-id}",
        )
    return PressworkError(
        f"link {link.href!r} points nowhere in the book",
        link.source,
        link.line,
        hint="link to a chapter file listed in book.toml, optionally with #heading-id",
    )


def _relinked(chapter: Chapter, moves: dict[str, str | None]) -> Chapter:
    """The chapter (its body and notes) with its links moved (None: unwrapped)."""
    notes = tuple(
        dataclasses.replace(note, body=_moved(note.body, moves)) for note in chapter.notes
    )
    return dataclasses.replace(chapter, body=_moved(chapter.body, moves), notes=notes)


def _moved(fragment: str, moves: dict[str, str | None]) -> str:
    tree = parse_html(fragment)
    for link in list(tree.iter("a")):
        href = link.get("href")
        if href is not None and href in moves:
            new = moves[href]
            if new is None:
                unwrap_link(link)
            else:
                link.set("href", new)
    return inner_xml(tree)
