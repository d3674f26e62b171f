"""An edition's pagination report: what the pass fixed and what is left, on which pages.

Each chapter's pass records its faults against its own pages (part_cache.PartLayout); the
edition's report puts them on the book's folios. The build prints the summary, and a
page-end hyphen or a stub page that is left is a warning (so `--strict` fails on it); the
report is also written beside the edition's cached parts, where `presswork check` reads it
for the PDF it was made with.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from presswork.pdf.part_cache import PartLayout

WARNED = ("page-end hyphen", "stub page")
"""Faults a book should never keep: left, they are warnings (and `--strict` fails)."""
FILE_NAME = "pagination.json"


@dataclass(frozen=True)
class Entry:
    """One fault: fixed or left, on the page of this folio."""

    status: str
    folio: str
    fault: str

    @property
    def kind(self) -> str:
        return self.fault.split(" (")[0]


@dataclass
class PaginationReport:
    """What the pagination pass did to an edition."""

    entries: list[Entry] = field(default_factory=list)
    pages: int = 0
    """Pages of the PDF it was made with (so `check` does not read another build's)."""

    @classmethod
    def of(
        cls, layouts: Sequence[PartLayout], offsets: Sequence[int], labels: Sequence[str]
    ) -> PaginationReport:
        """The report of parts laid out at these offsets into pages with these folios."""
        entries = [
            Entry(status, labels[offset + page], fault)
            for layout, offset in zip(layouts, offsets, strict=True)
            for status, page, fault in layout.pagination
        ]
        return cls(entries, len(labels))

    def summary(self) -> str:
        """One line: counts fixed and left by kind."""
        fixed = Counter(entry.kind for entry in self.entries if entry.status == "fixed")
        left = Counter(entry.kind for entry in self.entries if entry.status == "left")
        if not fixed and not left:
            return "pagination: nothing to fix"
        return f"pagination: fixed {_counts(fixed)}; left {_counts(left)}"

    def details(self) -> list[str]:
        """Every fault left, with its page (runts and ladders: the report alone)."""
        return [
            f"page {entry.folio}: {entry.fault}" for entry in self.entries if entry.status == "left"
        ]

    def warnings(self) -> list[str]:
        """A line for each page-end hyphen or stub page left."""
        return [
            f"page {entry.folio}: {entry.fault} left by the pagination pass"
            for entry in self.entries
            if entry.status == "left" and entry.kind in WARNED
        ]

    def write(self, folder: Path) -> None:
        """Keep the report beside the edition's cached parts."""
        folder.mkdir(parents=True, exist_ok=True)
        data = {"pages": self.pages, "entries": [asdict(entry) for entry in self.entries]}
        (folder / FILE_NAME).write_text(json.dumps(data, indent=1), encoding="utf-8")

    @classmethod
    def read(cls, folder: Path, pages: int) -> PaginationReport | None:
        """The report kept for an edition whose PDF has `pages` pages (None: none kept,
        or kept for another build of it)."""
        try:
            data = json.loads((folder / FILE_NAME).read_text(encoding="utf-8"))
            entries = [
                Entry(str(e["status"]), str(e["folio"]), str(e["fault"])) for e in data["entries"]
            ]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return cls(entries, pages) if data.get("pages") == pages else None


def _counts(counter: Counter[str]) -> str:
    if not counter:
        return "none"
    counted = sorted(counter.items())
    return ", ".join(f"{count} {kind}{'s' if count != 1 else ''}" for kind, count in counted)
