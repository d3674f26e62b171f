"""book.toml -> frozen, validated configuration dataclasses.

Validation is pydantic's (unknown keys are refused, types are checked); this module only turns
its findings into messages that name the key, the line in book.toml and a likely fix.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
import uuid
from dataclasses import fields
from pathlib import Path
from typing import Any, Literal

import langcodes
from pydantic import ConfigDict, TypeAdapter, field_validator
from pydantic import ValidationError as SchemaError
from pydantic.dataclasses import dataclass
from stdnum import isbn
from stdnum.exceptions import ValidationError

from presswork.errors import PressworkError
from presswork.lengths import parse_length, parse_trim
from presswork.slug import slugify

_SCHEMA = ConfigDict(extra="forbid", use_attribute_docstrings=True)
RTL_LANGUAGES = frozenset({"ar", "arc", "dv", "fa", "he", "ku", "ps", "sd", "ug", "ur", "yi"})


@dataclass(frozen=True, config=_SCHEMA)
class Contributor:
    """A person credited in the book."""

    name: str
    """Name as printed on the title page."""
    role: str = "aut"
    """MARC relator code: aut (author), edt (editor), trl (translator), ill (illustrator)."""
    file_as: str | None = None
    """Sort form of the name, e.g. "Hernandez, Jose"."""


@dataclass(frozen=True, config=_SCHEMA)
class ChapterEntry:
    """One chapter in reading order."""

    file: str
    """Markdown file, relative to the manuscript folder."""
    title: str | None = None
    """Title for a chapter whose file has no `# heading` of its own."""


@dataclass(frozen=True, config=_SCHEMA)
class PrintSettings:
    """Page geometry and type for the PDF."""

    trim: str = "6in 9in"
    """Trimmed page size: two CSS lengths, or letter, a4, a5, 5x8, 5.5x8.5, 6x9."""
    margin_top: str = "0.75in"
    """Space above the text block (the running head sits inside it)."""
    margin_bottom: str = "0.85in"
    """Space below the text block (the folio sits inside it)."""
    margin_inner: str = "0.875in"
    """Gutter: the margin at the binding, left on rectos and right on versos."""
    margin_outer: str = "0.625in"
    """The margin at the fore-edge."""
    font_size: str = "10.5pt"
    """Body text size."""
    line_height: float = 1.4
    """Body leading as a multiple of the font size."""
    hyphenate: bool = True
    """Hyphenate justified text with the dictionary of the book's language."""

    @field_validator("trim")
    @classmethod
    def _trim(cls, value: str) -> str:
        parse_trim(value)
        return value

    @field_validator("margin_top", "margin_bottom", "margin_inner", "margin_outer", "font_size")
    @classmethod
    def _length(cls, value: str) -> str:
        parse_length(value)
        return value


@dataclass(frozen=True, config=_SCHEMA)
class EpubSettings:
    """Options for the EPUB."""

    embed_fonts: bool = True
    """Embed the theme's fonts (subset to the book's characters) in the EPUB."""
    cover: str | None = None
    """Cover image (JPEG or PNG) relative to the manuscript; generated from the title if absent."""
    page_list: bool = True
    """Mark where each printed page begins (a page list matching the PDF); costs a layout."""


