"""`presswork watch`: rebuild on every save and serve the live preview.

Changes are seen by watchfiles (inotify), debounced so an editor's save-and-rename counts
once. A build that fails prints its located error and keeps the previous outputs (builds
are atomic), and the watcher waits for the next save.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import watchfiles

from presswork.build import build
from presswork.errors import PressworkError
from presswork.preview.server import PreviewState, make_server

Progress = Callable[[str], None]


def watch(
    manuscript: Path,
    out_dir: Path,
    formats: tuple[str, ...],
    progress: Progress,
    editions: tuple[str, ...] = (),
    port: int | None = 8000,
    stop: threading.Event | None = None,
    state: PreviewState | None = None,
) -> PreviewState:
    """Build, serve the preview on `port` (None: no server), and rebuild on each change
    until `stop` is set (or Ctrl-C)."""
    state = state or PreviewState(out_dir.resolve())

    def rebuild() -> None:
        try:
            result = build(manuscript, out_dir, formats, progress, editions=editions)
        except PressworkError as exc:
            state.failed(str(exc))
            progress(f"build failed, previous outputs kept:\n{exc}")
        else:
            state.built(result.outputs)
            progress(f"built {len(result.outputs)} file(s) in {result.seconds:.2f}s; watching")

    server = None
    if port is not None:
        server = make_server(state, manuscript, port)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        host, bound = server.server_address[:2]
        state.address = f"http://{host!s}:{bound}/"
        progress(f"preview on {state.address} (Ctrl-C to stop)")
    rebuild()
    try:
        for changes in watchfiles.watch(
            manuscript, stop_event=stop, debounce=300, raise_interrupt=True
        ):
            names = sorted({Path(path).name for _, path in changes})
            progress(f"changed: {', '.join(names)}")
            rebuild()
    finally:
        if server is not None:
            server.shutdown()
            server.server_close()
    return state
