"""The EPUB's print page list without laying the whole book out at once: chapter by chapter,
in parallel worker processes, with each part's result cached under the output folder.

Every chapter opens on a recto, so where its pages break does not depend on the pages
before it; only its folios do, and those are plain arithmetic once every part's page count
is known. The front matter, each chapter and the back matter (with the index numbers as
text, found from the chapter parts) are laid out as separate documents; a blank page goes
between parts wherever the book would put a blank verso. A part's cache key is the hash of
its HTML, the page CSS and the theme, so after editing one chapter only that chapter is
laid out again. The result equals the whole-book layout's (tests/test_page_list.py).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from presswork import __version__
from presswork.config import Edition, PrintSettings
from presswork.index import IndexGroup, build_index, entries_of, page_ranges
from presswork.lengths import parse_length
from presswork.material import select_material
from presswork.model import Book, PageStart
from presswork.pagemap import page_labels
from presswork.presets import PRESETS, padding
from presswork.templates import make_environment

Progress = Callable[[str], None]
CACHE_FORMAT = 1


@dataclass(frozen=True)
class PartLayout:
    """Where each page of a part starts, and the page (from 0) each element id is on."""

    starts: list[tuple[str, int]]
    anchors: dict[str, int]


@dataclass(frozen=True)
class PartJob:
    """One part to lay out: its HTML and the stylesheets, as strings and paths only."""

    key: str
    html: str
    page_css: str
    base_url: str
    root: Path
    theme: Path


@dataclass(frozen=True)
class PagePlan:
    """An edition's pages as the parts give them: the settings it ends with (a preset may
    widen the gutter), where each page starts, the page each element id is on, and the
    index of the page where arabic folios begin."""

    settings: PrintSettings
    starts: list[tuple[str, int]]
    anchor_pages: dict[str, int]
    first: int

    def labels(self) -> list[str]:
        """The folio of every page."""
        return page_labels(len(self.starts), self.first)


def page_list(
    book: Book, theme: Path, edition: Edition, cache: Path | None, progress: Progress
) -> tuple[list[PageStart], dict[str, str]]:
    """The page starts of `edition` and the folio of each index term, as the whole-book
    layout of that edition would give them."""
    plan = plan_pages(book, theme, edition, cache, progress)
    labels = plan.labels()
    terms = {term.id for chapter in book.chapters for term in chapter.index_terms}
    return (
        [PageStart(label, *start) for label, start in zip(labels, plan.starts, strict=True)],
        {a: labels[page] for a, page in plan.anchor_pages.items() if a in terms},
    )


def plan_pages(
    book: Book, theme: Path, edition: Edition, cache: Path | None, progress: Progress
) -> PagePlan:
    """Lay the edition out part by part (cached, in parallel) and put the parts together."""
    from presswork import pdf

    selected = select_material(book, edition.settings.study)
    index = build_index(selected) if edition.settings.index else ()
    settings = edition.settings
    while True:
        env = make_environment(selected.root)
        css = pdf.page_css(settings, env)
        edition_now = dataclasses.replace(edition, settings=settings)
        job = functools.partial(_part_job, pdf, selected, env, edition_now, index, css, theme)

        chapters = [job(pdf.Part(front=True))]
        chapters += [job(pdf.Part(chapters=(chapter,))) for chapter in selected.chapters]
        layouts = _lay_out(chapters, cache, progress)
        offsets, total = _offsets(layouts)
        preset = PRESETS.get(settings.preset)
        first = offsets[1] if len(offsets) > 1 else 0
        labels_so_far = page_labels(total, first)
        anchor_pages = _anchor_pages(layouts, offsets)
        folios = {anchor: labels_so_far[page] for anchor, page in anchor_pages.items()}
        back_ranges = page_ranges(entries_of(index), anchor_pages) if index else None
        back = job(pdf.Part(back=True, index_folios=folios), back_ranges)
        layouts += _lay_out([back], cache, progress)
        offsets, total = _offsets(layouts)
        if preset is not None:
            needed = preset.gutter(total)
            if parse_length(settings.margin_inner) < needed - 0.01:
                settings = dataclasses.replace(settings, margin_inner=f"{needed / 72:.3f}in")
                continue
        break
    _prune(cache, {job.key for job in [*chapters, back]})
    starts: list[tuple[str, int]] = []
    for layout, offset in zip(layouts, offsets, strict=True):
        starts += [("", 0)] * (offset - len(starts))  # the blank verso before a part
        starts += layout.starts
    if preset is not None:
        starts += [("", 0)] * padding(preset, len(starts), starts[-1] == ("", 0))
    return PagePlan(settings, starts, _anchor_pages(layouts, offsets), first)


def _part_job(
    pdf: Any,
    book: Book,
    env: Any,
    edition: Edition,
    index: tuple[IndexGroup, ...],
    css: str,
    theme: Path,
    part: Any,
    ranges: Any = None,
) -> PartJob:
    """A part's HTML as a job, keyed by everything its layout depends on."""
    html = pdf.print_html(book, env, edition, index, ranges, part)
    digest = hashlib.sha256()
    for piece in (str(CACHE_FORMAT), __version__, html, css, _theme_digest(theme)):
        digest.update(piece.encode("utf-8"))
    base_url = book.root.resolve().as_uri() + "/"
    return PartJob(digest.hexdigest(), html, css, base_url, book.root, theme)


