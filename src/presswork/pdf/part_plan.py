"""The parts of one edition with one set of settings: their HTML, cache keys and jobs.

parts.py runs this plan: the chapters first (each from the cache or laid out once, its
folios from the page counts of the chapters before it), then the back matter (its index
cites the chapters' folios as text) and the front matter (its contents cite the folios of
the chapters, the index and the first notes page).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import weasyprint

from presswork import __version__
from presswork.manuscript.config import Edition, PrintSettings
from presswork.manuscript.index import IndexGroup, entries_of, page_ranges
from presswork.manuscript.labels import labels_for
from presswork.manuscript.model import Asset, Book
from presswork.pdf.body_cache import BodyCache
from presswork.pdf.cmyk_theme import print_assets
from presswork.pdf.html import Part, Ranges, blank_html, cross_part_links, page_css, print_html
from presswork.pdf.layout import pdf_variant
from presswork.pdf.part_cache import PartLayout, pdf_path, read_cache
from presswork.pdf.pool import Pool
from presswork.pdf.worker import PartDone, PartJob, first_folio, recto
from presswork.theme.templates import make_environment

Progress = Callable[[str], None]
CACHE_FORMAT = 7
"""Changes when what a cached part holds does (7: its pages list only the resources they use)."""


class EditionParts:
    """The parts of one edition with one set of settings."""

    def __init__(
        self,
        book: Book,
        theme: Path,
        theme_digest: str,
        edition: Edition,
        settings: PrintSettings,
        index: tuple[IndexGroup, ...],
        cache: Path | None,
        write: bool,
        bodies: BodyCache | None = None,
    ) -> None:
        self.book, self.theme, self.theme_digest, self.index = book, theme, theme_digest, index
        self.edition = dataclasses.replace(edition, settings=settings)
        self.env = make_environment(book.root)
        self.css = page_css(settings, self.env)
        self.assets = print_assets(book, settings)
        self.cache, self.write = cache, write
        self.bodies = bodies
        self.base_url = book.root.resolve().as_uri() + "/"
        self.labels = labels_for(book.root, book.config.language)  # read once, not per part

    def job(
        self,
        part: Part,
        ranges: Ranges | None = None,
        toc: dict[str, str] | None = None,
        slot: int = -1,
        folio: int | None = None,
    ) -> PartJob:
        """A part's HTML as a job, keyed by everything its layout depends on."""
        html = print_html(
            self.book,
            self.env,
            self.edition,
            self.index,
            ranges,
            part,
            toc,
            cache=self.bodies,
            labels=self.labels,
        )
        paginate = (slot >= 0 or part.front) and self.edition.settings.paginate
        job = dataclasses.replace(
            self.job_for(cross_part_links(html)),
            slot=slot,
            folio=folio,
            paginate=paginate,
            display_only=part.front,
            run_on=slot > 0 and self.run_on,
        )
        return job

    @property
    def run_on(self) -> bool:
        """Chapters after the first open on the next page, recto or verso."""
        return self.edition.settings.chapter_start == "any"

    def job_for(self, html: str) -> PartJob:
        """A job for this HTML, keyed by everything its layout depends on."""
        digest = hashlib.sha256()
        versions = f"{CACHE_FORMAT} {__version__} {weasyprint.__version__}"
        versions += f" paginate={self.edition.settings.paginate}"
        for piece in (versions, html, self.css, self.theme_digest, self._images(html)):
            digest.update(piece.encode("utf-8"))
        served = self._shown(html)
        for _, data in served:  # what is served instead of a file (a CMYK image)
            digest.update(hashlib.sha256(data).digest())
        key = digest.hexdigest()
        settings = self.edition.settings
        return PartJob(
            key,
            html,
            self.css,
            self.base_url,
            self.book.root,
            self.theme,
            cache=self.cache,
            pdf=self.write,
            variant=pdf_variant(settings),
            known=read_cache(self.cache, key),
            cleaned=served,
            fit_lines=settings.paginate,
        )

    def _assets_in(self, html: str) -> list[Asset]:
        """The book's images this HTML refers to (as written, or URL-quoted as an `src`
        holding spaces or non-ASCII letters is)."""
        return [a for a in self.book.assets if a.path in html or quote(a.path) in html]

    def _shown(self, html: str) -> tuple[tuple[Path, bytes], ...]:
        """The images the part shows that are served as other bytes than their file's."""
        shown = {asset.source for asset in self._assets_in(html)}
        return tuple((path, data) for path, data in self.assets.items() if path in shown)

    def _images(self, html: str) -> str:
        """The images the part shows, as names, sizes and times: an image replaced under
        the same name lays the part out again."""
        shown = [asset.source.stat() for asset in self._assets_in(html)]
        return " ".join(f"{s.st_size}:{s.st_mtime_ns}" for s in shown)

    def chapters(self, pool: Pool, progress: Progress) -> list[PartDone]:
        """Every chapter, each from the cache or laid out once, its folios from the page
        counts of the chapters before it. Each is submitted as soon as its HTML is
        written, so the workers lay the first chapters out while this process writes the
        HTML of the rest."""
        pool.reset([None] * len(self.book.chapters))
        counts: list[int | None] = []
        ready: dict[int, PartDone] = {}
        slots, pending, changed = [], [], 0
        for slot, chapter in enumerate(self.book.chapters):
            job = self.job(Part(chapters=(chapter,)), slot=slot)
            count = len(job.known.starts) if job.known else None
            pool.counts.set(slot, count)  # before any chapter after it may wait for it
            folio = first_folio(counts, self.run_on)
            counts.append(count)
            hit = self._hit(job, folio)
            if hit is not None:
                ready[slot] = hit
                continue
            slots.append(slot)
            pending.append(pool.submit(dataclasses.replace(job, folio=folio)))
            changed += job.known is None
        if changed:
            progress(f"laying out {changed} of {len(counts)} chapter(s)")
        for slot, done in zip(slots, pool.gather(pending, progress), strict=True):
            ready[slot] = done
        moved = sum(done.fresh for done in ready.values()) - changed
        if moved:  # a chapter before them changed its page count
            progress(f"laid out {moved} more chapter(s) whose folios moved")
        found: list[PartDone] = []
        for slot in range(len(counts)):  # one laid out for its page starts only lacks its folio
            folio = first_folio([len(done.layout.starts) for done in found], self.run_on) or 1
            found.append(dataclasses.replace(ready[slot], folio=folio))
        return found

    def matter(
        self, pool: Pool, chapters: list[PartDone], blank: bool = False
    ) -> tuple[PartDone, PartDone, PartDone | None]:
        """The front matter (the contents' folios as text) and the back matter (the
        vocabulary's and the index's numbers as text, notes pages, colophon), side by side
        unless the contents must cite a page after the back's first (the index after a
        vocabulary, the first notes page), which only the back matter's layout tells; with
        `blank`, the blank page for versos and padding beside them (it depends on nothing,
        and alone it would be laid out in this process, after everything else)."""
        back = self._back(chapters)
        assert back.folio is not None
        extra = [self._blank()] if blank else []
        vocabulary = any(c.vocabulary for c in self.book.chapters)  # study editions only
        if not self.edition.settings.notes_pages and not vocabulary:
            index = {"index": str(back.folio)} if self.index else {}  # it opens the back
            front, done, *empty = self._run(pool, [self._front(chapters, index), back, *extra])
            return front, done, empty[0] if empty else None
        done, *empty = self._run(pool, [back, *extra])
        places = {
            anchor: str(done.folio + page)
            for anchor, page in done.layout.anchors.items()
            if anchor in ("vocabulary", "index", "notes-1")
        }
        front = self._run(pool, [self._front(chapters, places)])[0]
        return front, done, empty[0] if empty else None

    def _back(self, chapters: list[PartDone]) -> PartJob:
        anchors = chapter_anchor_pages(chapters)
        folios = _arabic(chapters)
        ranges = page_ranges(entries_of(self.index), anchors) if self.index else None
        labels = {anchor: folios[page] for anchor, page in anchors.items()}
        folio = recto(first_folio([len(c.layout.starts) for c in chapters], self.run_on) or 1)
        return self.job(Part(back=True, index_folios=labels), ranges, folio=folio)

    def _front(self, chapters: list[PartDone], back_places: dict[str, str]) -> PartJob:
        toc = {
            chapter.id: str(done.folio)
            for chapter, done in zip(self.book.chapters, chapters, strict=True)
        }
        return self.job(Part(front=True), toc=toc | back_places, folio=1)

    def _blank(self) -> PartJob:
        """A one-page PDF with nothing on it (bleed and marks as the edition has them),
        for blank versos and the end padding."""
        return dataclasses.replace(self.job_for(blank_html(self.book, self.env, 1)), folio=1)

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
        path = pdf_path(job.cache, job.key, folio)
        return PartDone(job.key, job.known, folio, path) if path.exists() else None


def chapter_anchor_pages(chapters: list[PartDone]) -> dict[str, int]:
    """Element id -> page index from the first chapter's first page."""
    return part_anchor_pages([c.layout for c in chapters], [c.folio - 1 for c in chapters])


def part_anchor_pages(layouts: list[PartLayout], offsets: list[int]) -> dict[str, int]:
    """Element id -> page index in the whole (set of parts), each part at its offset."""
    return {
        anchor: offset + page
        for layout, offset in zip(layouts, offsets, strict=False)
        for anchor, page in layout.anchors.items()
    }


def _arabic(chapters: list[PartDone]) -> list[str]:
    """Page index from the first chapter's first page -> its folio."""
    if not chapters:
        return []
    last = chapters[-1]
    return [str(n) for n in range(1, last.folio + len(last.layout.starts))]
