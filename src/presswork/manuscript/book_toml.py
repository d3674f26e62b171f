"""book.toml -> a validated BookConfig: read, editions resolved, every problem located.

Validation is pydantic's (unknown keys are refused, types are checked, see config.py);
this module reads the file, merges each edition onto what it falls back to, and turns
pydantic's findings into messages that name the key, the line in book.toml and a likely fix.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import fields
from pathlib import Path

from pydantic import TypeAdapter
from pydantic import ValidationError as SchemaError

from presswork.errors import PressworkError
from presswork.manuscript.config import (
    BookConfig,
    ChapterEntry,
    Contributor,
    Edition,
    EpubSettings,
    PrintSettings,
)
from presswork.manuscript.presets import PRESETS

_ADAPTER = TypeAdapter(BookConfig)


def load_config(path: Path) -> BookConfig:
    """Read and validate book.toml, raising a located PressworkError on any problem."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise PressworkError(
            "no book.toml in the manuscript folder",
            path.parent,
            hint="run `presswork new DIR` to see a complete example",
        ) from None
    except UnicodeDecodeError as exc:
        raise PressworkError(
            f"book.toml is not UTF-8 ({exc.reason} at byte {exc.start})",
            path,
            text_line(exc.object, exc.start),
            hint="re-save book.toml as UTF-8",
        ) from None
    except IsADirectoryError:
        raise PressworkError(
            "book.toml is a folder", path, hint="book.toml must be a text file"
        ) from None
    except OSError as exc:
        raise PressworkError(f"cannot read book.toml ({exc.strerror})", path) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"at line (\d+)", str(exc))
        line = int(match.group(1)) if match else None
        raise PressworkError(
            f"book.toml is not valid TOML: {exc}",
            path,
            line,
            hint="check quotes, brackets and commas on that line",
        ) from None
    try:
        _ADAPTER.validate_python({**data, "editions": None})  # book-level keys first
        data = _resolve_editions(data, text, path)
        config = _ADAPTER.validate_python(data)
    except SchemaError as exc:
        raise _explain(exc, text, path) from None
    _check_editions(config, text, path)
    return config


def _resolve_editions(data: dict[str, object], text: str, path: Path) -> dict[str, object]:
    """Each [editions.NAME] table merged onto what it falls back to: Presswork's defaults,
    then its preset, then book.toml's [print], then the edition it `extends`, then its own
    keys. Validation then sees complete [print] tables and points at the edition's key."""
    raw = data.get("editions")
    if raw is None:
        return data
    if not isinstance(raw, dict) or not all(isinstance(v, dict) for v in raw.values()):
        raise PressworkError(
            "`editions` should be tables like [editions.paperback]",
            path,
            _key_line(text, "editions"),
        )
    given = data.get("print", {})
    base: dict[str, object] = given if isinstance(given, dict) else {}  # else refused before

    def merged(name: str, seen: tuple[str, ...]) -> dict[str, object]:
        own = dict(raw[name])
        parent = own.pop("extends", None)
        if parent is None:
            preset = own.get("preset", base.get("preset"))
            start = {**_preset_settings(preset), **base}
        elif parent in seen or parent == name:
            raise PressworkError(
                f"edition {name!r} extends itself through {' -> '.join((*seen, name))}",
                path,
                _table_line(text, name),
                hint="remove one of the `extends` keys",
            )
        elif parent not in raw:
            close = difflib.get_close_matches(str(parent), list(raw), n=1)
            raise PressworkError(
                f"edition {name!r} extends {parent!r}, which is not an edition",
                path,
                _table_line(text, name),
                hint=f"did you mean {close[0]!r}?" if close else "editions: " + ", ".join(raw),
            )
        else:
            start = merged(str(parent), (*seen, name))
            if "preset" in own:  # the parent's preset no longer applies, only its own keys
                written = set(base) | _chain_keys(raw, str(parent))
                inherited = _preset_settings(start.get("preset"))
                start = {k: v for k, v in start.items() if k not in inherited or k in written}
                start = {**start, **_preset_settings(own["preset"])}
        return {**start, **own}

    for name in raw:
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
            raise PressworkError(
                f"edition name {name!r} should be lowercase letters, digits and hyphens",
                path,
                _table_line(text, name),
                hint="it names the output file, e.g. [editions.study-guide]",
            )
    return {**data, "editions": {name: merged(name, ()) for name in raw}}


def _chain_keys(raw: dict[str, dict[str, object]], name: str) -> set[str]:
    """The keys an edition and the editions it extends write themselves."""
    keys: set[str] = set()
    seen: set[str] = set()
    while name in raw and name not in seen:
        seen.add(name)
        keys |= set(raw[name]) - {"extends"}
        name = str(raw[name].get("extends", ""))
    return keys


def _preset_settings(name: object) -> dict[str, object]:
    """What the preset called `name` changes from the defaults (nothing for an unknown
    name, which validation then reports)."""
    preset = PRESETS.get(str(name))
    return dict(preset.settings) if preset else {}


