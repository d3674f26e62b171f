"""An edition laid out in parts: each chapter is its own WeasyPrint document, laid out in
parallel worker processes and cached, then the front and back matter; pdf_merge.py joins
the parts' PDFs into the book.

Every chapter opens on a recto, so where its pages break does not depend on the pages
before it; only its folios do. A chapter's worker therefore paginates first, reports its
page count in shared memory, waits until the chapters before it have reported theirs, and
typesets its folios from there (folio_shift.py): one layout per chapter, cold or warm.
The back matter follows once every chapter is counted (its index cites their folios as
text), then the front matter (its contents cite the chapters', the index's and the notes
pages' folios). A blank verso goes between parts wherever the book would have one.

Cache (per edition, under the output folder): each part's page starts and anchors as
JSON, keyed by the hash of its HTML, the page CSS and the theme; its PDF under the same
key plus its first folio. After editing one chapter only that chapter is laid out again
(and the parts after it if its page count changed). The result equals the whole-book
layout's (tests/test_parts.py).
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from presswork import __version__
from presswork.manuscript.config import Edition, PrintSettings
from presswork.manuscript.index import IndexGroup, build_index, entries_of, page_ranges
from presswork.manuscript.lengths import parse_length
from presswork.manuscript.model import Book, PageStart
from presswork.manuscript.presets import PRESETS, blank_pages_to_add, padding_note
from presswork.manuscript.select import select_material
from presswork.pdf.pagemap import page_labels
from presswork.pdf.worker import (
    CROSS_PART,
    PartDone,
    PartJob,
    PartLayout,
    Pool,
    first_folio,
    lay_out_part,
    pdf_path,
    read_cache,
)
from presswork.theme.templates import common_context, make_environment, render

Progress = Callable[[str], None]
JOIN_APART_PAGES = 600
"""From this many pages, the parts are joined in a fresh process (pdf_merge.merge_apart),
which costs ~0.2 s to start but keeps the parsed manuscript out of the memory peak."""
CACHE_FORMAT = 2


@dataclass
class PartsLayout:
    """An edition as parts: what the whole book's pages are and which PDFs make them."""

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
        labels = self.labels()
        return {anchor: labels[page] for anchor, page in self.anchor_pages.items()}

    def write(self, target: Path) -> None:
        """Join the parts into the edition's PDF (a long book in a process of its own)."""
        from presswork.pdf.join import merge, merge_apart

        join = merge_apart if self.page_count > JOIN_APART_PAGES else merge
        join(self.files, target, strip=not self.settings.links)


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
    from presswork.pdf import whole as pdf

    if write and cache is None:
        raise ValueError("part PDFs need a cache folder")
    selected = select_material(book, edition.settings.study)
    index = build_index(selected) if edition.settings.index else ()
    workers = workers or len(os.sched_getaffinity(0))
    notes: list[str] = []
    settings = edition.settings
    with Pool(workers, len(selected.chapters)) as pool:
        while True:  # again only when a print-on-demand preset needs a wider gutter
            layout = _Edition(pdf, selected, theme, edition, settings, index, cache, write)
            chapters = layout.chapters(pool, progress)
            front, back = layout.matter(pool, chapters)
            parts = [front, *chapters, back]
            offsets, total = _offsets([part.layout for part in parts])
            wider = _gutter(settings, total)
            if wider is None:
                break
            minimum = PRESETS[settings.preset].name
            notes.append(
                f"gutter widened to {wider.margin_inner} for {total} pages ({minimum} minimum)"
            )
            progress(f"laying out {edition.name or 'the print edition'} again (wider gutter)")
            settings = wider
    blank = layout.blank() if write else None
    kept = [*parts, blank] if blank else parts
    _prune(cache, {part.key for part in kept}, {part.pdf.name for part in kept if part.pdf})
    starts: list[tuple[str, int]] = []
    files: list[Path] = []
    for part, offset in zip(parts, offsets, strict=True):
        if offset > len(starts):  # the blank verso before a part
            starts.append(("", 0))
            files += [blank.pdf] if blank and blank.pdf else []
        starts += part.layout.starts
        files += [part.pdf] if part.pdf else []
    preset = PRESETS.get(settings.preset)
    if preset is not None:
        extra = blank_pages_to_add(preset, len(starts), starts[-1] == ("", 0), edition.name)
        if extra:
            notes.append(padding_note(preset, len(starts), extra))
        starts += [("", 0)] * extra
        files += [blank.pdf] * extra if blank and blank.pdf else []
    anchors = _anchor_pages([part.layout for part in parts], offsets)
    return PartsLayout(edition, selected, settings, starts, anchors, offsets[1], files, notes)


