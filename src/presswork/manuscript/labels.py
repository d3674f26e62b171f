"""The words Presswork itself puts in a book (contents, index, notes...), in its language.

Presswork's own words are in labels.toml beside this module, one table per language
(primary subtag); a manuscript's templates/labels.toml overrides them word by word. A word
missing from the book's language is taken from English, so a label is never blank.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from presswork.errors import PressworkError
from presswork.manuscript.files import manuscript_file

DEFAULT_LABELS = Path(__file__).parent / "labels.toml"


def labels_for(manuscript: Path, language: str) -> dict[str, str]:
    """Presswork's words in the book's language (English where a word is not translated);
    the manuscript's templates/labels.toml overrides per word."""
    primary = language.split("-")[0].lower()
    labels: dict[str, str] = {}
    own = manuscript / "templates" / "labels.toml"
    if own.exists() or own.is_symlink():
        own = manuscript_file(manuscript, "templates/labels.toml", "labels file", links=False)
    for path in (DEFAULT_LABELS, own):
        if path.is_file():
            try:
                table = tomllib.loads(path.read_text(encoding="utf-8"))
            except UnicodeDecodeError as exc:
                raise PressworkError(f"labels.toml is not UTF-8 ({exc.reason})", path) from None
            except tomllib.TOMLDecodeError as exc:
                raise PressworkError(f"labels.toml is not valid TOML: {exc}", path) from None
            labels.update(table.get("en", {}))
            labels.update(table.get(primary, {}))
    return labels
