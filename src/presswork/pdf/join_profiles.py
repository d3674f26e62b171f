"""One copy of each ICC profile in a joined book.

WeasyPrint names every colour profile of a document in its page resources, so each part of
a CMYK edition brings its own copy of the output profile (about 250 kB): a 12-part book
carried 2.9 MB of identical profiles. The joined book points every `ICCBased` colour space
at the first copy of the same bytes; the others are no longer reachable and are not saved.
"""

from __future__ import annotations

import hashlib

import pikepdf


def share_profiles(book: pikepdf.Pdf) -> None:
    """Point each ICCBased colour space at one stream per distinct profile."""
    first: dict[bytes, pikepdf.Object] = {}
    for intent in book.Root.get("/OutputIntents", ()):
        profile = intent.get("/DestOutputProfile")
        if isinstance(profile, pikepdf.Stream):
            first.setdefault(_digest(profile), profile)
    done: set[tuple[int, int]] = set()
    for spaces in _colour_space_dicts(book):
        if spaces.is_indirect:
            if spaces.objgen in done:
                continue
            done.add(spaces.objgen)
        for name, space in list(spaces.items()):
            if not (isinstance(space, pikepdf.Array) and len(space) == 2):
                continue
            if space[0] != pikepdf.Name.ICCBased or not isinstance(space[1], pikepdf.Stream):
                continue
            kept = first.setdefault(_digest(space[1]), space[1])
            if kept.objgen != space[1].objgen:
                spaces[name] = pikepdf.Array([pikepdf.Name.ICCBased, kept])


def _digest(stream: pikepdf.Stream) -> bytes:
    return hashlib.sha256(stream.read_bytes()).digest()


def _colour_space_dicts(book: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """The /ColorSpace dictionaries of the pages and of the forms they draw."""
    found: list[pikepdf.Dictionary] = []
    todo = [page.obj.get("/Resources") for page in book.pages]
    seen: set[tuple[int, int]] = set()
    while todo:
        resources = todo.pop()
        if not isinstance(resources, pikepdf.Dictionary):
            continue
        if resources.is_indirect:
            if resources.objgen in seen:
                continue
            seen.add(resources.objgen)
        spaces = resources.get("/ColorSpace")
        if isinstance(spaces, pikepdf.Dictionary):
            found.append(spaces)
        for kind in ("/XObject", "/Pattern"):
            for item in (resources.get(kind) or pikepdf.Dictionary()).values():
                if isinstance(item, pikepdf.Stream) and "/Resources" in item:
                    todo.append(item.Resources)
    return found
