"""Every error and warning of a run, printed together: sorted by file and line, repeats of
one message in one file folded into one line, a hint said once for a run of messages that
share it, and a summary line (`14 errors, 3 warnings in 6 files`).

Errors arrive as `PressworkError`s (a `Problems` holds many); warnings as the logged lines
the CLI collected, which start `file:line:` when they have a place.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass

from presswork.errors import PressworkError, Problems

# `path:line: text` or `path: text`, as Presswork's warnings start; the path has a suffix.
_PLACE = re.compile(
    r"^(?P<file>[^\s:][^:\n]*\.[A-Za-z0-9]{1,9}):(?:(?P<line>\d+):)? (?P<text>.*)$", re.S
)


@dataclass
class Message:
    """One problem as printed: kind, place, what happened, how to fix it."""

    kind: str
    file: str
    lines: list[int]
    text: str
    hint: str | None = None

    def render(self) -> list[str]:
        """The message as printed: `file:line: kind: text`, later lines of a fold after."""
        where = f"{self.file}:" if self.file else ""
        if self.lines:
            where += f"{self.lines[0]}:"
        more = ""
        if len(self.lines) > 1:
            more = " (also line" + ("s " if len(self.lines) > 2 else " ")
            more += ", ".join(str(n) for n in self.lines[1:]) + ")"
        return [f"{where} {self.kind}: {self.text}{more}".lstrip()]


def from_error(error: PressworkError) -> Message:
    """An error as a message."""
    return Message(
        "error",
        str(error.file) if error.file else "",
        [error.line] if error.line else [],
        error.message,
        error.hint,
    )


def from_warning(logged: str) -> Message:
    """A collected warning (`logger: text`) as a message with its place, if it has one."""
    text = (
        logged.split(": ", 1)[1] if logged.startswith(("presswork: ", "weasyprint: ")) else logged
    )
    text = text.replace("\n", " ")
    placed = _PLACE.match(text)
    if placed is None:
        return Message("warning", "", [], text)
    line = placed.group("line")
    return Message("warning", placed.group("file"), [int(line)] if line else [], placed["text"])


def gathered(error: PressworkError | None, warnings: list[str]) -> list[Message]:
    """Errors and warnings in one list, sorted by place and folded."""
    errors = list(error.found) if isinstance(error, Problems) else [error] if error else []
    messages = [from_error(e) for e in errors] + [from_warning(w) for w in warnings]
    messages.sort(key=lambda m: (m.file, m.lines[:1] or [0], m.kind != "error"))
    folded: list[Message] = []
    index: dict[tuple[str, str, str], Message] = {}
    for message in messages:
        key = (message.kind, message.file, message.text)
        if key in index and message.lines:
            kept = index[key].lines
            kept += [line for line in message.lines if line not in kept]
            continue
        if key in index:
            continue
        index[key] = message
        folded.append(message)
    return folded


def report_lines(messages: list[Message]) -> list[str]:
    """The printed report: each message, its hint once per run that shares it."""
    out: list[str] = []
    for position, message in enumerate(messages):
        out += message.render()
        following = messages[position + 1].hint if position + 1 < len(messages) else None
        if message.hint and message.hint != following:
            out.append(f"  hint: {message.hint}")
    return out


def summary(messages: list[Message]) -> str:
    """`2 errors, 1 warning in 3 files`."""
    errors = sum(1 for m in messages for _ in (m.lines or [0]) if m.kind == "error")
    warnings = sum(1 for m in messages for _ in (m.lines or [0]) if m.kind == "warning")
    files = len({m.file for m in messages if m.file})
    text = f"{_count(errors, 'error')}, {_count(warnings, 'warning')}"
    return text + (f" in {_count(files, 'file')}" if files else "")


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


def print_problems(
    error: PressworkError | None, warnings: list[str], offer_draft: bool = False
) -> None:
    """Every error and warning of the run, sorted by place, with a summary line; a lone
    error stays the one located message it is."""
    messages = gathered(error, warnings)
    if error is not None and len(messages) == 1 and not isinstance(error, Problems):
        print(f"presswork: {error}", file=sys.stderr)
        return
    for line in report_lines(messages):
        print(line, file=sys.stderr)
    tail = summary(messages)
    if error is not None and offer_draft:
        tail += "; `presswork build --draft` builds it anyway, with stand-ins listed"
    print(f"presswork: {tail}", file=sys.stderr)
