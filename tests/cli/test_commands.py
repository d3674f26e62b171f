"""The command line: help, version, exit codes, located errors without tracebacks, and builds
that never damage the previous book or the manuscript."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from presswork import __version__
from presswork.cli.main import main


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out.strip() == f"presswork {__version__}"


@pytest.mark.parametrize("command", [[], ["build"], ["check"], ["new"]])
def test_help_everywhere(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main([*command, "--help"])
    assert caught.value.code == 0
    assert "usage: presswork" in capsys.readouterr().out


def test_user_error_is_one_located_message(
    manuscript_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (manuscript_copy / "02-structures.md").unlink()
    code = main(["build", str(manuscript_copy), "-o", str(tmp_path / "out"), "-q"])
    err = capsys.readouterr().err
    assert code == 1
    assert (
        f"{manuscript_copy / 'book.toml'}:12: error: chapter file '02-structures.md' not found"
        in err
    )
    assert "hint:" in err and "Traceback" not in err


def test_console_script_has_no_traceback(manuscript_copy: Path, tmp_path: Path) -> None:
    (manuscript_copy / "book.toml").write_text('title = "x"\nlangage = "en"\n', encoding="utf-8")
    script = Path(sys.executable).parent / "presswork"
    result = subprocess.run(
        [str(script), "build", str(manuscript_copy), "-o", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "unknown key `langage`" in result.stderr and "did you mean `language`?" in result.stderr


@pytest.mark.slow
def test_failed_build_keeps_previous_book_and_manuscript(
    manuscript_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert main(["build", str(manuscript_copy), "-o", str(out), "-q"]) == 0
    before_out = digest(out)
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "kitchen-sink-every-construct-once.epub",
        "kitchen-sink-every-construct-once.pdf",
    ]
    (manuscript_copy / "03-languages.md").write_text("# L\n\n![gone](nope.png)\n", "utf-8")
    before_manuscript = digest(manuscript_copy)
    assert main(["build", str(manuscript_copy), "-o", str(out), "-q"]) == 1
    assert digest(out) == before_out  # same files, same bytes, no leftovers
    assert digest(manuscript_copy) == before_manuscript


def test_output_inside_the_manuscript_is_refused(
    manuscript_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", str(manuscript_copy), "-o", str(manuscript_copy / "out")]) == 1
    assert "inside the manuscript folder" in capsys.readouterr().err
    assert not (manuscript_copy / "out").exists()


@pytest.mark.slow
def test_new_scaffold_builds_and_checks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "my-book"
    assert main(["new", str(folder), "--title", "My Book"]) == 0
    assert (folder / "book.toml").is_file()
    out = tmp_path / "out"
    assert main(["build", str(folder), "-o", str(out), "-q"]) == 0
    assert main(["check", "-m", str(folder), "-o", str(out)]) == 0
    report = capsys.readouterr().out
    assert report.count("PASS") == 4 and "FAIL" not in report  # EPUBCheck, Ace, PDF, pagination
    assert main(["new", str(folder)]) == 1  # never overwrites a manuscript


@pytest.mark.allow_warnings
def test_strict_turns_warnings_into_failure(
    manuscript_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (manuscript_copy / "stray.md").write_text("# Stray\n", encoding="utf-8")
    code = main(["build", str(manuscript_copy), "-f", "epub", "-o", str(tmp_path), "--strict"])
    err = capsys.readouterr().err
    assert code == 1
    assert "0 errors, 1 warning in 1 file" in err and "stray.md: warning: not listed" in err


def test_check_reports_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "none.epub")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_progress_lines(
    manuscript_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", str(manuscript_copy), "-f", "epub", "-o", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    for stage in ("loading", "parsing 3 chapters", "writing", "done in"):
        assert stage in err
