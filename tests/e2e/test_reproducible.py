"""Same manuscript + same SOURCE_DATE_EPOCH -> the same bytes, whatever the folder, the time
of day or the time zone (the EPUB's zip and OPF and the PDF's dates all come from one date)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import RECAP, RECAP_OUTPUTS

pytestmark = pytest.mark.slow


def build_in(folder: Path, tz: str) -> dict[str, str]:
    manuscript = folder / "manuscript"
    shutil.copytree(RECAP, manuscript)
    out = folder / "out"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "TZ": tz}
    subprocess.run(
        [sys.executable, "-m", "presswork.cli", "build", "-q", str(manuscript), "-o", str(out)],
        check=True,
        env=env,
        capture_output=True,
    )
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.glob("*.*") if p.is_file()
    }


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    first = build_in(tmp_path / "one", "UTC")
    time.sleep(1.1)  # a different second on the clock
    second = build_in(tmp_path / "somewhere" / "else", "Pacific/Kiritimati")
    assert sorted(first) == RECAP_OUTPUTS
    assert first == second
