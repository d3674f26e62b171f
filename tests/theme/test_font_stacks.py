"""The theme's font stacks by kind of text, as the print stylesheets declare them."""

from __future__ import annotations

from pathlib import Path

from presswork.theme.font_stacks import font_stacks
from presswork.theme.styles import PRINT_STYLESHEETS, gather_theme


def test_the_shipped_stacks_and_faces(tmp_path: Path) -> None:
    theme = gather_theme(tmp_path, tmp_path / "theme")
    stacks = font_stacks(theme, PRINT_STYLESHEETS, "en")
    assert stacks.stack("body")[:2] == ["Literata", "Noto Serif"]
    assert "Noto Serif CJK SC" in stacks.stack("body") and stacks.stack("body")[-1] == "serif"
    assert stacks.stack("code")[0] == "DejaVu Sans Mono"
    assert stacks.stack("headings") == stacks.stack("body")  # headings inherit
    assert len(stacks.faces["literata"]) == 4 and all(p.is_file() for p in stacks.faces["literata"])
    assert "Noto Serif CJK JP" in font_stacks(theme, PRINT_STYLESHEETS, "ja-JP").stack("body")


def test_a_manuscript_stylesheet_changes_a_stack(tmp_path: Path) -> None:
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "print.css").write_text(
        'h1, h2 { font-family: "My Face", sans-serif; }\npre, code { font-family: Mono; }\n',
        encoding="utf-8",
    )
    stacks = font_stacks(gather_theme(tmp_path, tmp_path / "theme"), PRINT_STYLESHEETS, "en")
    assert stacks.stack("headings") == ["My Face", "sans-serif"]
    assert stacks.stack("code") == ["Mono"]
    assert stacks.stack("body")[0] == "Literata"
