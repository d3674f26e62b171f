"""A file that holds several `# Title` headings -> that many chapters, as pandoc splits
its EPUB at level 1: a whole book written as one file builds as a book of chapters.

Text before the second title stays with the first chapter (badges, a line of language
links). Each later piece keeps its place in the file: its text starts with as many empty
lines as came before it, so every message still names the file's own line. Headings inside
fenced code and a YAML front-matter block (whose `# comments` look like titles) are not
titles.
"""

from __future__ import annotations

import dataclasses
import re

from presswork.manuscript.front_matter import split_front_matter
from presswork.manuscript.model import Source
from presswork.manuscript.slug import slugify

_ATX_TITLE = re.compile(r"^ {0,3}#[ \t]+(?P<text>\S.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT_TITLE = re.compile(r"^ {0,3}=+[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(?P<mark>`{3,}|~{3,})")
_ATTRIBUTES = re.compile(r"\s*\{[^}]*\}\s*$")


def title_lines(text: str) -> list[tuple[int, str]]:
    """(0-based line, heading text) of each level-1 heading outside code."""
    _, scanned = split_front_matter(text)  # same lines, the metadata block blanked
    lines = scanned.split("\n")
    found: list[tuple[int, str]] = []
    fence = ""
    for index, line in enumerate(lines):
        opened = _FENCE.match(line)
        if opened and (not fence or opened.group("mark").startswith(fence)):
            fence = "" if fence else opened.group("mark")
            continue
        if fence:
            continue
        atx = _ATX_TITLE.match(line)
        if atx:
            found.append((index, _ATTRIBUTES.sub("", atx.group("text"))))
        elif _setext_title(lines, index):
            found.append((index - 1, _ATTRIBUTES.sub("", lines[index - 1].strip())))
    return found


def _setext_title(lines: list[str], index: int) -> bool:
    """A `===` line under a line of text (not a `#` heading) makes that text a title."""
    if not index or not _SETEXT_TITLE.match(lines[index]):
        return False
    above = lines[index - 1]
    return bool(above.strip()) and not _ATX_TITLE.match(above)


def split_chapters(source: Source) -> list[Source]:
    """The chapter as one source per level-1 heading (itself when it has at most one)."""
    titles = title_lines(source.text)
    if len(titles) < 2:
        return [source]
    lines = source.text.split("\n")
    starts = [0] + [line for line, _ in titles[1:]]
    ends = [*starts[1:], len(lines)]
    pieces = [dataclasses.replace(source, text="\n".join(lines[: ends[0]]))]
    for number, (start, end) in enumerate(zip(starts[1:], ends[1:], strict=True), start=1):
        text = "\n" * start + "\n".join(lines[start:end])
        name = slugify(titles[number][1]) or f"part-{number + 1}"
        pieces.append(dataclasses.replace(source, text=text, title=None, piece=name))
    return pieces
