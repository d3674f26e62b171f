"""Warnings logged while a part is laid out, kept as data: a forked worker's log goes
nowhere, so every layout hands its warnings back and the process that asked for it logs
them, once, saying which part they came from."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from presswork.pdf.part_cache import PartLayout

LOGGERS = ("presswork", "weasyprint")


class _Capture(logging.Handler):
    """Keeps the warnings of one layout, to hand back to the process that asked for it."""

    def __init__(self, found: list[tuple[str, int, str]]) -> None:
        super().__init__(level=logging.WARNING)
        self.found = found

    def emit(self, record: logging.LogRecord) -> None:
        self.found.append((record.name, record.levelno, record.getMessage()))


@contextmanager
def captured() -> Iterator[list[tuple[str, int, str]]]:
    """Warnings logged inside the block, kept instead of logged: a forked worker's log
    goes nowhere, so every layout hands its warnings back as data (the caller logs them,
    once, with the part they came from)."""
    found: list[tuple[str, int, str]] = []
    capture = _Capture(found)
    saved = {
        name: (logging.getLogger(name).handlers[:], logging.getLogger(name).propagate)
        for name in LOGGERS
    }
    for name in LOGGERS:
        logger = logging.getLogger(name)
        logger.handlers, logger.propagate = [capture], False
    try:
        yield found
    finally:
        for name in LOGGERS:
            logger = logging.getLogger(name)
            logger.handlers, logger.propagate = saved[name][0], saved[name][1]


def relog(layout: PartLayout, where: str) -> None:
    """Log a part's warnings in this process, saying which part they came from."""
    for name, level, message in layout.warnings:
        logging.getLogger(name).log(level, "%s (laying out %s)", message, where)
