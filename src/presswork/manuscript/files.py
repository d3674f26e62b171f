"""Every file a manuscript names or ships -> its path, once it is proven to be the writer's.

A manuscript is untrusted input: a chapter, image, cover, stylesheet, font, template or
labels file could be a symbolic link to /etc/passwd, a `../..` path, a folder or a FIFO.
Every reader of the manuscript's files goes through `manuscript_file` (or `walk` for a
whole folder), which accepts only readable regular files whose real path lies inside the
manuscript (a symbolic link from one of its files to another is fine; templates, which are
code, may not be links at all), and reports anything else as a located error.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from presswork.errors import PressworkError


def manuscript_file(
    root: Path,
    name: str | Path,
    what: str,
    named_in: Path | None = None,
    line: int | None = None,
    links: bool = True,
) -> Path:
    """The path of the manuscript's file `name` (relative to `root`), or a located error
    (at `named_in`:`line` when the name comes from there, else at the file itself).
    Without `links`, no part of the path below `root` may be a symbolic link."""
    relative = Path(name)
    path = root / relative
    where = named_in or path
    if relative.is_absolute() or ".." in relative.parts:
        raise PressworkError(
            f"{what} {str(name)!r} lies outside the manuscript folder",
            where,
            line,
            hint="move the file into the manuscript folder and name it relative to it",
        )
    linked = _first_link(root, path)
    if linked is not None and (not links or not path.resolve().is_relative_to(root.resolve())):
        through = f" ({linked.relative_to(root)})" if linked != path else ""
        raise PressworkError(
            f"{what} {str(name)!r} is a symbolic link{through}"
            + ("" if not links else " to a file outside the manuscript"),
            where,
            line,
            hint="copy the file into the manuscript instead of linking to it",
        )
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise PressworkError(
            f"{what} {str(name)!r} not found",
            where,
            line,
            hint=f"create {path} or fix the name",
        ) from None
    except OSError as exc:
        raise PressworkError(f"{what} {str(name)!r}: {exc.strerror}", where, line) from None
    if not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
        raise PressworkError(
            f"{what} {str(name)!r} is {kind}",
            where,
            line,
            hint="name a file (a chapter is a .md file, an image a picture file)",
        )
    if not os.access(path, os.R_OK):
        raise PressworkError(
            f"{what} {str(name)!r} cannot be read (permission denied)",
            where,
            line,
            hint=f"chmod a+r {path}",
        )
    return path


def _first_link(root: Path, path: Path) -> Path | None:
    """The first part of `path` below `root` that is a symbolic link, if any."""
    parts = path.relative_to(root).parts
    for depth in range(1, len(parts) + 1):
        part = root.joinpath(*parts[:depth])
        if part.is_symlink():
            return part
    return None


def walk(root: Path, folder: str, what: str) -> Iterator[Path]:
    """Every file under the manuscript's `folder` (sorted), each checked as by
    `manuscript_file`; nothing if the folder does not exist."""
    base = root / folder
    if not base.exists() and not base.is_symlink():
        return
    if base.is_symlink() or not base.is_dir():
        raise PressworkError(
            f"{folder}/ in the manuscript must be a folder, not a link or a file",
            base,
            hint="copy the files into the manuscript instead of linking to them",
        )
    for dirpath, dirnames, filenames in os.walk(base):  # does not follow linked folders
        linked = [name for name in dirnames if (Path(dirpath) / name).is_symlink()]
        for name in sorted(linked + filenames):
            yield manuscript_file(root, (Path(dirpath) / name).relative_to(root), what, links=False)
        dirnames.sort()
