"""The PDFs of an edition's parts (parts.py) -> one book, joined with pikepdf.

Pages are the easy part. What WeasyPrint wrote per part has to become one book's:
- named destinations: every part's `/Dests` entries go into one name tree;
- links to other parts, which the part's HTML pointed at `presswork-part:ID` (WeasyPrint
  drops a link to an anchor missing from its document), become links to the named
  destination `ID`, written as WeasyPrint writes an internal link;
- the outline: each part's bookmarks, in order, pointing at the copied pages;
- the structure tree of a tagged PDF: each part's elements go under the first part's
  Document element, and the parent-tree keys (`/StructParents` of pages, `/StructParent`
  of annotations) are renumbered after those of the parts before.
pikepdf copies a part's objects once (QPDF keeps one copy map per source file), so the
structure elements' `/Pg` point at the same copied pages as the page tree.
"""

from __future__ import annotations

import subprocess
import sys
import warnings
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import unquote

import pikepdf

from presswork.pdf.cross_part import CROSS_PART
from presswork.pdf.join_fonts import share_fonts
from presswork.pdf.join_profiles import share_profiles


def join(
    files: list[Path],
    target: Path,
    strip: bool = False,
    fonts: Path | None = None,
    hold_parts: bool = False,
) -> None:
    """Write the parts' pages, in order, to `target`; `strip` drops links and named
    destinations (an edition without links), which also leaves it untagged; `fonts` keeps
    the faces' joined programs for the next join (join_fonts.py).

    Each part is closed once copied: the copied streams get their (still compressed)
    data, which QPDF would otherwise read from every part at save time, keeping every
    part's objects in memory (a 1,450-page book: 400 MB instead of about 150). With
    `hold_parts` (a book short enough to be joined in the building process) the parts stay
    open until the book is saved and QPDF copies the streams itself: the same file, 45 ms
    sooner for the novel's 281 pages (of a 0.24 s join, paid again by every rebuild), for
    12 MB more."""
    with ExitStack() as held, pikepdf.open(files[0]) as book:
        tree = _StructTree(book)
        dests = dict(_dests(book))
        outline: list[OutlineEntry] = [_read_item(item, None) for item in _outline(book)]
        for path in files[1:]:
            with _opened(path, held if hold_parts else None) as part:
                first = len(book.pages)
                with warnings.catch_warnings():
                    # pikepdf warns that extend() leaves named destinations and the
                    # outline behind (its add_pages_from() keeps only the destinations
                    # the copied pages link to); this module carries them all itself.
                    warnings.simplefilter("ignore", pikepdf.exceptions.PageCopyWarning)
                    book.pages.extend(part.pages)
                pages = book.pages[first:]
                if not strip:
                    tree.add(part, pages)
                dests.update(_dests(part, into=book))
                outline += [_read_item(item, book) for item in _outline(part)]
                if not hold_parts:
                    _own_stream_data(pages)
        tree.finish()
        if strip:
            strip_links(book)
        else:
            _set_dests(book, dests)
            _relink(book, dests)
        _write_outline(book, outline)
        share_fonts(book, fonts)
        share_profiles(book)
        # Object streams are PDF 1.5: a PDF/X-1a file (PDF 1.4) stays without them.
        modern = book.pdf_version >= "1.5"
        book.save(
            target,
            deterministic_id=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate
            if modern
            else pikepdf.ObjectStreamMode.disable,
            stream_decode_level=pikepdf.StreamDecodeLevel.none,
            recompress_flate=False,
        )


@contextmanager
def _opened(path: Path, held: ExitStack | None) -> Iterator[pikepdf.Pdf]:
    """A part, closed at the end of the block, or with `held` (at the end of the join)."""
    if held is not None:
        yield held.enter_context(pikepdf.open(path))
        return
    with pikepdf.open(path) as part:
        yield part


