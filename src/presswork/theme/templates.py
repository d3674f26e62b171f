"""The Jinja2 environment: package templates, overridable file by file from the manuscript.

A manuscript's templates are untrusted code: a plain Jinja2 environment lets a template
reach `os` (`cycler.__init__.__globals__`), so every template runs in Jinja2's immutable
sandbox, and the manuscript's loader reads only regular files inside its templates/ folder
(no symlink, no `..`). Autoescape is on for every name (select_autoescape() would skip
`.xhtml.j2`), undefined variables are errors rather than silent blanks, and trusted
fragments (already XHTML) are passed through `| safe` in the templates only.
"""

from __future__ import annotations

import datetime as dt
import traceback
from collections.abc import Callable
from pathlib import Path

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from presswork import __version__
from presswork.errors import PressworkError
from presswork.manuscript.files import manuscript_file, walk
from presswork.manuscript.labels import labels_for
from presswork.manuscript.model import Book
from presswork.theme.display_lines import tie
from presswork.theme.emphasis import emphasised, plain
from presswork.theme.template_cache import template_cache

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"
ROLE_NAMES = {
    "aut": "Author",
    "edt": "Editor",
    "trl": "Translator",
    "ill": "Illustrator",
    "pht": "Photographer",
    "ctb": "Contributor",
}


class ManuscriptLoader(jinja2.BaseLoader):
    """Templates from a manuscript's templates/ folder: regular files inside it only, none
    of them (nor any folder on the way) a symbolic link."""

    def __init__(self, manuscript: Path) -> None:
        self.manuscript = manuscript

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        """The template's text, if the manuscript overrides it."""
        name = Path("templates", *template.split("/"))
        path = self.manuscript / name
        if not path.exists() and not path.is_symlink():
            raise jinja2.TemplateNotFound(template)
        manuscript_file(self.manuscript, name, "template", links=False)
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise PressworkError(f"template is not UTF-8 ({exc.reason})", path) from None
        mtime = path.stat().st_mtime
        return text, str(path), lambda: path.stat().st_mtime == mtime

    def list_templates(self) -> list[str]:
        """The manuscript's template names."""
        folder = self.manuscript / "templates"
        return sorted(
            p.relative_to(folder).as_posix() for p in walk(self.manuscript, "templates", "template")
        )


def make_environment(manuscript: Path) -> jinja2.Environment:
    """Templates from `manuscript/templates/` first, then Presswork's own, all sandboxed."""
    loaders: list[jinja2.BaseLoader] = []
    override = manuscript / "templates"
    if override.is_symlink() or (override.exists() and not override.is_dir()):
        raise PressworkError(
            "templates/ in the manuscript must be a folder, not a link or a file",
            override,
            hint="copy the templates into the manuscript instead of linking to them",
        )
    if override.is_dir():
        loaders.append(ManuscriptLoader(manuscript))
    loaders.append(jinja2.FileSystemLoader(PACKAGE_TEMPLATES))
    env = ImmutableSandboxedEnvironment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=template_cache(Path(__file__)),
    )
    env.filters["tie"] = tie  # display lines never end on a word alone (display_lines.py)
    env.filters["emphasised"] = emphasised  # *a title* in a metadata text (emphasis.py)
    env.filters["plain"] = plain
    return env


def date_in_words(date: dt.date, labels: dict[str, str]) -> str:
    """A date as the book's language writes it ("November 23, 2026", "23 novembre 2026",
    "2026年11月23日"), from the `date` pattern and `months` of labels.toml. The pattern's
    `{day}`, `{month}`, `{m}` (the month's number) and `{year}` are replaced as text: a
    manuscript's labels.toml is untrusted, so it never reaches str.format."""
    months = labels.get("months", "").split()
    month = months[date.month - 1] if len(months) == 12 else str(date.month)
    written = labels.get("date", "{year}-{m}-{day}")
    for name, value in (("{day}", date.day), ("{month}", month), ("{m}", date.month)):
        written = written.replace(name, str(value))
    return written.replace("{year}", str(date.year))


def common_context(book: Book, labels: dict[str, str] | None = None) -> dict[str, object]:
    """Variables every template may use (`labels`: the book's, when the caller has them)."""
    labels_of = labels if labels is not None else labels_for(book.root, book.config.language)
    return {
        "book": book,
        "labels": labels_of,
        "roles": ROLE_NAMES,
        "version": __version__,
        "year": book.build_date.year,
        "published": date_in_words(book.config.date or book.build_date.date(), labels_of),
        "first_published": date_in_words(book.config.date, labels_of) if book.config.date else None,
        "timestamp": book.build_date.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def render(env: jinja2.Environment, name: str, **context: object) -> str:
    """Render one template, turning template mistakes into located errors."""
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise PressworkError(
            f"template error: {exc.message}", Path(exc.filename or name), exc.lineno
        ) from None
    except SecurityError as exc:
        raise PressworkError(
            f"template {name}: {exc} (a template may not reach Python's internals)",
            *_where(exc),
            hint="use only the variables the README lists",
        ) from None
    except jinja2.TemplateNotFound as exc:
        raise PressworkError(
            f"template {name}: it includes {exc.name!r}, which does not exist",
            *_where(exc),
            hint="check the name of the include against the shipped templates",
        ) from None
    except jinja2.UndefinedError as exc:
        raise PressworkError(
            f"template {name}: {exc.message}",
            *_where(exc),
            hint="check the variable names against the README",
        ) from None


def _where(exc: BaseException) -> tuple[Path | None, int | None]:
    """The template file and line a render failed at (Jinja2 writes template frames into
    the traceback under the template's file name)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
    if not frames:
        return None, None
    return Path(frames[-1].filename), frames[-1].lineno
