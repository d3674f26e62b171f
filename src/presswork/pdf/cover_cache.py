"""The EPUB's drawn cover kept between builds, under the output's `.cache/cover/`.

Drawing it costs a process of its own, WeasyPrint's import and a page laid out and
rasterised (0.6 s of CPU beside the parse, on the core a rebuild lays its edited chapter
out on), and it depends only on the book's metadata, the theme, the templates and the
libraries that draw it: the same inputs always draw the same bytes
(tests/pdf/test_cover_front.py). So a build whose inputs hash to a kept image uses it and
forks nothing. It is read before the build takes the output's lock (a stale read only
costs a drawing) and written under it, the image of any other key deleted then.
"""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

from presswork import __version__
from presswork.errors import PressworkError
from presswork.manuscript.config import BookConfig
from presswork.manuscript.files import walk
from presswork.output import atomic_target
from presswork.theme.styles import default_styles
from presswork.theme.templates import PACKAGE_TEMPLATES

LIBRARIES = ("weasyprint", "pypdfium2", "pillow", "jinja2")
"""What draws the cover: a new release may draw other bytes."""
SUFFIX = ".jpg"


class KeptCover:
    """The kept image for one book's cover inputs (no key: nothing is kept)."""

    def __init__(self, folder: Path, key: str | None) -> None:
        self.folder, self.key = folder, key

    @property
    def path(self) -> Path | None:
        """Where this key's image is kept."""
        return self.folder / f"{self.key}{SUFFIX}" if self.key is not None else None

    def get(self) -> bytes | None:
        """The image drawn by an earlier build from the same inputs, if one is kept."""
        try:
            return self.path.read_bytes() if self.path is not None else None
        except OSError:
            return None

    def save(self, jpeg: bytes) -> None:
        """Keep this build's image (under the output's lock) and forget any other."""
        if self.path is None:
            return
        with atomic_target(self.path) as temporary:
            temporary.write_bytes(jpeg)
        for other in self.folder.glob(f"*{SUFFIX}"):
            if other != self.path:
                other.unlink(missing_ok=True)


def kept_cover(folder: Path, config: BookConfig, manuscript: Path) -> KeptCover:
    """The kept cover for this book's inputs; keyed by nothing (never kept) when the
    manuscript's styles/ or templates/ cannot be read: drawing it reports why."""
    try:
        key = cover_key(config, manuscript)
    except (PressworkError, OSError):
        key = None
    return KeptCover(folder, key)


def cover_key(config: BookConfig, manuscript: Path) -> str:
    """A hash of everything the drawn cover depends on: the book's metadata (all of
    book.toml: a change anywhere draws it again), the theme and templates, the manuscript's
    own styles/ and templates/, the drawing code and the versions of what draws it."""
    digest = hashlib.sha256()
    versions = [__version__, *(_version(name) for name in LIBRARIES)]
    digest.update(" ".join(versions).encode())
    digest.update(repr(config).encode())
    digest.update((Path(__file__).parent / "cover_front.py").read_bytes())
    package = [
        (f"package/{path.relative_to(folder.parent).as_posix()}", path)
        for folder in (default_styles(), PACKAGE_TEMPLATES)
        for path in sorted(p for p in folder.rglob("*") if p.is_file())
    ]
    own = [
        (f"manuscript/{path.relative_to(manuscript).as_posix()}", path)
        for folder in ("styles", "templates")
        for path in walk(manuscript, folder, "theme file")
    ]
    for name, path in [*package, *own]:
        digest.update(f"\0{name}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"
