"""The live preview `presswork watch` serves on localhost: the EPUB's pages as web pages and
the latest PDFs, reloaded in the browser after each rebuild.

It reads the built files on every request, so it always shows what is on disk: a failed
rebuild leaves the previous book in place, and the index page shows the error instead. The
server binds to 127.0.0.1 only; the pages poll `/_version` to know when to reload.
"""

from __future__ import annotations

import json
import mimetypes
import threading
import zipfile
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import jinja2

from presswork.theme.templates import PACKAGE_TEMPLATES, make_environment, render

RELOAD_SCRIPT = (PACKAGE_TEMPLATES / "preview" / "reload.js").read_bytes()


@dataclass
class PreviewState:
    """What the preview shows: the outputs of the last good build and its outcome."""

    out_dir: Path
    outputs: list[Path] = field(default_factory=list)
    version: int = 0
    error: str | None = None
    address: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def built(self, outputs: list[Path]) -> None:
        """Record a successful build (the browser reloads)."""
        with self.lock:
            self.outputs, self.error = list(outputs), None
            self.version += 1

    def failed(self, message: str) -> None:
        """Record a failed build (the index page shows the message)."""
        with self.lock:
            self.error = message
            self.version += 1

    def epub(self) -> Path | None:
        """The EPUB of the last good build, if there is one."""
        return next((p for p in self.outputs if p.suffix == ".epub" and p.is_file()), None)


def epub_pages(epub: Path) -> list[tuple[str, str]]:
    """(file name inside EPUB/, title) of each page in spine order."""
    from lxml import etree

    opf_ns = {"opf": "http://www.idpf.org/2007/opf"}
    with zipfile.ZipFile(epub) as archive:
        opf = etree.fromstring(archive.read("EPUB/content.opf"))
    items = {i.get("id"): i.get("href") for i in opf.iterfind(".//opf:item", opf_ns)}
    pages = []
    for ref in opf.iterfind(".//opf:itemref", opf_ns):
        href = str(items[ref.get("idref")])
        pages.append((href, PurePosixPath(href).stem))
    return pages


class _PreviewServer(ThreadingHTTPServer):
    """The preview's HTTP server: what the handler serves from."""

    def __init__(self, port: int, state: PreviewState, env: jinja2.Environment) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.state, self.env = state, env


def make_server(state: PreviewState, manuscript: Path, port: int) -> ThreadingHTTPServer:
    """An HTTP server for the preview on 127.0.0.1:`port` (0 picks a free port)."""
    return _PreviewServer(port, state, make_environment(manuscript))


class _Handler(BaseHTTPRequestHandler):
    """The preview's pages: the index, the EPUB's files, the built PDFs, a version."""

    server: _PreviewServer

    def do_GET(self) -> None:
        """Route one request."""
        state = self.server.state
        path = unquote(urlsplit(self.path).path)
        if path == "/_version":
            self._send(json.dumps({"version": state.version}).encode(), "application/json")
        elif path == "/_reload.js":
            self._send(RELOAD_SCRIPT, "text/javascript")
        elif path == "/":
            self._index()
        elif path.startswith("/epub/"):
            self._epub_file(path.removeprefix("/epub/"))
        elif path.startswith("/files/"):
            self._output(path.removeprefix("/files/"))
        else:
            self.send_error(HTTPStatus.NOT_FOUND)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal is for build progress."""

    def _index(self) -> None:
        state = self.server.state
        epub = state.epub()
        html = render(
            self.server.env,
            "preview/index.html.j2",
            pages=epub_pages(epub) if epub else [],
            pdfs=[p.name for p in state.outputs if p.suffix == ".pdf" and p.is_file()],
            epub=epub.name if epub else None,
            error=state.error,
            version=state.version,
        )
        self._send(html.encode(), "text/html; charset=utf-8")

    def _epub_file(self, name: str) -> None:
        epub = self.server.state.epub()
        if epub is None or ".." in PurePosixPath(name).parts:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        with zipfile.ZipFile(epub) as archive:
            try:
                data = archive.read(f"EPUB/{name}")
            except KeyError:
                self.send_error(HTTPStatus.NOT_FOUND)
                return
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if name.endswith(".xhtml"):
            kind = "application/xhtml+xml"
            data = data.replace(
                b"</body>", b'<script src="/_reload.js" type="text/javascript"></script></body>'
            )
        self._send(data, kind)

    def _output(self, name: str) -> None:
        outputs = self.server.state.outputs
        match = next((p for p in outputs if p.name == name and p.is_file()), None)
        if match is None:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        self._send(match.read_bytes(), mimetypes.guess_type(name)[0] or "application/pdf")

    def _send(self, data: bytes, kind: str) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)
