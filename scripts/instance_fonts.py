"""Variable Literata (PyPI fontpkg-literata) -> the four static faces of the shipped theme.

Static instances exist because e-readers (Kindle above all) handle variable fonts poorly and
WeasyPrint rejects weight ranges in @font-face; instancing takes ~20 s, so the results are
committed rather than made at build time. Run:
.venv/bin/pip install fontpkg-literata && .venv/bin/python scripts/instance_fonts.py
"""

from __future__ import annotations

from pathlib import Path

import fontpkg_literata
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

SOURCE = Path(fontpkg_literata.__file__).parent / "files"
TARGET = Path(__file__).resolve().parent.parent / "src" / "presswork" / "theme" / "styles" / "fonts"
FACES = {
    "Literata-Regular.ttf": ("Literata[opsz,wght].ttf", 400),
    "Literata-Bold.ttf": ("Literata[opsz,wght].ttf", 700),
    "Literata-Italic.ttf": ("Literata-Italic[opsz,wght].ttf", 400),
    "Literata-BoldItalic.ttf": ("Literata-Italic[opsz,wght].ttf", 700),
}


def main() -> None:
    for name, (source, weight) in FACES.items():
        font = TTFont(SOURCE / source)
        static = instancer.instantiateVariableFont(
            font, {"wght": weight, "opsz": 12}, updateFontNames=True
        )
        static.save(TARGET / name)
        print(f"wrote {TARGET / name}")


if __name__ == "__main__":
    main()
