"""The book's configuration as frozen, validated dataclasses: the schema of book.toml.

Every field has a docstring (the README's table of keys is written from them), and pydantic
validates them (unknown keys are refused, types are checked); book_toml.py reads the file
and turns pydantic's findings into located messages.
"""

from __future__ import annotations

import datetime as dt
import difflib
import uuid
from typing import Literal

import langcodes
from pydantic import ConfigDict, StrictBool, StrictFloat, StrictInt, field_validator
from pydantic.dataclasses import dataclass
from stdnum import isbn
from stdnum.exceptions import ValidationError

from presswork.errors import PressworkError
from presswork.manuscript.lengths import parse_length, parse_trim
from presswork.manuscript.limits import MAX_TEXT, MAX_TITLE
from presswork.manuscript.presets import NO_PRESET, PRESET_NAMES
from presswork.manuscript.slug import slugify

_SCHEMA = ConfigDict(extra="forbid", use_attribute_docstrings=True)
MAX_SLUG_BYTES = 100
"""Bytes of the outputs' base name: with an edition's name and `-cover.pdf` it stays under
the 255 bytes a file name may have."""
RTL_LANGUAGES = frozenset({"ar", "arc", "dv", "fa", "he", "ku", "ps", "sd", "ug", "ur", "yi"})


def _bounded(value: str | None, limit: int) -> str | None:
    """The value, refused when longer than `limit` characters (see limits.py)."""
    if value and len(value) > limit:
        raise ValueError(f"is {len(value)} characters long; at most {limit} are accepted")
    return value


@dataclass(frozen=True, config=_SCHEMA)
class Contributor:
    """A person credited in the book."""

    name: str
    """Name as printed on the title page."""
    role: str = "aut"
    """MARC relator code: aut (author), edt (editor), trl (translator), ill (illustrator)."""
    file_as: str | None = None
    """Sort form of the name, e.g. "Hernandez, Jose"."""

    @field_validator("name", "file_as")
    @classmethod
    def _short(cls, value: str | None) -> str | None:
        return _bounded(value, MAX_TITLE)


@dataclass(frozen=True, config=_SCHEMA)
class ChapterEntry:
    """One chapter in reading order."""

    file: str
    """Markdown file, relative to the manuscript folder."""
    title: str | None = None
    """Title for a chapter whose file has no `# heading` of its own."""
    study: StrictBool = False
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
    line_height: StrictFloat = 1.4
    """Body leading as a multiple of the font size."""
    hyphenate: StrictBool = True
    """Hyphenate running text with the dictionary of the book's language (pdf/hyphenation.py:
    never headings, captions, table cells or a paragraph's last word)."""
    hyphenate_capitals: StrictBool = False
    """Also hyphenate words that start with a capital (proper names, acronyms)."""
    paginate: StrictBool = True
    """Run the pagination pass: lay a chapter out again, with small bounded changes, when
    its pages have a hyphen at a page foot, a last page of 1-3 lines, three hyphenated
    lines in a row or a runt (pdf/repaginate.py); its report is printed by the build."""
    chapter_start: Literal["recto", "any"] = "recto"
    """Where a chapter opens: on a recto (a right-hand page, a blank verso before it when
    needed; the book convention), or on the next page, recto or verso (fewer pages). The
    first chapter, the index and the back matter always open on a recto."""
    chapter_number: Literal["label", "numeral"] = "label"
    """How a chapter opener shows its number: "label", the word and the number in spaced
    small capitals ("CHAPTER 3", the word from labels.toml in the book's language), or
    "numeral", a display numeral; either way set apart from the folio."""
    bleed: str = "0in"
    """Extra paper beyond the trim on each side, for designs that print to the edge."""
    marks: tuple[Literal["crop", "cross"], ...] = ()
    """Printer's marks drawn in the bleed: crop and/or cross (for proofs, never for upload)."""
    bookmarks: StrictBool = True
    """PDF bookmarks (outline) for the chapters."""
    links: StrictBool = True
    """Clickable links (contents, cross-references, footnote calls) in the PDF."""
    tagged: StrictBool = True
    """A tagged PDF (PDF/UA-1) for screen readers; kept off when links are off."""
    study: StrictBool = False
    """Include the study material: key points, questions and chapters marked `study`."""
    teacher: StrictBool = False
    """A teacher's edition: also print the `!!! answers` boxes, the right option of each
    multiple-choice and true-or-false question, and the order of each sequencing exercise."""
    answers: Literal["inline", "key"] = "inline"
    """Where a teacher's edition prints the answers: after each chapter's questions, or
    gathered into an answer key at the end of the book."""
    worksheets: StrictBool = False
    """Start each chapter's questions on a fresh page under a "Name / Class / Date" line,
    so that one sheet per chapter can be photocopied."""
    answer_spacing: str = "8.5mm"
    """Distance between the ruled lines under a study question (and on notes pages)."""
    answer_lines: StrictInt = 3
    """Ruled lines under each study question."""
    index: StrictBool = True
    """Print a back-of-book index of the terms marked in the text (if any are)."""
    notes_pages: StrictInt = 0
    """Ruled pages for the reader's notes at the end of the book."""
    preset: str = NO_PRESET
    """Print-on-demand rules to follow and check: kdp (Amazon KDP) or ingram (IngramSpark)."""
    paper: Literal["white", "cream"] = "white"
    """Paper stock, which sets the spine width of the cover."""
    cover: StrictBool = False
    """Also build a wraparound cover PDF (back, spine, front) for this edition."""
    color: Literal["rgb", "cmyk"] = "rgb"
    """"rgb" for screens, home printers and printers that convert (KDP); "cmyk" for a press:
    colours and images in the FOGRA39 profile's inks, text and greys in black alone."""
    pdfx: Literal["none", "x-1a", "x-4"] = "none"
    """Write and preflight a PDF/X file: "x-1a" (CMYK, no transparency; IngramSpark's
    choice) or "x-4"; needs `color = "cmyk"` and `links = false`."""
    label: str | None = None
    """The edition's name as printed on the title page, e.g. "Study Guide"."""
    isbn: str | None = None
    """This print edition's ISBN; the EPUB whose page list follows the edition names it as
    the source of its page numbers."""

    @field_validator("isbn")
    @classmethod
    def _isbn(cls, value: str | None) -> str | None:
        if value is None:
            return value
        try:
            return str(isbn.validate(value))
        except ValidationError as exc:  # stdnum's, not pydantic's
            raise ValueError(f"{value!r} is not a valid ISBN: {exc}") from None

    @field_validator("notes_pages")
    @classmethod
    def _notes_pages(cls, value: int) -> int:
        if not 0 <= value <= 100:
            raise ValueError("should be a whole number from 0 to 100")
        return value

    @field_validator("answer_lines")
    @classmethod
    def _answer_lines(cls, value: int) -> int:
        if not 0 <= value <= 30:
            raise ValueError("should be a whole number from 0 to 30")
        return value

    @field_validator("preset")
    @classmethod
    def _preset(cls, value: str) -> str:
        if value not in PRESET_NAMES:
            *first, last = (repr(name) for name in PRESET_NAMES)
            raise ValueError(f"should be one of {', '.join(first)} or {last}")
        return value

    @field_validator("trim")
    @classmethod
    def _trim(cls, value: str) -> str:
        parse_trim(value)
        return value

    @field_validator(
        "margin_top",
        "margin_bottom",
        "margin_inner",
        "margin_outer",
        "font_size",
        "bleed",
        "answer_spacing",
    )
    @classmethod
    def _length(cls, value: str) -> str:
        parse_length(value)
        return value