def _gutter(settings: PrintSettings, pages: int) -> PrintSettings | None:
    """The settings with the gutter the preset asks for at this page count, if wider."""
    preset = PRESETS.get(settings.preset)
    if preset is None:
        return None
    needed = preset.gutter(pages)
    if parse_length(settings.margin_inner) >= needed - 0.01:
        return None
    return dataclasses.replace(settings, margin_inner=f"{needed / 72:.3f}in")


class _Edition:
    """The parts of one edition with one set of settings: their HTML, keys and jobs."""

    def __init__(
        self,
        pdf: Any,
        book: Book,
        theme: Path,
        edition: Edition,
        settings: PrintSettings,
        index: tuple[IndexGroup, ...],
        cache: Path | None,
        write: bool,
    ) -> None:
        self.pdf, self.book, self.theme, self.index = pdf, book, theme, index
        self.edition = dataclasses.replace(edition, settings=settings)
        self.env = make_environment(book.root)
        self.css = pdf.page_css(settings, self.env)
        self.cache, self.write = cache, write
        self.base_url = book.root.resolve().as_uri() + "/"

    def job(self, part: Any, ranges: Any = None, toc: Any = None, **fields: Any) -> PartJob:
        """A part's HTML as a job, keyed by everything its layout depends on."""
        html = self.pdf.print_html(self.book, self.env, self.edition, self.index, ranges, part, toc)
        return dataclasses.replace(self.job_for(cross_part_links(html)), **fields)

    def job_for(self, html: str) -> PartJob:
        """A job for this HTML, keyed by everything its layout depends on."""
        digest = hashlib.sha256()
        versions = f"{CACHE_FORMAT} {__version__} {self.pdf.weasyprint.__version__}"
        for piece in (versions, html, self.css, _theme_digest(self.theme)):
            digest.update(piece.encode("utf-8"))
        key = digest.hexdigest()
        settings = self.edition.settings
        variant = "pdf/ua-1" if settings.links and settings.tagged else None
        return PartJob(
            key,
            html,
            self.css,
            self.base_url,
            self.book.root,
            self.theme,
            cache=self.cache,
            pdf=self.write,
            variant=variant,
            known=read_cache(self.cache, key),
        )

    def chapters(self, pool: Pool, progress: Progress) -> list[PartDone]:
        """Every chapter, each from the cache or laid out once, its folios from the page
        counts of the chapters before it."""
        jobs = [
            self.job(self.pdf.Part(chapters=(chapter,)), slot=slot)
            for slot, chapter in enumerate(self.book.chapters)
        ]
        counts: list[int | None] = [len(job.known.starts) if job.known else None for job in jobs]
        pool.reset(counts)
        ready: dict[int, PartDone] = {}
        todo = []
        for job in jobs:
            folio = first_folio(counts[: job.slot])
            hit = self._hit(job, folio)
            if hit is not None:
                ready[job.slot] = hit
            else:
                todo.append(dataclasses.replace(job, folio=folio))
        changed = sum(job.known is None for job in todo)
        if changed:
            progress(f"laying out {changed} of {len(jobs)} chapter(s)")
        for job, done in zip(todo, pool.run(todo, progress), strict=True):
            ready[job.slot] = done
        moved = sum(done.fresh for done in ready.values()) - changed
        if moved:  # a chapter before them changed its page count
            progress(f"laid out {moved} more chapter(s) whose folios moved")
        found: list[PartDone] = []
        for job in jobs:  # a chapter laid out for its page starts only does not know its folio
            folio = first_folio([len(done.layout.starts) for done in found]) or 1
            found.append(dataclasses.replace(ready[job.slot], folio=folio))
        return found

    def matter(self, pool: Pool, chapters: list[PartDone]) -> tuple[PartDone, PartDone]:
        """The front matter (the contents' folios as text) and the back matter (the
        index's numbers as text, notes pages, colophon), side by side unless the contents
        must cite the first notes page, which only the back matter's layout tells."""
        back = self._back(chapters)
        assert back.folio is not None
        if not self.edition.settings.notes_pages:
            index = {"index": str(back.folio)} if self.index else {}  # it opens the back
            front, done = self._run(pool, [self._front(chapters, index), back])
            return front, done
        done = self._run(pool, [back])[0]
        places = {
            anchor: str(done.folio + page)
            for anchor, page in done.layout.anchors.items()
            if anchor in ("index", "notes-1")
        }
        return self._run(pool, [self._front(chapters, places)])[0], done

    def _back(self, chapters: list[PartDone]) -> PartJob:
        anchors = _anchor_pages([c.layout for c in chapters], _chapter_offsets(chapters))
        folios = _arabic(chapters)
        ranges = page_ranges(entries_of(self.index), anchors) if self.index else None
        labels = {anchor: folios[page] for anchor, page in anchors.items()}
        folio = first_folio([len(c.layout.starts) for c in chapters])
        return self.job(self.pdf.Part(back=True, index_folios=labels), ranges, folio=folio)

    def _front(self, chapters: list[PartDone], back_places: dict[str, str]) -> PartJob:
        toc = {
            chapter.id: str(done.folio)
            for chapter, done in zip(self.book.chapters, chapters, strict=True)
        }
        return self.job(self.pdf.Part(front=True), toc=toc | back_places, folio=1)

    def blank(self) -> PartDone:
        """A one-page PDF with nothing on it (bleed and marks as the edition has them),
        for blank versos and the end padding."""
        html = render(self.env, "print/blank.html.j2", count=1, **common_context(self.book))
        job = dataclasses.replace(self.job_for(html), folio=1)
        return self._hit(job, 1) or lay_out_part(job)

    def _run(self, pool: Pool, jobs: list[PartJob]) -> list[PartDone]:
        """Parts whose first folio is known, from the cache or laid out side by side."""
        hits = [self._hit(job, job.folio) for job in jobs]
        laid = iter(pool.run([job for job, hit in zip(jobs, hits, strict=True) if hit is None]))
        return [hit or next(laid) for hit in hits]

    def _hit(self, job: PartJob, folio: int | None) -> PartDone | None:
        """The part from the cache, when its layout and (if wanted) its PDF are there."""
        if job.known is None:
            return None
        if not job.pdf:
            return PartDone(job.key, job.known, folio or 0, None)
        if folio is None:
            return None
        path = pdf_path(job, folio)
        return PartDone(job.key, job.known, folio, path) if path.exists() else None


