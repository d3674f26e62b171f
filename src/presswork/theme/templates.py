"""The Jinja2 environment: package templates, overridable file by file from the manuscript.

Autoescape is on for every name (select_autoescape() would skip `.xhtml.j2`), undefined
variables are errors rather than silent blanks, and trusted fragments (already XHTML) are
passed through `| safe` in the templates only.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from presswork import __version__
from presswork.errors import PressworkError
from presswork.manuscript.labels import labels_for
from presswork.manuscript.model import Book

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"
ROLE_NAMES = {
    "aut": "Author",
    "edt": "Editor",
    "trl": "Translator",
    "ill": "Illustrator",
    "pht": "Photographer",
    "ctb": "Contributor",
}


def make_environment(manuscript: Path) -> jinja2.Environment:
    """Templates from `manuscript/templates/` first, then Presswork's own."""
    loaders: list[jinja2.BaseLoader] = []
    override = manuscript / "templates"
    if override.is_dir():
        loaders.append(jinja2.FileSystemLoader(override))
    loaders.append(jinja2.FileSystemLoader(PACKAGE_TEMPLATES))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def common_context(book: Book) -> dict[str, object]:
    """Variables every template may use."""
    return {
        "book": book,
        "labels": labels_for(book.root, book.config.language),
        "roles": ROLE_NAMES,
        "version": __version__,
        "year": book.build_date.year,
        "published": (book.config.date or book.build_date.date()).isoformat(),
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
    except jinja2.UndefinedError as exc:
        raise PressworkError(
            f"template {name}: {exc.message}", hint="check the variable names against the README"
        ) from None
