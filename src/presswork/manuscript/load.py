"""A manuscript folder -> its validated config and its chapter sources, read exactly once.

Everything that can be wrong with the files themselves (missing, listed twice, not UTF-8,
empty, holding characters XML forbids) is found here and reported with file and line, before
any parsing starts.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from pathlib import Path

from presswork.errors import PressworkError, Problems, line_of
from presswork.manuscript.book_toml import load_config
from presswork.manuscript.config import BookConfig, ChapterEntry
from presswork.manuscript.files import manuscript_file
from presswork.manuscript.limits import check_pixels, check_size, check_source
from presswork.manuscript.model import Source
from presswork.manuscript.split import split_chapters

LOG = logging.getLogger("presswork")
COVER_TYPES = (".jpg", ".jpeg", ".png")
# C0 controls other than tab and newline, and the non-characters XML 1.0 forbids.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def load_manuscript(root: Path) -> tuple[BookConfig, tuple[Source, ...]]:
    """Read book.toml and every chapter it lists."""
    if not root.is_dir():
        raise PressworkError(
            f"manuscript folder {root} does not exist",
            hint="pass the folder that holds book.toml, or create one with `presswork new DIR`",
        )
    config_path = root / "book.toml"
    config = load_config(config_path)
    config_text = config_path.read_text(encoding="utf-8-sig")
    seen: set[str] = set()
    sources = []
    problems: list[PressworkError] = []
    for entry in config.chapters:
        line = line_of(config_text, f'"{entry.file}"', 2 if entry.file in seen else 1)
        try:
            sources += split_chapters(_source(root, entry, config_path, line, seen))
        except PressworkError as error:  # every chapter is read before any is refused
            problems.append(error)
        seen.add(entry.file)
    _warn_unlisted(root, seen)
    try:
        _check_cover(root, config, config_path, config_text)
    except PressworkError as error:
        problems.append(error)
    if problems:
        raise Problems.of(problems)
    return config, tuple(sources)


def _source(
    root: Path, entry: ChapterEntry, config_path: Path, line: int | None, seen: set[str]
) -> Source:
    """One chapter as listed in book.toml, read and checked."""
    if entry.file in seen:
        raise PressworkError(
            f"chapter {entry.file!r} is listed twice",
            config_path,
            line,
            hint="remove one of the entries from `chapters`",
        )
    path = _chapter_path(root, entry.file, config_path, line)
    return Source(entry.file, path, _read_text(path), entry.title, entry.study)


def _check_cover(root: Path, config: BookConfig, config_path: Path, config_text: str) -> None:
    if not config.epub.cover:
        return
    line = line_of(config_text, f'"{config.epub.cover}"')
    cover = manuscript_file(root, config.epub.cover, "cover image", config_path, line)
    if cover.suffix.lower() not in COVER_TYPES:
        raise PressworkError(
            f"cover image {config.epub.cover!r} should be a JPEG or PNG file",
            config_path,
            line,
            hint="export the cover as .jpg or .png",
        )
    check_pixels(cover, config_path)  # a picture, and not a decompression bomb


def build_date(config: BookConfig) -> dt.datetime:
    """The one date every output carries: SOURCE_DATE_EPOCH, else book.toml's date, else now.

    Taking it from the environment or the manuscript, never the clock, is what makes two
    builds of the same manuscript byte-identical.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except ValueError:
            raise PressworkError(
                f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds",
                hint="set it to e.g. $(git log -1 --format=%ct)",
            ) from None
    if config.date:
        return dt.datetime.combine(config.date, dt.time(), tzinfo=dt.UTC)
    return dt.datetime.now(tz=dt.UTC).replace(microsecond=0)


def _chapter_path(root: Path, name: str, config_path: Path, line: int | None) -> Path:
    return manuscript_file(root, name, "chapter file", config_path, line)


def _read_text(path: Path) -> str:
    """Decoded text with BOM and CR line endings gone; located errors for what XML refuses."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PressworkError(f"cannot read the chapter ({exc.strerror})", path) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PressworkError(
            "the chapter is UTF-16, not UTF-8",
            path,
            hint="re-save the file as UTF-8 (e.g. `iconv -f utf-16 -t utf-8`)",
        )
    check_size(len(data), path)  # before decoding a huge file
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise PressworkError(
            f"not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            path,
            line,
            hint="re-save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)",
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = _FORBIDDEN.search(text)
    if bad:
        raise PressworkError(
            f"control character U+{ord(bad.group()):04X} cannot appear in a book",
            path,
            text.count("\n", 0, bad.start()) + 1,
            hint="delete it",
        )
    if not text.strip():
        raise PressworkError(
            "chapter is empty", path, hint="write some text, or remove the file from `chapters`"
        )
    check_source(text, path)
    return text


def _warn_unlisted(root: Path, listed: set[str]) -> None:
    for path in sorted(root.glob("*.md")):
        if path.name not in listed and path.name.lower() != "readme.md":
            LOG.warning("%s: not listed in book.toml `chapters`, so not in the book", path)
