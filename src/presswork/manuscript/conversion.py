"""Each chapter's Markdown as Python-Markdown's HTML: the part of the parse that depends on
nothing but the chapter's text and the book's reference definitions.

So it is kept from one build to the next (markdown_cache.py), and a long book's chapters
can be converted ahead, some of them in a second process while the parse goes through the
others (build.py; about four fifths of a cold parse is this conversion: 1.8 s of the
500k-word book's 2.3 s). `Awaiting` is the cache the parse then reads: the conversions
made elsewhere arrive when the parse first asks for one of them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import markdown

from presswork.errors import PressworkError
from presswork.manuscript.dialect import make_markdown
from presswork.manuscript.front_matter import split_front_matter
from presswork.manuscript.markdown_cache import Converted, MarkdownCache
from presswork.manuscript.model import Source

Made = dict[str, Converted]
"""Conversions by their cache key."""

AHEAD = 120_000
"""Characters of Markdown to convert below which a second process is not worth its start
(a novel has about 500,000; the edited chapter of a rebuild is the only one to convert)."""
SHARE = 0.45
"""The parse's own share of the text to convert: it also runs the tree transforms of every
chapter (a fifth of a conversion's time), the second process only converts."""


def conversion(
    md: Callable[[], markdown.Markdown],
    source: Source,
    text: str,
    references: dict[str, tuple[str, str]],
    cache: MarkdownCache | None,
) -> Converted:
    """The chapter's `text` (its Markdown without its metadata block) converted, from
    `cache` when it holds it (and kept there when it did not)."""
    key = cache.key(text, references) if cache is not None else ""
    converted = cache.get(key) if cache is not None else None
    if converted is None:
        converted = _markdown(md(), text, references, source)
        if cache is not None:
            cache.put(key, converted)
    return converted


def convert_ahead(
    sources: tuple[Source, ...], references: dict[str, tuple[str, str]], cache: MarkdownCache
) -> Made:
    """Convert the chapters `cache` lacks, into it; what was converted. A chapter that
    cannot be converted is left for the parse, which says why beside its other problems."""
    md = functools.cache(make_markdown)
    made: Made = {}
    for source in sources:
        try:
            _, text = split_front_matter(source.text)
            key = cache.key(text, references)
            if cache.get(key) is None:
                made[key] = _markdown(md(), text, references, source)
                cache.put(key, made[key])
        except PressworkError:
            continue
    return made


def split_ahead(
    sources: tuple[Source, ...], references: dict[str, tuple[str, str]], cache: MarkdownCache
) -> dict[str, Source]:
    """The chapters at the end of the book that a second process should convert, by the
    key of their conversion: those after the parse's share of the text still to convert
    (none when there is little)."""
    if sum(len(source.text) for source in sources) < AHEAD:
        return {}  # too little even if none of it is cached: nothing hashed, nothing read
    left = []
    for source in sources:
        try:
            _, text = split_front_matter(source.text)
        except PressworkError:
            continue
        key = cache.key(text, references)
        if cache.get(key) is None:
            left.append((key, source, len(text)))
    total = sum(size for _, _, size in left)
    done = 0
    for position, (_, _, size) in enumerate(left):
        done += size
        if total >= AHEAD and done >= total * SHARE:
            return {key: source for key, source, _ in left[position + 1 :]}
    return {}


class Awaiting(MarkdownCache):
    """A cache whose conversions of the `pending` chapters are being made elsewhere: the
    first time the parse asks for one, `receive` waits for them all. One that did not
    arrive (the other process stopped) is converted by the parse."""

    def __init__(
        self, cache: MarkdownCache, pending: set[str], receive: Callable[[], Made]
    ) -> None:
        super().__init__(cache.folder)
        self.kept, self.dialect = cache.kept, cache.dialect
        self.pending, self.receive = pending, receive

    def get(self, key: str) -> Converted | None:
        if key in self.pending:
            self.pending = set()
            try:
                made = self.receive()
            except PressworkError:  # the other process stopped: the parse converts them
                made = {}
            for kept, converted in made.items():
                self.put(kept, converted)
        return super().get(key)


def _markdown(
    md: markdown.Markdown, text: str, references: dict[str, tuple[str, str]], source: Source
) -> Converted:
    """Python-Markdown's conversion (it recurses: a bound, located)."""
    md.reset()
    md.references.update(references)
    try:
        html = md.convert(text)
    except RecursionError:
        raise PressworkError(
            "the text is nested too deeply to parse",
            source.path,
            hint="flatten the lists, quotes or HTML blocks",
        ) from None
    left = [first for ext in md.registeredExtensions for first in getattr(ext, "left_as_text", ())]
    return Converted(html, tuple(left))