def cross_part_links(html: str) -> str:
    """Point links to ids this part does not contain at the cross-part scheme, so
    WeasyPrint keeps them (it drops links to anchors missing from the document)."""
    ids = set(re.findall(r'\sid="([^"]+)"', html))

    def relink(match: re.Match[str]) -> str:
        target = match.group(1)
        return match.group(0) if target in ids else f'href="{CROSS_PART}{target}"'

    return re.sub(r'href="#([^"]+)"', relink, html)


def _chapter_offsets(chapters: list[PartDone]) -> list[int]:
    return [done.folio - 1 for done in chapters]


def _arabic(chapters: list[PartDone]) -> list[str]:
    """Page index from the first chapter's first page -> its folio."""
    if not chapters:
        return []
    last = chapters[-1]
    return [str(n) for n in range(1, last.folio + len(last.layout.starts))]


def _anchor_pages(layouts: list[PartLayout], offsets: list[int]) -> dict[str, int]:
    """Element id -> page index in the whole (set of parts)."""
    return {
        anchor: offset + page
        for layout, offset in zip(layouts, offsets, strict=False)
        for anchor, page in layout.anchors.items()
    }


def _offsets(layouts: list[PartLayout]) -> tuple[list[int], int]:
    """First page of each part, each on a recto (an even page index), and the total."""
    offsets, total = [], 0
    for layout in layouts:
        total += total % 2  # a blank verso before a part that would open on a verso
        offsets.append(total)
        total += len(layout.starts)
    return offsets, total


_THEME_DIGESTS: dict[Path, str] = {}


def _theme_digest(theme: Path) -> str:
    if theme not in _THEME_DIGESTS:
        digest = hashlib.sha256()
        for path in sorted(p for p in theme.rglob("*") if p.is_file()):
            digest.update(path.relative_to(theme).as_posix().encode())
            digest.update(path.read_bytes())
        _THEME_DIGESTS[theme] = digest.hexdigest()
    return _THEME_DIGESTS[theme]


def _prune(cache: Path | None, keys: set[str], pdfs: set[str]) -> None:
    """Forget the parts that no longer exist (old versions of a chapter), and, in a build
    that wrote PDFs, the PDFs of a part laid out with folios it no longer has."""
    if cache is None or not cache.is_dir():
        return
    for path in cache.iterdir():
        key = path.name.split(".")[0].split("-")[0]
        stale = key not in keys or (bool(pdfs) and path.suffix == ".pdf" and path.name not in pdfs)
        if path.suffix in (".json", ".pdf") and stale:
            path.unlink(missing_ok=True)
