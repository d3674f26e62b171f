"""Build the recap and every fixture manuscript, print the sha256 of every output.

Used to prove a refactoring changed no output: run it before and after, then diff the two
lists (`python scripts/output_digests.py > before.txt`). Dates come from SOURCE_DATE_EPOCH,
so the lists are stable across runs. An image's path can end up in a PDF, so each book is
copied to the same fixed folder first, whichever checkout runs the script.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAYOUTS = ("parts", "whole")
BOOKS = [ROOT / "manuscript", *sorted((ROOT / "tests" / "fixtures").iterdir())]


def main() -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    fixed = Path(tempfile.gettempdir()) / "presswork-digests"
    shutil.rmtree(fixed, ignore_errors=True)
    with tempfile.TemporaryDirectory() as scratch:
        for original in BOOKS:
            if not (original / "book.toml").is_file():
                continue
            book = fixed / original.name
            shutil.copytree(original, book, symlinks=True)
            for layout in LAYOUTS:
                out = Path(scratch) / layout / book.name
                command = [sys.executable, "-m", "presswork.cli", "build", "-q", str(book)]
                command += ["-o", str(out), "--layout", layout]
                subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
                for path in sorted(p for p in out.glob("*.*") if p.is_file()):
                    digest = hashlib.sha256(path.read_bytes()).hexdigest()
                    print(f"{digest}  {layout} {book.name}/{path.name}", flush=True)
    shutil.rmtree(fixed, ignore_errors=True)


if __name__ == "__main__":
    main()
