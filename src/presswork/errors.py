"""User-facing errors: what went wrong, where (file and line), and how to fix it.

Every problem caused by the manuscript is raised as `PressworkError` so the CLI can print it
as one located message instead of a traceback; anything else is a bug in Presswork.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class PressworkError(Exception):
    """A problem the writer can fix, located as precisely as we know."""

    message: str
    file: Path | None = None
    line: int | None = None
    hint: str | None = None

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        text = f"{where}error: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


def line_of(text: str, needle: str, occurrence: int = 1) -> int | None:
    """1-based line of the n-th occurrence of `needle` in `text`, for locating errors that
    Python-Markdown reports without positions (it keeps none)."""
    index = -1
    for _ in range(occurrence):
        index = text.find(needle, index + 1)
        if index < 0:
            return None
    return text.count("\n", 0, index) + 1
