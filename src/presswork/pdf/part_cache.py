"""The cache of laid-out parts: each part's page starts and anchors as JSON, and its PDF.

Entries are keyed by the hash of everything a part's layout depends on (parts.py makes
the key); a PDF also by the folio it starts on, since its running heads print folios.
Every entry is written to a temporary file and renamed, so a build that stops half way
leaves no partial entry for the next one to read.
"""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class PartLayout:
    """Where each page of a part starts, the page (from 0) each element id is on, and what
    its layout warned about (kept, so a warm build says it again)."""

    starts: list[tuple[str, int]]
    anchors: dict[str, int]
    warnings: list[tuple[str, int, str]] = field(default_factory=list)
    """(logger, level, message) of each warning logged while the part was laid out."""
    tweaks: list[tuple[str, list[str], float, int, bool, float]] = field(default_factory=list)
    """What the pagination pass changed to get these pages (repaginate.Tweak as block,
    words kept whole, tracking, widows, turn, narrow), so `--layout whole` and a warm build
    apply it."""
    pagination: list[tuple[str, int, str]] = field(default_factory=list)
    """The pass's report: ("fixed" or "left", page of the part from 0, the fault)."""


def pdf_path(cache: Path | None, key: str, folio: int) -> Path:
    """Where the PDF of the part `key` starting on `folio` is kept."""
    assert cache is not None
    return cache / f"{key}-{folio}.pdf"


def read_cache(cache: Path | None, key: str) -> PartLayout | None:
    """The part's layout from the cache, or None (not there, or unreadable)."""
    if cache is None:
        return None
    path = cache / f"{key}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not {"tweaks", "pagination"} <= data.keys():  # written before the pass
        return None
    warnings = [(str(n), int(level), str(m)) for n, level, m in data.get("warnings", [])]
    try:
        tweaks = [
            (str(b), [str(w) for w in whole], float(t), int(n), bool(turn), float(narrow))
            for b, whole, t, n, turn, narrow in data["tweaks"]
        ]
    except (TypeError, ValueError):  # another version's entry
        return None
    report = [(str(status), int(page), str(what)) for status, page, what in data["pagination"]]
    return PartLayout(
        [(str(b), int(w)) for b, w in data["starts"]],
        dict(data["anchors"]),
        warnings,
        tweaks,
        report,
    )


def write_cache(cache: Path | None, key: str, layout: PartLayout) -> None:
    """Keep the part's layout for the next build."""
    if cache is None:
        return
    cache.mkdir(parents=True, exist_ok=True)
    temporary = cache / f".{key}.{os.getpid()}.tmp"
    try:
        temporary.write_text(json.dumps(dataclasses.asdict(layout)), encoding="utf-8")
        temporary.replace(cache / f"{key}.json")
    finally:  # a full disk leaves no partial entry
        temporary.unlink(missing_ok=True)


def prune(cache: Path | None, keys: set[str], pdfs: set[str]) -> None:
    """Forget the parts that no longer exist (old versions of a chapter), and, in a build
    that wrote PDFs, the PDFs of a part laid out with folios it no longer has."""
    if cache is None or not cache.is_dir():
        return
    for path in cache.iterdir():
        key = path.name.split(".")[0].split("-")[0]
        stale = key not in keys or (bool(pdfs) and path.suffix == ".pdf" and path.name not in pdfs)
        if path.suffix in (".json", ".pdf") and stale:
            path.unlink(missing_ok=True)
