"""User-facing errors: what went wrong, where (file and line), and how to fix it.

Every problem caused by the manuscript is raised as `PressworkError` so the CLI can print it
as one located message instead of a traceback; anything else is a bug in Presswork.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass, fields
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

    def __reduce__(self) -> tuple[type[PressworkError], tuple[object, ...]]:
        """Every field, not only the message, crosses to and from a worker process."""
        return (type(self), tuple(getattr(self, f.name) for f in fields(self)))

    @property
    def place(self) -> str:
        """`file:line`, `file`, or nothing: where a message about it starts."""
        if self.file is None:
            return ""
        return f"{self.file}:{self.line}" if self.line else str(self.file)

    def __str__(self) -> str:
        where = f"{self.place}: " if self.place else ""
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


_OS_HINTS = {
    errno.EACCES: "check the permissions, or choose another output folder with -o",
    errno.EPERM: "check the permissions, or choose another output folder with -o",
    errno.EROFS: "the disk is read-only; choose another output folder with -o",
    errno.ENOSPC: "free some space on that disk, or choose another output folder with -o",
    errno.EDQUOT: "your disk quota is full: free some space, or choose another output folder",
    errno.ENOTDIR: "a part of that path is a file, not a folder: choose another path",
    errno.EISDIR: "that is a folder where a file was expected: choose another path",
    errno.ENAMETOOLONG: "shorten the title, the slug or the folder names",
    errno.EEXIST: "remove the file or choose another path",
}


def from_os_error(exc: OSError) -> PressworkError:
    """An operating-system failure (permission, full disk, a file where a folder should
    be...) as one located message with a likely fix."""
    where = Path(exc.filename) if isinstance(exc.filename, str) else None
    reason = exc.strerror or str(exc)
    hint = _OS_HINTS.get(exc.errno or 0, "check the path and try again")
    return PressworkError(f"cannot write or read here: {reason}", where, hint=hint)


@dataclass
class Problems(PressworkError):
    """Every problem a manuscript has, raised once all of it was read, so the writer fixes
    them in one round instead of one build per problem. It reads as its first problem to
    code that expects a single error (`file`, `line`, `hint`)."""

    found: tuple[PressworkError, ...] = ()

    @classmethod
    def of(cls, found: list[PressworkError]) -> PressworkError:
        """One error as itself, several as a `Problems` sorted by file and line."""
        flat = [item for error in found for item in _flatten(error)]
        if len(flat) == 1:
            return flat[0]
        flat.sort(key=sort_key)
        first = flat[0]
        return cls(first.message, first.file, first.line, first.hint, tuple(flat))

    def __str__(self) -> str:
        return "\n".join(str(error) for error in self.found)


def _flatten(error: PressworkError) -> tuple[PressworkError, ...]:
    return error.found if isinstance(error, Problems) else (error,)


def sort_key(error: PressworkError) -> tuple[str, int]:
    """File, then line: the order a writer works through a manuscript."""
    return (str(error.file or ""), error.line or 0)