def _anchor_pages(layouts: list[PartLayout], offsets: list[int]) -> dict[str, int]:
    """Element id -> page index in the whole book."""
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


def _lay_out(jobs: list[PartJob], cache: Path | None, progress: Progress) -> list[PartLayout]:
    """Each part from the cache, or laid out (in parallel when there are several)."""
    found: dict[str, PartLayout] = {}
    for job in jobs:
        cached = _read_cache(cache, job.key)
        if cached is not None:
            found[job.key] = cached
    todo = [job for job in jobs if job.key not in found]
    if todo:
        progress(f"laying out {len(todo)} of {len(jobs)} part(s) for the page list")
        workers = min(len(todo), len(os.sched_getaffinity(0)))
        if workers < 2:
            results = [lay_out_part(job) for job in todo]
        else:
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(workers, mp_context=context) as pool:
                results = list(pool.map(lay_out_part, todo, chunksize=1))
        for job, result in zip(todo, results, strict=True):
            found[job.key] = result
            _write_cache(cache, job.key, result)
    return [found[job.key] for job in jobs]


def _prune(cache: Path | None, used: set[str]) -> None:
    """Forget the layouts of parts that no longer exist (old versions of a chapter)."""
    if cache is None or not cache.is_dir():
        return
    for path in cache.glob("*.json"):
        if path.stem not in used:
            path.unlink(missing_ok=True)


def _read_cache(cache: Path | None, key: str) -> PartLayout | None:
    if cache is None:
        return None
    path = cache / f"{key}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return PartLayout([(str(b), int(w)) for b, w in data["starts"]], dict(data["anchors"]))


def _write_cache(cache: Path | None, key: str, layout: PartLayout) -> None:
    if cache is None:
        return
    cache.mkdir(parents=True, exist_ok=True)
    temporary = cache / f".{key}.{os.getpid()}.tmp"
    temporary.write_text(json.dumps(dataclasses.asdict(layout)), encoding="utf-8")
    temporary.replace(cache / f"{key}.json")


_RENDER_STATE: dict[str, Any] = {}


def lay_out_part(job: PartJob) -> PartLayout:
    """Lay one part out with WeasyPrint and read where its pages start."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    from presswork.fetcher import LockedURLFetcher
    from presswork.pagemap import raw_starts
    from presswork.theme import PRINT_STYLESHEETS

    state_key = f"{job.theme}|{job.page_css}"
    if _RENDER_STATE.get("key") != state_key:  # stylesheets and fonts, once per worker
        fonts = FontConfiguration()
        fetcher = LockedURLFetcher([job.theme])
        sheets = [
            weasyprint.CSS(filename=str(job.theme / name), url_fetcher=fetcher, font_config=fonts)
            for name in PRINT_STYLESHEETS
        ]
        sheets.append(weasyprint.CSS(string=job.page_css, font_config=fonts))
        _RENDER_STATE.update(key=state_key, fonts=fonts, sheets=sheets)
    document = weasyprint.HTML(
        string=job.html,
        base_url=job.base_url,
        url_fetcher=LockedURLFetcher([job.root, job.theme]),
    ).render(stylesheets=_RENDER_STATE["sheets"], font_config=_RENDER_STATE["fonts"])
    anchors: dict[str, int] = {}
    for number, page in enumerate(document.pages):
        for anchor in page.anchors:
            anchors.setdefault(anchor, number)
    return PartLayout(raw_starts(document), anchors)
