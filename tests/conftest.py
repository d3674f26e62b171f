"""Shared fixtures: fixture manuscripts, books built once per session, and the rule that any
warning logged by Presswork or WeasyPrint fails the test that caused it."""

from __future__ import annotations

import difflib
import logging
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from presswork.build import BuildResult, build
from presswork.errors import PressworkError
from presswork.manuscript.book_toml import load_config

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
RECAP = ROOT / "manuscript"
WATCHED_LOGGERS = ("presswork", "weasyprint")


class Recorder(logging.Handler):
    """Collects warnings from the watched loggers."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def record_warnings() -> Recorder:
    """Attach a fresh recorder to the watched loggers."""
    recorder = Recorder()
    for name in WATCHED_LOGGERS:
        logging.getLogger(name).addHandler(recorder)
    return recorder


def release(recorder: Recorder) -> None:
    for name in WATCHED_LOGGERS:
        logging.getLogger(name).removeHandler(recorder)


@pytest.fixture(autouse=True)
def no_warnings(request: pytest.FixtureRequest) -> Iterator[Recorder]:
    """Fail a test when Presswork or WeasyPrint logged a warning during it, unless the test is
    marked `allow_warnings` (and then asserts on `no_warnings.records` itself)."""
    recorder = record_warnings()
    yield recorder
    release(recorder)
    if request.node.get_closest_marker("allow_warnings") is None:
        messages = [f"{r.name}: {r.getMessage()}" for r in recorder.records]
        assert not messages, f"warnings were logged: {messages}"


def build_clean(
    manuscript: Path, out: Path, formats: tuple[str, ...] = ("epub", "pdf")
) -> BuildResult:
    """Build and fail if anything was logged as a warning."""
    recorder = record_warnings()
    try:
        result = build(manuscript, out, formats, lambda message: None)
    finally:
        release(recorder)
    messages = [f"{r.name}: {r.getMessage()}" for r in recorder.records]
    assert not messages, f"warnings while building {manuscript.name}: {messages}"
    return result


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BuildResult]:
    """The recap and every fixture manuscript, built once for all end-to-end tests."""
    results = {}
    for name, manuscript in {"recap": RECAP, **_fixture_books()}.items():
        results[name] = build_clean(manuscript, tmp_path_factory.mktemp(name))
    return results


def _fixture_books() -> dict[str, Path]:
    return {p.name: p for p in sorted(FIXTURES.iterdir()) if (p / "book.toml").is_file()}


@pytest.fixture
def manuscript_copy(tmp_path: Path) -> Path:
    """A writable copy of the kitchen-sink fixture to break in tests."""
    target = tmp_path / "manuscript"
    shutil.copytree(FIXTURES / "kitchen-sink", target)
    return target


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "allow_warnings: the test expects logged warnings")


# Everything `make all` writes for the recap.
RECAP_OUTPUTS = [
    "a-million-miles-away-ingram-cover.pdf",
    "a-million-miles-away-ingram.pdf",
    "a-million-miles-away-paperback-cover.pdf",
    "a-million-miles-away-paperback.pdf",
    "a-million-miles-away-proof.pdf",
    "a-million-miles-away-study-guide-a4.pdf",
    "a-million-miles-away-study-guide.pdf",
    "a-million-miles-away-teacher.pdf",
    "a-million-miles-away.epub",
]
# The recap has several print editions; tests that need "the" PDF of a book with every
# print feature on (bookmarks, links, tags) take its study guide.
FULL_EDITION = {"recap": "study-guide", "study-blocks": "teacher", "press-images": "rgb"}
# The edition each book's EPUB page list follows ([epub] page_edition).
PAGE_EDITION = {"recap": "paperback"}


def pdf_of(built: dict[str, BuildResult], name: str, edition: str | None = None) -> Path:
    """The PDF of `name` (its `edition`, or the one with every print feature on)."""
    pdfs = [p for p in built[name].outputs if p.suffix == ".pdf" and "-cover" not in p.stem]
    edition = edition or FULL_EDITION.get(name)
    if edition is None:
        (only,) = pdfs
        return only
    return next(p for p in pdfs if p.stem.endswith(f"-{edition}"))


def write_toml(tmp_path: Path, text: str) -> Path:
    """A book.toml holding `text`."""
    path = tmp_path / "book.toml"
    path.write_text(text, encoding="utf-8")
    return path


def toml_error(tmp_path: Path, text: str) -> PressworkError:
    """The error load_config raises for a book.toml holding `text`."""
    with pytest.raises(PressworkError) as caught:
        load_config(write_toml(tmp_path, text))
    return caught.value


def golden_differences(expected_dir: Path, rendered: dict[str, str]) -> list[str]:
    """Each rendered file against its golden copy in `expected_dir`, as unified diffs (none
    when all match); with UPDATE_GOLDEN set, the golden copies are rewritten instead."""
    differences = []
    for name, actual in rendered.items():
        path = expected_dir / name
        if os.environ.get("UPDATE_GOLDEN"):
            expected_dir.mkdir(exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            continue
        assert path.is_file(), f"no golden file {path}; run with UPDATE_GOLDEN=1"
        expected = path.read_text(encoding="utf-8")
        if actual != expected:
            lines = difflib.unified_diff(
                expected.splitlines(True), actual.splitlines(True), str(path), "rendered"
            )
            differences.append("".join(lines))
    return differences