def _check_editions(config: BookConfig, text: str, path: Path) -> None:
    """Refuse what a preset's printer would reject, and a page list tied to no edition."""
    for edition in config.print_editions:
        _check_pdfx(edition, text, path)
        preset = edition.settings.preset
        rules = PRESETS.get(preset)
        if rules is None:
            continue
        for key in rules.forbids:
            if getattr(edition.settings, key) is True:
                raise PressworkError(
                    f"edition {edition.name or '[print]'!r}: the {preset} preset does not "
                    f"allow `{key} = true` (the printer rejects interactive PDFs)",
                    path,
                    _table_line(text, edition.name) if edition.name else _key_line(text, key),
                    hint=f"remove `{key}` or the preset",
                )
        if edition.settings.marks and not rules.allows_marks:
            raise PressworkError(
                f"edition {edition.name or '[print]'!r}: the {preset} preset does not allow "
                "printer's marks",
                path,
                _key_line(text, "marks"),
                hint="make a separate proof edition without the preset for marks",
            )
    wanted = config.epub.page_edition
    if wanted is not None:
        try:
            config.edition(wanted)
        except PressworkError as exc:
            raise PressworkError(
                f"`epub.page_edition`: {exc.message}",
                path,
                _key_line(text, "page_edition"),
                hint=exc.hint,
            ) from None


def _check_pdfx(edition: Edition, text: str, path: Path) -> None:
    """A PDF/X edition is CMYK and has no links: PDF/X allows no annotation on the page."""
    settings = edition.settings
    if settings.pdfx == "none":
        return
    name = edition.name or "[print]"
    where = _table_line(text, edition.name) if edition.name else _key_line(text, "pdfx")
    if settings.color != "cmyk":
        raise PressworkError(
            f'edition {name!r}: `pdfx = {settings.pdfx!r}` needs `color = "cmyk"`',
            path,
            where,
            hint='add `color = "cmyk"`, or remove `pdfx`',
        )
    if settings.links:
        raise PressworkError(
            f"edition {name!r}: `pdfx = {settings.pdfx!r}` does not allow `links = true` "
            "(PDF/X allows no links on the page)",
            path,
            where,
            hint="add `links = false`, or remove `pdfx`",
        )


def text_line(data: bytes, offset: int) -> int:
    """The 1-based line of a byte offset."""
    return data.count(b"\n", 0, offset) + 1


def _table_line(text: str, name: str | None) -> int | None:
    """Line of the [editions.NAME] header."""
    match = re.search(
        rf'^\s*\[\s*editions\.\s*"?{re.escape(name or "")}"?\s*\]', text, re.MULTILINE
    )
    return text.count("\n", 0, match.start()) + 1 if match else None


def _explain(exc: SchemaError, text: str, path: Path) -> PressworkError:
    """Turn pydantic's findings into one message about one key: an unknown key first, since a
    misspelt key also shows up as a missing one."""
    errors = exc.errors()
    unknown = [e for e in errors if e["type"] in ("extra_forbidden", "unexpected_keyword_argument")]
    error = (unknown or errors)[0]
    loc = [str(part) for part in error["loc"] if not isinstance(part, int)]
    key = ".".join(loc) or "book.toml"
    after = _table_line(text, loc[1]) if len(loc) > 2 and loc[0] == "editions" else None
    line = _key_line(text, loc[-1], after) if loc else None
    kind = error["type"]
    if kind == "missing":
        return PressworkError(
            f"required key `{key}` is missing",
            path,
            hint=f"add a line `{loc[-1]} = ...` to book.toml (see the README for every key)",
        )
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):
        known = _known_keys(loc[:-1])
        close = difflib.get_close_matches(loc[-1], known, n=1)
        hint = f"did you mean `{close[0]}`?" if close else "known keys: " + ", ".join(known)
        return PressworkError(f"unknown key `{key}`", path, line, hint=hint)
    message = FRIENDLY_TYPES.get(kind) or str(error["msg"]).removeprefix("Value error, ")
    if kind == "literal_error":
        message = f"should be one of {error.get('ctx', {}).get('expected', '?')}"
    return PressworkError(
        f"`{key}`: {message}",
        path,
        line,
        hint=f"fix `{loc[-1]}` in book.toml; the README describes every key",
    )


def _known_keys(parents: list[str]) -> list[str]:
    """Field names of the table that `parents` leads to."""
    if parents[:1] == ["editions"]:
        return [item.name for item in fields(PrintSettings)] + ["extends"]
    cls = _NESTED.get(parents[-1], BookConfig) if parents else BookConfig
    return [item.name for item in fields(cls)]


# pydantic's wording names Python types; a writer knows TOML's.
FRIENDLY_TYPES = {
    "string_type": "should be text in quotes",
    "tuple_type": 'should be a list, like ["a", "b"]',
    "list_type": 'should be a list, like ["a", "b"]',
    "bool_type": "should be true or false",
    "bool_parsing": "should be true or false",
    "float_type": "should be a number",
    "int_type": "should be a whole number",
    "float_parsing": "should be a number",
    "date_type": "should be a date, like 2026-11-23",
    "date_from_datetime_parsing": "should be a date, like 2026-11-23",
    "date_parsing": "should be a date, like 2026-11-23",
    "dataclass_type": "should be a table",
    "dict_type": "should be a table",
    "literal_error": "has a value that is not allowed (see the README)",
}

_NESTED: dict[str, type] = {
    "print": PrintSettings,
    "editions": PrintSettings,
    "epub": EpubSettings,
    "creators": Contributor,
    "contributors": Contributor,
    "chapters": ChapterEntry,
}


def _key_line(text: str, key: str, after: int | None = None) -> int | None:
    """Line of `key = ...` in the TOML text (first occurrence, or first after line `after`),
    for pointing at the problem."""
    start = 0
    if after:
        start = sum(len(line) + 1 for line in text.split("\n")[: after - 1])
    pattern = re.compile(rf'^\s*"?{re.escape(key)}"?\s*=', re.MULTILINE)
    match = pattern.search(text, start)
    return text.count("\n", 0, match.start()) + 1 if match else None
