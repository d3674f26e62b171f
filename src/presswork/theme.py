"""Stylesheets and fonts: Presswork's default theme, overlaid file by file by the manuscript's
own `styles/` folder, gathered into one folder so relative `url()`s work in both back ends."""

from __future__ import annotations

import shutil
from importlib.resources import files
from pathlib import Path

EPUB_STYLESHEETS = ("fonts.css", "base.css", "epub.css")
PRINT_STYLESHEETS = ("fonts.css", "base.css", "print.css")


def default_styles() -> Path:
    """The shipped theme: inside the wheel when installed, else the repository's styles/."""
    packaged = Path(str(files("presswork"))) / "styles"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "styles"


def gather_theme(manuscript: Path, dest: Path) -> Path:
    """Copy the default theme to `dest`, then the manuscript's styles/ over it."""
    shutil.copytree(default_styles(), dest, dirs_exist_ok=True)
    own = manuscript / "styles"
    if own.is_dir():
        shutil.copytree(own, dest, dirs_exist_ok=True)
    return dest


def theme_files(theme: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """Files of the theme with one of `suffixes`, in a stable order."""
    return sorted(p for p in theme.rglob("*") if p.is_file() and p.suffix.lower() in suffixes)
