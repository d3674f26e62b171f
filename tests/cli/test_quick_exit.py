"""The console script ends without the interpreter's teardown, but only once what an exit
must do is done: exit functions run, buffered output is written, the code is main's."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from presswork.cli.quick_exit import leave

SCRIPT = """
import atexit, sys, tempfile
from pathlib import Path
from presswork.cli.quick_exit import leave
marker = Path(sys.argv[1])
folder = tempfile.TemporaryDirectory()  # its finalizer removes it at exit
(Path(folder.name) / "kept").write_text("x")
marker.with_suffix(".folder").write_text(folder.name)
atexit.register(marker.write_text, "exit functions ran")
sys.stdout.write("buffered, no newline")
sys.stderr.write("on stderr")
leave(3)
"""


def test_exit_functions_run_and_output_is_flushed(tmp_path: Path) -> None:
    marker = tmp_path / "marker.txt"
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(marker)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 3
    assert result.stdout == "buffered, no newline"
    assert result.stderr == "on stderr"
    assert marker.read_text() == "exit functions ran"
    assert not Path(marker.with_suffix(".folder").read_text()).exists()


def test_a_running_thread_gets_the_usual_exit() -> None:
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    ended: list[int] = []
    try:
        with pytest.raises(SystemExit) as caught:
            leave(5, end=ended.append)  # type: ignore[arg-type]
    finally:
        release.set()
        thread.join()
    assert caught.value.code == 5
    assert ended == []  # not ended at once: the usual exit waits for the thread


def test_console_script_and_module_end_with_mains_code(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "presswork"
    for command in ([str(script)], [sys.executable, "-m", "presswork.cli"]):
        result = subprocess.run(
            [*command, "build", str(tmp_path / "nothing-here"), "-o", str(tmp_path / "out")],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        assert result.returncode == 1, command
        assert "error:" in result.stderr and "Traceback" not in result.stderr


def test_the_command_has_pydantic_look_for_no_plugins() -> None:
    script = (
        "import os, sys\n"
        "import presswork.cli.main as cli\n"
        "from presswork.cli import quick_exit\n"
        "cli.main = lambda: print(os.environ.get(quick_exit.PYDANTIC_PLUGINS)) or 0\n"
        "quick_exit.run()\n"
    )
    env = {key: value for key, value in os.environ.items() if key != "PYDANTIC_DISABLE_PLUGINS"}
    shown = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60
    )
    assert shown.returncode == 0 and shown.stdout.strip() == "__all__"
    kept = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env | {"PYDANTIC_DISABLE_PLUGINS": "logfire"},
        timeout=60,
    )
    assert kept.stdout.strip() == "logfire"  # a value the user set is theirs
