"""Writing outputs safely: each is written beside its target under a temporary name, and the
build renames the whole set into place at its end, so a failed or interrupted build leaves
the previous books as they were (all of them, not some old and some new). A lock on the
output folder keeps two builds from writing into it at once."""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@contextmanager
def atomic_target(target: Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success rename it over `target`.

    A build killed outright (SIGKILL) cannot remove its temporary file, so the next build of
    the same target sweeps such leftovers first.
    """
    for stale in target.parent.glob(f".{target.name}.*.part"):
        stale.unlink(missing_ok=True)
    temporary = _beside(target, ".part")
    try:
        yield temporary
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp's 0600 is for secrets, not books
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def _beside(target: Path, suffix: str) -> Path:
    """A new empty temporary file in the target's folder (created if need be)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=target.parent)
    os.close(handle)
    return Path(name)


def _umask() -> int:
    """The process's umask (reading it means setting it, so it is set straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@dataclass(frozen=True)
class Staged:
    """An output written under a temporary name beside its target, not yet in place."""

    target: Path
    temporary: Path


def stage(target: Path, write: Callable[[Path], None]) -> Staged:
    """Run `write(temporary_path)` beside `target`; the result waits for `commit`. A
    failed write leaves nothing behind."""
    # the suffix stays last: EPUBCheck (certify) reads a file by its extension
    temporary = _beside(target, f".part{target.suffix}")
    try:
        write(temporary)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp's 0600 is for secrets, not books
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return Staged(target, temporary)


def commit(staged: list[Staged]) -> None:
    """Move every staged output into place, one rename each, at the end of a build."""
    for item in staged:
        os.replace(item.temporary, item.target)


def discard(staged: list[Staged]) -> None:
    """Remove staged outputs of a build that failed or was interrupted."""
    for item in staged:
        item.temporary.unlink(missing_ok=True)


def sweep(folder: Path, names: list[str]) -> None:
    """Remove temporary files a build killed outright (SIGKILL) left for these outputs; safe
    because the output folder is locked while a build runs."""
    for name in names:
        for stale in folder.glob(f".{name}.*.part*"):
            stale.unlink(missing_ok=True)


@contextmanager
def scratch_folder(out_dir: Path) -> Iterator[Path]:
    """A folder for the build's temporary files under the output's `.cache`, removed at the
    end (on an error, Ctrl-C or SIGTERM too). Python's temporary files go there for the
    length of the build (the one process-wide setting a build changes, put back after), so
    WeasyPrint's font folders, made in worker processes that do not clean up, go with it.
    What a build killed outright left is swept by the next (the folder is locked)."""
    cache = out_dir / ".cache"
    for stale in cache.glob("presswork-*"):
        shutil.rmtree(stale, ignore_errors=True)
    folder = Path(tempfile.mkdtemp(prefix="presswork-", dir=cache))
    previous = tempfile.tempdir
    tempfile.tempdir = str(folder)
    try:
        yield folder
    finally:
        tempfile.tempdir = previous
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def locked(folder: Path, progress: Callable[[str], None]) -> Iterator[None]:
    """Hold the output folder's lock for the length of a build; a second build waits for
    the first, saying so."""
    (folder / ".cache").mkdir(parents=True, exist_ok=True)
    with open(folder / ".cache" / "build.lock", "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            progress(f"waiting for another build into {folder} to finish")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


DEFLATE_LEVEL = 6
"""zlib's default (see normalise_epub_zip)."""


def normalise_epub_zip(
    source: Path,
    target: Path,
    when: dt.datetime,
    rewrite: dict[str, Callable[[bytes], bytes]] | None = None,
) -> None:
    """Rewrite an EPUB so equal content gives equal bytes: `mimetype` first and stored, every
    other entry deflated, all with the build's date and fixed attributes (ebooklib stamps the
    current time on each entry). `rewrite` maps entry names to fixes of their content.
    Deflated at zlib's default level: level 9 made the novel's EPUB 0.16 % smaller (0.5 KB
    of 300 KB) for 50 ms instead of 34 ms, paid by every EPUB build."""
    stamp = when.astimezone(dt.UTC).timetuple()[:6]
    stamp = (max(stamp[0], 1980), *stamp[1:])
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        names = old.namelist()
        ordered = ["mimetype"] + [name for name in names if name != "mimetype"]
        for name in ordered:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = 3
            info.external_attr = 0o644 << 16
            stored = name == "mimetype"
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            data = old.read(name)
            if rewrite and name in rewrite:
                data = rewrite[name](data)
            new.writestr(info, data, compresslevel=None if stored else DEFLATE_LEVEL)
