"""`presswork watch`: a save triggers a rebuild, a broken save keeps the previous book and
shows the error, and the preview serves the EPUB's pages with the reload script."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from presswork.preview.server import PreviewState
from presswork.preview.watch import watch

pytestmark = pytest.mark.slow


def wait_for(condition: object, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


def get(address: str, path: str) -> bytes:
    with urllib.request.urlopen(address + path.lstrip("/"), timeout=10) as response:
        return bytes(response.read())


def test_watch_rebuilds_on_save_and_serves_the_preview(tmp_path: Path) -> None:
    manuscript = tmp_path / "book"
    manuscript.mkdir()
    chapter = manuscript / "one.md"
    chapter.write_text("# One\n\nThe first words.\n", encoding="utf-8")
    (manuscript / "book.toml").write_text(
        'title = "Watched"\nlanguage = "en"\nchapters = ["one.md"]\n[epub]\npage_list = false\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    stop = threading.Event()
    state = PreviewState(out.resolve())
    messages: list[str] = []
    thread = threading.Thread(
        target=watch,
        args=(manuscript, out, ("epub",), messages.append),
        kwargs={"port": 0, "stop": stop, "state": state},
        daemon=True,
    )
    thread.start()
    try:
        wait_for(lambda: state.version >= 1)
        time.sleep(1)  # let the watcher start before the first save
        assert state.error is None
        epub = out / "watched.epub"
        first = epub.read_bytes()
        page = get(state.address, "/epub/one.xhtml")
        assert b"The first words." in page and b"/_reload.js" in page
        assert b"one.xhtml" in get(state.address, "/")
        assert json.loads(get(state.address, "/_version")) == {"version": state.version}

        chapter.write_text("# One\n\nThe second words.\n", encoding="utf-8")
        wait_for(lambda: state.version >= 2)
        assert b"The second words." in get(state.address, "/epub/one.xhtml")
        assert epub.read_bytes() != first

        chapter.write_text("# One\n\n![](missing.png)\n", encoding="utf-8")
        wait_for(lambda: state.version >= 3)
        assert state.error and "missing.png" in state.error
        assert b"missing.png" in get(state.address, "/")  # the error is shown
        assert b"The second words." in get(state.address, "/epub/one.xhtml")  # book kept
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not thread.is_alive()
    assert any(message.startswith("changed: one.md") for message in messages)