def _own_stream_data(pages: list[pikepdf.Page]) -> None:
    """Give every stream the copied pages use (contents, fonts, images) its data, read
    from the part while it is still open."""
    seen: set[tuple[int, int]] = set()
    todo: list[pikepdf.Object] = [page.obj for page in pages]
    while todo:
        obj = todo.pop()
        if obj.is_indirect:
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
        if isinstance(obj, pikepdf.Stream):
            raw = obj.read_raw_bytes()
            filters, parms = obj.get("/Filter"), obj.get("/DecodeParms")
            obj.write(raw, filter=filters, decode_parms=parms, type_check=False)  # type: ignore[arg-type]
        if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            todo += [
                value
                for key, value in obj.items()
                if key not in ("/Parent", "/P") and isinstance(value, _CONTAINERS)
            ]
        elif isinstance(obj, pikepdf.Array):
            todo += [value for value in obj if isinstance(value, _CONTAINERS)]


_CONTAINERS = (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream)


def _foreign(book: pikepdf.Pdf, obj: pikepdf.Object) -> pikepdf.Object:
    """`obj` of another file, in `book`: indirect objects through QPDF's copy map (so a
    page copied before is the same page), direct arrays and dictionaries item by item."""
    if isinstance(obj, pikepdf.Object) and obj.is_indirect:
        return book.copy_foreign(obj)
    if isinstance(obj, pikepdf.Array):
        return pikepdf.Array([_foreign(book, item) for item in obj])
    if isinstance(obj, pikepdf.Dictionary):
        return pikepdf.Dictionary({key: _foreign(book, value) for key, value in obj.items()})
    return obj


class _StructTree:
    """The book's structure tree, which the parts' trees join."""

    def __init__(self, book: pikepdf.Pdf) -> None:
        self.book = book
        self.root = book.Root.get("/StructTreeRoot")
        if self.root is None:
            return
        self.document = _first(self.root.K)
        self.nums = _nums(self.root.ParentTree)
        self.next_key = max((key for key, _ in self.nums), default=-1) + 1

    def add(self, part: pikepdf.Pdf, pages: list[pikepdf.Page]) -> None:
        """Join `part`'s tree, whose pages are now `pages` of the book."""
        theirs = part.Root.get("/StructTreeRoot")
        if self.root is None or theirs is None:
            return
        copied = self.book.copy_foreign(_first(theirs.K))
        shift = self.next_key
        for child in copied.K:
            child.P = self.document
            self.document.K.append(child)
        # WeasyPrint's margin-box elements keep the part's Document as /P without being its
        # kids; pointing that Document at ours leaves the part's own tree root (and its
        # parent tree) unreachable, so it is not written
        copied.P, copied.K = self.document, pikepdf.Array()
        for key, value in _nums(_copied(theirs.ParentTree, part, self.book)):
            if isinstance(value, pikepdf.Array):
                value = pikepdf.Array(
                    [self.document if _same(item, copied) else item for item in value]
                )
            self.nums.append((key + shift, value))
            self.next_key = max(self.next_key, key + shift + 1)
        for page in pages:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + shift
            for annotation in page.obj.get("/Annots", []):
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + shift

    def finish(self) -> None:
        """Write the joined parent tree (once: it can hold tens of thousands of keys)."""
        if self.root is None:
            return
        flat = pikepdf.Array([item for key, value in self.nums for item in (key, value)])
        self.root.ParentTree = self.book.make_indirect(pikepdf.Dictionary(Nums=flat))
        self.root.ParentTreeNextKey = self.next_key


def _first(kids: pikepdf.Object) -> pikepdf.Object:
    return kids[0] if isinstance(kids, pikepdf.Array) else kids


def _same(a: pikepdf.Object, b: pikepdf.Object) -> bool:
    return isinstance(a, pikepdf.Object) and a.is_indirect and a.objgen == b.objgen


def _nums(tree: pikepdf.Object) -> list[tuple[int, pikepdf.Object]]:
    """A number tree's (key, value) pairs, kids included."""
    found: list[tuple[int, pikepdf.Object]] = []
    if "/Nums" in tree:
        flat = list(tree.Nums)
        found += [(int(flat[i]), flat[i + 1]) for i in range(0, len(flat), 2)]
    for kid in tree.get("/Kids", []):
        found += _nums(kid)
    return found


def _dests(
    pdf: pikepdf.Pdf, into: pikepdf.Pdf | None = None
) -> Iterator[tuple[str, pikepdf.Object]]:
    """A file's named destinations; `into` another file, copied there in one go (QPDF's
    copy map points them at the pages copied before: 1,800 destinations one by one were a
    fifth of the novel's join)."""
    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return iter(())
    return iter(pikepdf.NameTree(_copied(names.Dests, pdf, into)).items())


