"""An edition laid out in parts: each chapter is its own WeasyPrint document, laid out in
parallel worker processes and cached, then the front and back matter; join.py joins the
parts' PDFs into the book.

Every chapter opens on a fresh page, so where its pages break does not depend on the pages
before it; only its folios do (and, with chapter_start = "any", its side: such a chapter
waits for the page counts before it, then is laid out with its first page a verso or a
recto; its pagination is the same either way, the text block being as wide). A chapter's
worker therefore paginates first, reports its page count in shared memory, waits until
the chapters before it have reported theirs, and typesets its folios from there
(patches/folio_shift.py): one layout per chapter, cold or warm. The back matter follows
once every chapter is counted (its index cites their folios as text), then the front
matter (its contents cite the chapters', the index's and the notes pages' folios). A blank
verso goes between parts wherever the book would have one.

Cache (per edition, under the output folder, part_cache.py): each part's page starts and
anchors, keyed by the hash of its HTML, the page CSS and the theme; its PDF under the same
key plus its first folio. After editing one chapter only that chapter is laid out again
(and the parts after it if its page count changed). The result equals the whole-book
layout's (tests/pdf/test_parts.py).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from presswork.manuscript.config import Edition, PrintSettings
from presswork.manuscript.index import build_index
from presswork.manuscript.model import Book, PageStart
from presswork.manuscript.select import answers_for, select_material
from presswork.pdf.body_cache import BodyCache
from presswork.pdf.captured_log import relog
from presswork.pdf.layout import end_padding, folio_labels, gutter_note, wider_gutter
from presswork.pdf.pagemap import page_labels
from presswork.pdf.pagination_report import PaginationReport
from presswork.pdf.part_cache import PartLayout, prune
from presswork.pdf.part_plan import EditionParts, part_anchor_pages
from presswork.pdf.pool import Pool
from presswork.pdf.repaginate import Tweak, tweaks_of
from presswork.pdf.worker import PartDone, load_pdf_writer

Progress = Callable[[str], None]
JOIN_APART_PAGES = 600
"""From this many pages, the parts are joined in a fresh process (join.join_apart),
which costs ~0.2 s to start but keeps the parsed manuscript out of the memory peak."""


@dataclass
class PartsLayout:
    """An edition as parts (implements layout.Layout): what the whole book's pages are and
    which PDFs make them."""

    edition: Edition
    book: Book
    settings: PrintSettings
    starts: list[tuple[str, int]]
    anchor_pages: dict[str, int]
    first: int
    """Index of the page where arabic folios begin (the first chapter's first page)."""
    files: list[Path] = field(default_factory=list)
    """The PDFs to join, in order, blank versos and end padding included."""
    notes: list[str] = field(default_factory=list)
    pagination: PaginationReport = field(default_factory=PaginationReport)
    tweaks: dict[str, Tweak] = field(default_factory=dict)
    """What the pagination pass changed in the chapters, for `--layout whole` to apply."""
    fonts: Path | None = None
    """Where the join keeps the faces' joined programs (under the parts' cache)."""

    @property
    def page_count(self) -> int:
        """Pages of the finished edition."""
        return len(self.starts)

    def labels(self) -> list[str]:
        """The folio of every page."""
        return page_labels(len(self.starts), self.first)

    def page_starts(self) -> list[PageStart]:
        """Where each printed page begins in the text, labelled with its folio."""
        return [
            PageStart(label, *start)
            for label, start in zip(self.labels(), self.starts, strict=True)
        ]

    def term_pages(self) -> dict[str, str]:
        """Element id (index terms among them) -> folio of its page."""
        return folio_labels(self.labels(), self.anchor_pages)

    def write(self, target: Path) -> None:
        """Join the parts into the edition's PDF (a long book in a process of its own)."""
        from presswork.pdf.join import join, join_apart  # pikepdf only when writing

        strip = not self.settings.links
        if self.page_count > JOIN_APART_PAGES:
            join_apart(self.files, target, strip=strip, fonts=self.fonts)
        else:
            join(self.files, target, strip=strip, fonts=self.fonts, hold_parts=True)


def lay_out_parts(
    book: Book,
    theme: Path,
    edition: Edition,
    cache: Path | None,
    progress: Progress,
    write: bool = True,
    workers: int | None = None,
) -> PartsLayout:
    """Lay the edition out part by part (cached, in parallel) and say how they join up;
    with `write`, each part's PDF is made too (`cache` is then required)."""
    if write and cache is None:
        raise ValueError("part PDFs need a cache folder")
    selected = select_material(book, edition.settings.study, answers_for(edition.settings))
    index = build_index(selected) if edition.settings.index else ()
    workers = workers or len(os.sched_getaffinity(0))
    notes: list[str] = []
    settings = edition.settings
    digest = theme_digest(theme)
    bodies = BodyCache(cache / "bodies" if cache is not None else None)

    def planned(settings: PrintSettings) -> EditionParts:
        return EditionParts(selected, theme, digest, edition, settings, index, cache, write, bodies)

    plan = planned(settings)
    if write:
        load_pdf_writer()
    with Pool(workers, len(selected.chapters), sheets=(theme, plan.css)) as pool:
        while True:  # again only when a print-on-demand preset needs a wider gutter
            chapters = plan.chapters(pool, progress)
            front, back, blank = plan.matter(pool, chapters, blank=write)
            parts = [front, *chapters, back]
            offsets, total = _offsets([part.layout for part in parts], plan.run_on)
            wider = wider_gutter(settings, total)
            if wider is None:
                break
            notes.append(gutter_note(wider, total))
            progress(f"laying out {edition.name or 'the print edition'} again (wider gutter)")
            settings = wider
            plan = planned(settings)
    kept = [*parts, blank] if blank else parts
    names = ["the front matter", *(str(c.source) for c in selected.chapters), "the back matter"]
    for part, where in zip(parts, names, strict=True):
        relog(part.layout, where)
    prune(cache, {part.key for part in kept}, {part.pdf.name for part in kept if part.pdf})
    bodies.save()
    starts, files = _assemble(parts, offsets, blank)
    extra, padding = end_padding(settings, len(starts), starts[-1] == ("", 0), edition.name)
    notes += padding
    starts += [("", 0)] * extra
    files += [blank.pdf] * extra if blank and blank.pdf else []
    anchors = part_anchor_pages([part.layout for part in parts], offsets)
    layout = PartsLayout(edition, selected, settings, starts, anchors, offsets[1], files, notes)
    layouts = [part.layout for part in parts]
    layout.pagination = PaginationReport.of(layouts, offsets, layout.labels())
    layout.tweaks = tweaks_of(layouts)
    layout.fonts = cache / "fonts" if cache is not None else None
    return layout


def _assemble(
    parts: list[PartDone], offsets: list[int], blank: PartDone | None
) -> tuple[list[tuple[str, int]], list[Path]]:
    """The book's page starts and the PDFs that make it, a blank verso before each part
    that would open on a verso."""
    starts: list[tuple[str, int]] = []
    files: list[Path] = []
    for part, offset in zip(parts, offsets, strict=True):
        if offset > len(starts):  # the blank verso before a part
            starts.append(("", 0))
            files += [blank.pdf] if blank and blank.pdf else []
        starts += part.layout.starts
        files += [part.pdf] if part.pdf else []
    return starts, files


def _offsets(layouts: list[PartLayout], run_on: bool = False) -> tuple[list[int], int]:
    """First page of each part (the front matter, the chapters, the back matter), each on a
    recto (an even page index) but, with `run_on`, the chapters after the first; and the
    total."""
    offsets, total = [], 0
    for number, layout in enumerate(layouts):
        if not (run_on and 1 < number < len(layouts) - 1):
            total += total % 2  # a blank verso before a part that would open on a verso
        offsets.append(total)
        total += len(layout.starts)
    return offsets, total


def theme_digest(theme: Path) -> str:
    """One hash of every file of the theme (names and bytes), for the parts' cache keys."""
    digest = hashlib.sha256()
    for path in sorted(p for p in theme.rglob("*") if p.is_file()):
        digest.update(path.relative_to(theme).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
