"""`presswork new DIR` -> a small manuscript a writer can start from, with every book.toml key."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from presswork.errors import PressworkError
from presswork.theme.templates import PACKAGE_TEMPLATES


def scaffold(target: Path, title: str) -> list[Path]:
    """Write book.toml and two chapters into a new (or empty) folder."""
    if target.exists() and any(target.iterdir()):
        raise PressworkError(
            f"{target} is not empty",
            hint="choose a new folder; Presswork never overwrites a manuscript",
        )
    source = PACKAGE_TEMPLATES / "new"
    target.mkdir(parents=True, exist_ok=True)
    values = {
        "title": title.replace('"', '\\"'),
        "identifier": f"urn:uuid:{uuid.uuid4()}",
        "date": dt.date.today().isoformat(),
    }
    written = []
    for path in sorted(source.iterdir()):
        text = path.read_text(encoding="utf-8")
        for key, value in values.items():
            text = text.replace(f"@{key}@", value)
        destination = target / path.name
        destination.write_text(text, encoding="utf-8")
        written.append(destination)
    return written
