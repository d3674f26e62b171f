"""Every way the file system can refuse (a file where a folder should be, a folder where a
file should be, a name too long, no permission, a full disk, bytes that are not UTF-8)
ends a build with one located line and a hint: never a traceback."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from presswork.cli.main import main

TOML = 'title = "T"\nlanguage = "en"\nchapters = ["a.md"]\n[epub]\npage_list = false\n'


def book(tmp_path: Path) -> Path:
    root = tmp_path / "book"
    root.mkdir()
    (root / "book.toml").write_text(TOML, encoding="utf-8")
    (root / "a.md").write_text("# A\n\nText.\n", encoding="utf-8")
    return root


def _out_is_a_file(root: Path, tmp: Path) -> list[str]:
    (tmp / "taken").write_text("a file")
    return ["-o", str(tmp / "taken")]


def _out_under_a_file(root: Path, tmp: Path) -> list[str]:
    (tmp / "taken").write_text("a file")
    return ["-o", str(tmp / "taken" / "out")]


def _out_name_too_long(root: Path, tmp: Path) -> list[str]:
    return ["-o", str(tmp / ("x" * 300))]


def _toml_is_a_folder(root: Path, tmp: Path) -> list[str]:
    (root / "book.toml").unlink()
    (root / "book.toml").mkdir()
    return []


def _toml_not_utf8(root: Path, tmp: Path) -> list[str]:
    (root / "book.toml").write_bytes(TOML.encode() + b'subtitle = "caf\xe9"\n')
    return []


def _chapter_is_a_folder(root: Path, tmp: Path) -> list[str]:
    (root / "a.md").unlink()
    (root / "a.md").mkdir()
    return []


def _chapter_is_a_fifo(root: Path, tmp: Path) -> list[str]:
    (root / "a.md").unlink()
    os.mkfifo(root / "a.md")
    return []


def _chapter_utf16(root: Path, tmp: Path) -> list[str]:
    (root / "a.md").write_text("# A\n\nText.\n", encoding="utf-16")
    return []


def _stylesheet_not_utf8(root: Path, tmp: Path) -> list[str]:
    (root / "styles").mkdir()
    (root / "styles" / "epub.css").write_bytes(b"p { content: '\xff' }")
    return []


def _not_a_font(root: Path, tmp: Path) -> list[str]:
    (root / "styles" / "fonts").mkdir(parents=True)
    (root / "styles" / "fonts" / "Broken.ttf").write_text("not a font")
    return []


CASES: dict[str, tuple[Callable[[Path, Path], list[str]], str]] = {
    "-o is a file": (_out_is_a_file, "is a file"),
    "-o under a file": (_out_under_a_file, "Not a directory"),
    "-o name too long": (_out_name_too_long, "File name too long"),
    "book.toml is a folder": (_toml_is_a_folder, "book.toml is a folder"),
    "book.toml not UTF-8": (_toml_not_utf8, "book.toml is not UTF-8"),
    "chapter is a folder": (_chapter_is_a_folder, "is a folder"),
    "chapter is a FIFO": (_chapter_is_a_fifo, "not a regular file"),
    "chapter is UTF-16": (_chapter_utf16, "UTF-16"),
    "stylesheet not UTF-8": (_stylesheet_not_utf8, "stylesheet is not UTF-8"),
    "not a font": (_not_a_font, "Broken.ttf is not a font"),
}


@pytest.mark.parametrize(("setup", "expected"), CASES.values(), ids=CASES.keys())
def test_one_located_line_and_no_traceback(
    tmp_path: Path, setup: Callable[[Path, Path], list[str]], expected: str
) -> None:
    root = book(tmp_path)
    options = setup(root, tmp_path) or ["-o", str(tmp_path / "out")]
    command = [sys.executable, "-m", "presswork.cli", "build", "-q", "-f", "epub", str(root)]
    done = subprocess.run([*command, *options], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    first, *rest = done.stderr.strip().split("\n")
    assert expected in first and first.startswith("presswork: ")
    assert all(line.startswith("  hint: ") for line in rest) and len(rest) <= 1


@pytest.mark.parametrize(
    ("number", "expected"),
    [(errno.ENOSPC, "free some space"), (errno.EACCES, "permissions"), (errno.EROFS, "read-only")],
)
def test_a_full_or_forbidden_disk_is_one_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    number: int,
    expected: str,
) -> None:
    root = book(tmp_path)

    def refuse(*args: object) -> None:
        raise OSError(number, os.strerror(number), str(tmp_path / "out" / "t.epub"))

    monkeypatch.setattr("presswork.build.commit", refuse)
    assert main(["build", "-q", "-f", "epub", str(root), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path / 'out' / 't.epub'}: error: " in err and expected in err
    assert not list((tmp_path / "out").glob("*.*part"))
