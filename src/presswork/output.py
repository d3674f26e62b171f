"""Writing outputs safely: build next to the target, then rename, so a failed or interrupted
build never leaves a half-written book where the previous good one was."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_target(target: Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success rename it over `target`.

    A build killed outright (SIGKILL) cannot remove its temporary file, so the next build of
    the same target sweeps such leftovers first.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    for stale in target.parent.glob(f".{target.name}.*.part"):
        stale.unlink(missing_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp's 0600 is for secrets, not books
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def _umask() -> int:
    """The process's umask (reading it means setting it, so it is set straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomically(target: Path, write: Callable[[Path], None]) -> None:
    """Run `write(temporary_path)` and move the result into place only if it succeeds."""
    with atomic_target(target) as temporary:
        write(temporary)


def normalise_epub_zip(
    source: Path,
    target: Path,
    when: dt.datetime,
    rewrite: dict[str, Callable[[bytes], bytes]] | None = None,
) -> None:
    """Rewrite an EPUB so equal content gives equal bytes: `mimetype` first and stored, every
    other entry deflated, all with the build's date and fixed attributes (ebooklib stamps the
    current time on each entry). `rewrite` maps entry names to fixes of their content."""
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
            new.writestr(info, data, compresslevel=None if stored else 9)