@dataclass(frozen=True, config=_SCHEMA)
class EpubSettings:
    """Options for the EPUB."""

    embed_fonts: StrictBool = True
    """Embed the theme's fonts (subset to the book's characters) in the EPUB."""
    cover: str | None = None
    """Cover image (JPEG or PNG) relative to the manuscript; generated from the title if absent."""
    page_list: StrictBool = True
    """Mark where each printed page begins (a page list matching the PDF); costs a layout."""
    page_edition: str | None = None
    """The print edition whose pages the page list follows (default: the first edition)."""
    study: StrictBool = False
    """Include the study material (key points, questions, study chapters) in the EPUB."""
    teacher: StrictBool = False
    """Also include the answers (as a teacher's print edition does); off, the EPUB holds
    none."""
    answers: Literal["inline", "key"] = "inline"
    """Where the answers go when `teacher = true`: after each chapter's questions, or in an
    answer key page at the end."""
    index: StrictBool = True
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
    source: str | None = None
    """Where reproduced text comes from (a credit line on the copyright page)."""
    editorial_note: str | None = None
    """Which parts are the editors' own (added titles, study material), for the copyright
    page."""
    permissions: str | None = None
    """What readers may copy (for example, classroom photocopying), for the copyright page."""
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

    @field_validator("description", "rights", "source", "editorial_note", "permissions")
    @classmethod
    def _one_line(cls, value: str | None) -> str | None:
        value = _bounded(value, MAX_TEXT)
        return " ".join(value.split()) if value else value

    @field_validator("title", "subtitle", "publisher", "identifier")
    @classmethod
    def _short(cls, value: str | None) -> str | None:
        return _bounded(value, MAX_TITLE)

    @field_validator("slug")
    @classmethod
    def _slug(cls, value: str | None) -> str | None:
        if value is None:
            return value
        if (
            not value.strip()
            or value.startswith(".")
            or any(c in value for c in "/\\")
            or any(ord(c) < 32 for c in value)
            or len(value.encode("utf-8")) > MAX_SLUG_BYTES
        ):
            raise ValueError(
                f"should be a plain file name: no / or \\, not starting with a dot, at most "
                f"{MAX_SLUG_BYTES} bytes"
            )
        return value

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
    def _chapters(cls, value: object) -> object:
        if isinstance(value, list | tuple):
            return [{"file": item} if isinstance(item, str) else item for item in value]
        return value

    @property
    def book_slug(self) -> str:
        """File name stem for the outputs."""
        if self.slug:
            return self.slug
        cut = slugify(self.title).encode("utf-8")[:MAX_SLUG_BYTES].decode("utf-8", "ignore")
        return cut.strip("-") or "book"  # a long title still gives a file name that fits

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
