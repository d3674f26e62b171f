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
from presswork.manuscript.lengths import parse_length, parse_trim
from presswork.manuscript.slug import slugify

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
    study: bool = False
    """Study material (cast, timeline, glossary...): unnumbered, only in editions with
    `study = true`."""


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
    bleed: str = "0in"
    """Extra paper beyond the trim on each side, for designs that print to the edge."""
    marks: tuple[Literal["crop", "cross"], ...] = ()
    """Printer's marks drawn in the bleed: crop and/or cross (for proofs, never for upload)."""
    bookmarks: bool = True
    """PDF bookmarks (outline) for the chapters."""
    links: bool = True
    """Clickable links (contents, cross-references, footnote calls) in the PDF."""
    tagged: bool = True
    """A tagged PDF (PDF/UA-1) for screen readers; kept off when links are off."""
    study: bool = False
    """Include the study material: key points, questions and chapters marked `study`."""
    index: bool = True
    """Print a back-of-book index of the terms marked in the text (if any are)."""
    notes_pages: int = 0
    """Ruled pages for the reader's notes at the end of the book."""
    preset: Literal["kdp", "ingram", "none"] = "none"
    """Print-on-demand rules to follow and check: kdp (Amazon KDP) or ingram (IngramSpark)."""
    paper: Literal["white", "cream"] = "white"
    """Paper stock, which sets the spine width of the cover."""
    cover: bool = False
    """Also build a wraparound cover PDF (back, spine, front) for this edition."""
    label: str | None = None
    """The edition's name as printed on the title page, e.g. "Study Guide"."""

    @field_validator("notes_pages")
    @classmethod
    def _notes_pages(cls, value: int) -> int:
        if not 0 <= value <= 100:
            raise ValueError("should be a whole number from 0 to 100")
        return value

    @field_validator("trim")
    @classmethod
    def _trim(cls, value: str) -> str:
        parse_trim(value)
        return value

    @field_validator(
        "margin_top", "margin_bottom", "margin_inner", "margin_outer", "font_size", "bleed"
    )
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
    page_edition: str | None = None
    """The print edition whose pages the page list follows (default: the first edition)."""
    study: bool = False
    """Include the study material (key points, questions, study chapters) in the EPUB."""
    index: bool = True
    """Add an index page linking to every marked term (if any are)."""


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
    """Print layout, see [print]; also the defaults of every edition."""
    editions: dict[str, PrintSettings] | None = None
    """Print editions, each a table of [print] keys that differ, see [editions.NAME]."""
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
    def print_editions(self) -> tuple[Edition, ...]:
        """The PDFs to build: each [editions.NAME], or one from [print] if there are none."""
        if not self.editions:
            return (Edition(None, self.print),)
        return tuple(Edition(name, settings) for name, settings in self.editions.items())

    def edition(self, name: str | None) -> Edition:
        """The edition called `name` (None: the first), or a located error."""
        editions = self.print_editions
        if name is None:
            return editions[0]
        for edition in editions:
            if edition.name == name:
                return edition
        names = [e.name for e in editions if e.name]
        close = difflib.get_close_matches(name, names, n=1)
        raise PressworkError(
            f"unknown edition {name!r}",
            hint=(f"did you mean {close[0]!r}? " if close else "")
            + (
                "editions in book.toml: " + ", ".join(names)
                if names
                else "book.toml has no [editions.NAME] tables; leave out --edition"
            ),
        )

    @property
    def text_direction(self) -> str:
        """ltr or rtl."""
        if self.direction:
            return self.direction
        primary = self.language.split("-")[0].lower()
        return "rtl" if primary in RTL_LANGUAGES else "ltr"


@dataclass(frozen=True)
class Edition:
    """One print edition with every setting resolved; `name` None is the book without
    [editions], whose PDF keeps the plain book name."""

    name: str | None
    settings: PrintSettings

    def file_name(self, slug: str, suffix: str = ".pdf") -> str:
        """Output file name: `slug-name.pdf`, or `slug.pdf` for the unnamed edition."""
        return f"{slug}-{self.name}{suffix}" if self.name else f"{slug}{suffix}"


# What each print-on-demand preset changes from Presswork's defaults (before book.toml).
PRESETS: dict[str, dict[str, Any]] = {
    "kdp": {"bookmarks": False, "links": False, "tagged": False, "marks": []},
    # IngramSpark wants 0.5 in of clear paper on every side, running heads included: the
    # head sits about 22 pt above the text block, so the top margin grows.
    "ingram": {
        "bookmarks": False,
        "links": False,
        "tagged": False,
        "marks": [],
        "margin_top": "0.85in",
    },
}
# Settings a preset forbids whatever book.toml says: the printer rejects the file.
PRESET_FORBIDS = {"bookmarks": True, "links": True}

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
        _ADAPTER.validate_python({**data, "editions": None})  # book-level keys first
        data = _resolve_editions(data, text, path)
        config = _ADAPTER.validate_python(data)
    except SchemaError as exc:
        raise _explain(exc, text, path) from None
    _check_editions(config, text, path)
    return config


def _resolve_editions(data: dict[str, Any], text: str, path: Path) -> dict[str, Any]:
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
    base = data.get("print", {})

    def merged(name: str, seen: tuple[str, ...]) -> dict[str, Any]:
        own = dict(raw[name])
        parent = own.pop("extends", None)
        if parent is None:
            preset = own.get("preset", base.get("preset"))
            start = {**PRESETS.get(str(preset), {}), **base}
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
            if "preset" in own:
                start = {**start, **PRESETS.get(str(own["preset"]), {})}
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


def _check_editions(config: BookConfig, text: str, path: Path) -> None:
    """Refuse what a preset's printer would reject, and a page list tied to no edition."""
    for edition in config.print_editions:
        preset = edition.settings.preset
        if preset == "none":
            continue
        for key in PRESET_FORBIDS:
            if getattr(edition.settings, key) == PRESET_FORBIDS[key]:
                raise PressworkError(
                    f"edition {edition.name or '[print]'!r}: the {preset} preset does not "
                    f"allow `{key} = true` (the printer rejects interactive PDFs)",
                    path,
                    _table_line(text, edition.name) if edition.name else _key_line(text, key),
                    hint=f"remove `{key}` or the preset",
                )
        if edition.settings.marks:
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