@dataclass(frozen=True, config=_SCHEMA)
class BookConfig:
    """Everything book.toml says about the book."""

    title: str
    """The book's title."""
    language: str
    """BCP 47 language tag of the text, e.g. en, en-GB, zh-Hans, ar."""
    chapters: tuple[ChapterEntry, ...]
    """Chapter files in reading order: a file name, or {file = ..., title = ...}."""
    subtitle: str | None = None
    """Subtitle, shown on the title page."""
    creators: tuple[Contributor, ...] = ()
    """Authors (and other primary creators)."""
    contributors: tuple[Contributor, ...] = ()
    """Editors, translators, illustrators."""
    identifier: str | None = None
    """Stable unique identifier (urn:uuid:..., urn:isbn:...); derived from the title if absent."""
    publisher: str | None = None
    """Publisher's name."""
    date: dt.date | None = None
    """Publication date (YYYY-MM-DD); also the build date unless SOURCE_DATE_EPOCH is set."""
    rights: str | None = None
    """Copyright or licence statement for the copyright page."""
    description: str | None = None
    """Blurb, stored in the EPUB and PDF metadata."""
    subjects: tuple[str, ...] = ()
    """Subject keywords."""
    slug: str | None = None
    """Base name of the output files; derived from the title if absent."""
    direction: Literal["ltr", "rtl"] | None = None
    """Text direction; derived from the language if absent."""
    print: PrintSettings = PrintSettings()
    """Print layout, see [print]."""
    epub: EpubSettings = EpubSettings()
    """EPUB options, see [epub]."""

    @field_validator("title")
    @classmethod
    def _title(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the title is empty")
        return value.strip()

    @field_validator("description", "rights")
    @classmethod
    def _one_line(cls, value: str | None) -> str | None:
        return " ".join(value.split()) if value else value

    @field_validator("identifier")
    @classmethod
    def _identifier(cls, value: str | None) -> str | None:
        if value and value.lower().startswith("urn:isbn:"):
            try:
                number = isbn.validate(value[9:])
            except ValidationError as exc:  # stdnum's, not pydantic's
                raise ValueError(f"{value[9:]!r} is not a valid ISBN: {exc}") from None
            return f"urn:isbn:{number}"
        return value

    @field_validator("language")
    @classmethod
    def _language(cls, value: str) -> str:
        if not langcodes.tag_is_valid(value):
            raise ValueError(f"{value!r} is not a valid BCP 47 language tag (try en, fr, zh-Hans)")
        return value

    @field_validator("chapters", mode="before")
    @classmethod
    def _chapters(cls, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return [{"file": item} if isinstance(item, str) else item for item in value]
        return value

    @property
    def book_slug(self) -> str:
        """File name stem for the outputs."""
        return self.slug or slugify(self.title) or "book"

    @property
    def book_id(self) -> str:
        """The identifier, or one derived from the title so rebuilds keep it."""
        if self.identifier:
            return self.identifier
        names = "|".join(c.name for c in self.creators)
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'presswork:{self.title}|{names}')}"

    @property
    def text_direction(self) -> str:
        """ltr or rtl."""
        if self.direction:
            return self.direction
        primary = self.language.split("-")[0].lower()
        return "rtl" if primary in RTL_LANGUAGES else "ltr"


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
        raise PressworkError(f"book.toml is not UTF-8 ({exc.reason})", path) from None
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
        return _ADAPTER.validate_python(data)
    except SchemaError as exc:
        raise _explain(exc, text, path) from None


def _explain(exc: SchemaError, text: str, path: Path) -> PressworkError:
    """Turn pydantic's findings into one message about one key: an unknown key first, since a
    misspelt key also shows up as a missing one."""
    errors = exc.errors()
    unknown = [e for e in errors if e["type"] in ("extra_forbidden", "unexpected_keyword_argument")]
    error = (unknown or errors)[0]
    loc = [str(part) for part in error["loc"] if not isinstance(part, int)]
    key = ".".join(loc) or "book.toml"
    line = _key_line(text, loc[-1]) if loc else None
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
    return PressworkError(
        f"`{key}`: {message}",
        path,
        line,
        hint=f"fix `{loc[-1]}` in book.toml; the README describes every key",
    )


def _known_keys(parents: list[str]) -> list[str]:
    """Field names of the table that `parents` leads to."""
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
    "epub": EpubSettings,
    "creators": Contributor,
    "contributors": Contributor,
    "chapters": ChapterEntry,
}


def _key_line(text: str, key: str) -> int | None:
    """Line of `key = ...` in the TOML text (first occurrence), for pointing at the problem."""
    match = re.search(rf'^\s*"?{re.escape(key)}"?\s*=', text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None