def _copied(obj: pikepdf.Object, owner: pikepdf.Pdf, into: pikepdf.Pdf | None) -> pikepdf.Object:
    """`obj` of `owner`, or its copy in `into` with everything it refers to (a direct
    object is made indirect in `owner` first: QPDF copies only those)."""
    if into is None:
        return obj
    return into.copy_foreign(obj if obj.is_indirect else owner.make_indirect(obj))


def _set_dests(book: pikepdf.Pdf, dests: dict[str, pikepdf.Object]) -> None:
    """One flat name tree, sorted by name as the PDF specification requires."""
    if "/Names" not in book.Root:
        book.Root.Names = pikepdf.Dictionary()
    tree = pikepdf.NameTree.new(book)
    for name in sorted(dests):
        tree[name] = dests[name]
    book.Root.Names.Dests = tree.obj


def _relink(book: pikepdf.Pdf, dests: dict[str, pikepdf.Object]) -> None:
    """Links to another part's element -> links to its named destination."""
    for page in book.pages:
        for annotation in page.obj.get("/Annots", []):
            action = annotation.get("/A")
            if action is None or action.get("/S") != "/URI":
                continue
            uri = str(action.URI)
            if not uri.startswith(CROSS_PART):
                continue
            name = unquote(uri[len(CROSS_PART) :])
            if name not in dests:  # the parse stage reports broken links; be safe
                continue
            del annotation["/A"]
            annotation.Dest = pikepdf.String(name)
            annotation.Contents = pikepdf.String(name)


def strip_links(book: pikepdf.Pdf) -> None:
    """Remove link annotations (WeasyPrint makes them for every `<a href>` and footnote
    call) and named destinations, for a printer that wants a flat interior file."""
    for page in book.pages:
        if "/Annots" in page.obj:
            del page.obj["/Annots"]
    names = book.Root.get("/Names")
    if names is not None and "/Dests" in names:
        del names["/Dests"]
    if "/Dests" in book.Root:
        del book.Root["/Dests"]


Destination = pikepdf.Array | pikepdf.String | pikepdf.Name | int | None
OutlineEntry = tuple[str, Destination, list["OutlineEntry"]]
"""An outline entry as plain data: title, destination, children."""


def _outline(pdf: pikepdf.Pdf) -> list[pikepdf.OutlineItem]:
    with pdf.open_outline() as outline:
        return list(outline.root)


def _read_item(item: pikepdf.OutlineItem, book: pikepdf.Pdf | None) -> OutlineEntry:
    """An outline entry as (title, destination, children), copied into `book` when it
    comes from another file."""
    destination = item.destination
    if book is not None and destination is not None:
        destination = _foreign(book, destination)  # type: ignore[arg-type,assignment]
    return str(item.title), destination, [_read_item(child, book) for child in item.children]


def _write_outline(book: pikepdf.Pdf, items: list[OutlineEntry]) -> None:
    def build(entries: list[OutlineEntry]) -> list[pikepdf.OutlineItem]:
        made = []
        for title, destination, children in entries:
            entry = pikepdf.OutlineItem(title, destination)
            entry.children.extend(build(children))
            made.append(entry)
        return made

    with book.open_outline() as outline:
        outline.root.clear()
        outline.root.extend(build(items))


def join_apart(
    files: list[Path], target: Path, strip: bool = False, fonts: Path | None = None
) -> None:
    """`join` in a fresh interpreter that imports only pikepdf: joining a long book holds
    every copied object in memory at once, and here that comes on top of a few tens of MB
    instead of the building process's parsed manuscript and WeasyPrint."""
    options = ["--strip"] * strip + (["--fonts", str(fonts)] if fonts else [])
    command = [sys.executable, "-m", "presswork.pdf.join", *options, str(target)]
    command += map(str, files)
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"joining the parts of {target.name} failed:\n{done.stderr}")


if __name__ == "__main__":
    arguments = sys.argv[1:]
    stripping = arguments[0] == "--strip"
    arguments = arguments[1:] if stripping else arguments
    kept = Path(arguments[1]) if arguments[0] == "--fonts" else None
    arguments = arguments[2:] if kept else arguments
    join([Path(name) for name in arguments[1:]], Path(arguments[0]), stripping, kept)
