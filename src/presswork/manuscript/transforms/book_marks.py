"""Marks written for a web page that mean something else in a book: a `[TOC]` marker (the
book makes its own contents, so it is dropped with a warning) and scene breaks in a row (one
break is printed, not ten ⁂)."""

from __future__ import annotations

import logging

from lxml import etree

from presswork.errors import line_of
from presswork.manuscript.transforms import ParseState
from presswork.manuscript.transforms.xhtml import find_all, remove_keeping_tail, text_of

LOG = logging.getLogger("presswork")
TOC_MARKER = "[TOC]"


def drop_toc_markers(root: etree._Element, state: ParseState) -> None:
    """Remove paragraphs holding only `[TOC]`, saying where."""
    for paragraph in find_all(root, ".//p"):
        if text_of(paragraph) == TOC_MARKER and len(paragraph) == 0:
            line = line_of(state.text, TOC_MARKER)
            LOG.warning(
                "%s:%s: a [TOC] marker was left out: the book has its own contents",
                state.source,
                line or "?",
            )
            remove_keeping_tail(paragraph)


def merge_scene_breaks(root: etree._Element) -> None:
    """One scene break where several follow each other with nothing between them."""
    for rule in find_all(root, ".//hr"):
        previous = rule.getprevious()
        before = previous.tail if previous is not None else rule.getparent().text  # type: ignore[union-attr]
        if previous is not None and previous.tag == "hr" and not (before or "").strip():
            remove_keeping_tail(rule)
