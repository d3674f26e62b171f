"""Large, odd and interrupted builds: a correct book or a clear error, and never a damaged
previous book or a partial file left behind."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from conftest import build_clean
from presswork.output import atomic_target


def write_book(
    root: Path, chapters: dict[str, str], title: str = "Stress", page_list: bool = True
) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in chapters.items():
        (root / name).write_text(text, encoding="utf-8")
    names = ", ".join(f'"{name}"' for name in chapters)
    epub = "" if page_list else "[epub]\npage_list = false\n"
    (root / "book.toml").write_text(
        f'title = "{title}"\nlanguage = "en"\nchapters = [{names}]\n{epub}', encoding="utf-8"
    )
    return root


def footnoted(count: int) -> str:
    body = "\n\n".join(
        f"Claim {i} needs a source.[^n{i}] " + "Filler words run on. " * 6
        for i in range(1, count + 1)
    )
    notes = "\n".join(f"[^n{i}]: Source {i}." for i in range(1, count + 1))
    return f"# Notes\n\n{body}\n\n{notes}\n"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.slow
def test_a_killed_build_leaves_the_previous_book(tmp_path: Path) -> None:
    root = write_book(tmp_path / "book", {"01.md": footnoted(600)})
    out = tmp_path / "out"
    build_clean(root, out)
    before = {p.name: sha(p) for p in out.glob("stress.*")}
    (root / "01.md").write_text(footnoted(620), encoding="utf-8")
    command = [sys.executable, "-m", "presswork.cli", "build", str(root), "-o", str(out)]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    for line in process.stderr:
        if "laying out" in line:
            break
    time.sleep(0.5)  # well inside WeasyPrint's layout of ~70 pages (several seconds)
    assert process.poll() is None, "the build ended before it could be interrupted"
    process.send_signal(signal.SIGTERM)
    rest = process.communicate(timeout=60)[1]
    assert process.returncode == 130, rest
    assert "previous outputs are untouched" in rest
    after = {p.name: sha(p) for p in out.glob("stress.*")}
    assert after["stress.pdf"] == before["stress.pdf"]  # the old PDF, not a partial one
    assert not list(out.glob(".*.part*"))


@pytest.mark.slow
@pytest.mark.parametrize("editions", [False, True])
def test_ctrl_c_stops_the_workers_at_once(tmp_path: Path, editions: bool) -> None:
    """Ctrl-C reaches the whole process group while chapters are being laid out in worker
    processes, some of them waiting for the page counts of others (one edition), or while
    editions are laid out side by side (two): the build ends at once, says so, leaves no
    process behind and no partial file, and keeps the previous PDF."""
    chapters = {f"{i:02d}.md": footnoted(120).replace("# Notes", f"# Part {i}") for i in range(8)}
    root = write_book(tmp_path / "book", chapters)
    if editions:
        with (root / "book.toml").open("a", encoding="utf-8") as toml:
            toml.write('[editions.large]\ntrim = "a4"\n[editions.small]\ntrim = "a5"\n')
    out = tmp_path / "out"
    build_clean(root, out, ("pdf",))
    pdf = out / ("stress-small.pdf" if editions else "stress.pdf")
    before = sha(pdf)
    (root / "03.md").write_text(footnoted(130), encoding="utf-8")
    (root / "00.md").write_text(footnoted(125), encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "presswork.cli",
        "build",
        "-f",
        "pdf",
        str(root),
        "-o",
        str(out),
    ]
    process = subprocess.Popen(
        command,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        # as from a terminal: a test runner started in the background ignores SIGINT, and
        # Python then never turns it into KeyboardInterrupt
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert process.stderr is not None
    for line in process.stderr:
        if "chapter(s)" in line:
            break
    time.sleep(0.3)
    assert process.poll() is None, "the build ended before it could be interrupted"
    started = time.perf_counter()
    os.killpg(process.pid, signal.SIGINT)
    rest = process.communicate(timeout=60)[1]
    assert time.perf_counter() - started < 5
    assert process.returncode == 130, rest
    assert "previous outputs are untouched" in rest and "Traceback" not in rest
    time.sleep(0.5)
    with pytest.raises(ProcessLookupError):  # no worker left in the group
        os.killpg(process.pid, 0)
    assert sha(pdf) == before
    assert not list(out.glob(".*.part*"))


def test_leftovers_of_a_hard_kill_are_swept(tmp_path: Path) -> None:
    target = tmp_path / "book.epub"
    stale = tmp_path / ".book.epub.abc123.part"
    stale.write_bytes(b"half a book")
    with atomic_target(target) as temporary:
        temporary.write_bytes(b"a whole book")
    assert target.read_bytes() == b"a whole book"
    assert not stale.exists() and not list(tmp_path.glob("*.part"))
    assert target.stat().st_mode & 0o777 == 0o644  # not mkstemp's 0600


def test_a_5_mb_paragraph_builds(tmp_path: Path) -> None:
    words = ["the", "quick", "brown", "fox", "jumps", "over", "the", "lazy", "dog", "again"]
    paragraph = " ".join(words[i % len(words)] for i in range(1_050_000))
    assert len(paragraph) > 5_000_000
    # An EPUB alone: its page list would need the 2,000-page print layout (about 2 minutes).
    root = write_book(
        tmp_path / "book", {"01.md": f"# One Paragraph\n\n{paragraph}\n"}, page_list=False
    )
    epub = build_clean(root, tmp_path / "out", ("epub",)).outputs[0]
    with zipfile.ZipFile(epub) as archive:
        assert len(archive.read("EPUB/c-01.xhtml")) > 5_000_000


def test_two_thousand_chapters(tmp_path: Path) -> None:
    chapters = {
        f"{i:04d}.md": f"# Chapter {i}\n\nSee [the next]({(i % 2000) + 1:04d}.md).\n"
        for i in range(1, 2001)
    }
    root = write_book(tmp_path / "book", chapters, page_list=False)  # 4,000 print pages
    epub = build_clean(root, tmp_path / "out", ("epub",)).outputs[0]
    with zipfile.ZipFile(epub) as archive:
        assert sum(n.endswith(".xhtml") for n in archive.namelist()) == 2000 + 5
        assert 'href="c-0002.xhtml#c-0002"' in archive.read("EPUB/c-0001.xhtml").decode()


@pytest.mark.slow
def test_deeply_nested_lists(tmp_path: Path) -> None:
    text = "# Deep\n\n" + "".join("    " * depth + f"- level {depth}\n" for depth in range(40))
    root = write_book(tmp_path / "book", {"01.md": text})
    result = build_clean(root, tmp_path / "out")
    with zipfile.ZipFile(result.outputs[0]) as archive:
        assert archive.read("EPUB/c-01.xhtml").decode().count("<ul>") == 40
    assert result.pages and all(pages > 0 for pages in result.pages.values())


def _started(root: Path, out: Path, *options: str) -> subprocess.Popen[str]:
    """A build in its own session, once it has started laying out chapters."""
    command = [sys.executable, "-m", "presswork.cli", "build", str(root), "-o", str(out)]
    process = subprocess.Popen(
        [*command, *options], stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    assert process.stderr is not None
    for line in process.stderr:
        if "chapter(s)" in line:
            break
    time.sleep(0.3)
    assert process.poll() is None, "the build ended before it could be interrupted"
    return process


@pytest.mark.slow
def test_a_sigkilled_build_leaves_no_process_behind(tmp_path: Path) -> None:
    chapters = {f"{i:02d}.md": footnoted(120).replace("# Notes", f"# Part {i}") for i in range(8)}
    root = write_book(tmp_path / "book", chapters)
    process = _started(root, tmp_path / "out", "-f", "pdf")
    os.kill(process.pid, signal.SIGKILL)  # the parent only: no chance to stop its workers
    process.communicate(timeout=10)
    deadline = time.monotonic() + 5
    while _processes_of(root) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _processes_of(root) == []


def _processes_of(root: Path) -> list[int]:
    """Processes whose command line names this manuscript (forked workers keep it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if str(root).encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.slow
def test_two_builds_into_one_folder_both_end_well(tmp_path: Path) -> None:
    root = write_book(tmp_path / "book", {"01.md": footnoted(200)}, page_list=False)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "presswork.cli", "build", str(root), "-o", str(out)]
    first = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    errors = [first.communicate(timeout=120)[1], second.communicate(timeout=120)[1]]
    assert (first.returncode, second.returncode) == (0, 0), errors
    assert any("waiting for another build" in text for text in errors)
    with zipfile.ZipFile(out / "stress.epub") as archive:
        assert archive.testzip() is None
    assert not list(out.glob(".*.part*")) and not list((out / ".cache").glob("presswork-*"))


@pytest.mark.slow
def test_an_interrupted_build_leaves_the_previous_set_whole(tmp_path: Path) -> None:
    chapters = {f"{i:02d}.md": footnoted(120).replace("# Notes", f"# Part {i}") for i in range(6)}
    root = write_book(tmp_path / "book", chapters)
    out = tmp_path / "out"
    build_clean(root, out)
    before = {p.name: sha(p) for p in out.glob("stress.*")}
    for name in chapters:
        (root / name).write_text(footnoted(125).replace("# Notes", f"# Part {name}"), "utf-8")
    process = _started(root, out)
    os.killpg(process.pid, signal.SIGTERM)
    rest = process.communicate(timeout=60)[1]
    assert process.returncode == 130 and "previous outputs are untouched" in rest, rest
    assert {p.name: sha(p) for p in out.glob("stress.*")} == before  # all old, none new
    assert not list(out.glob(".*.part*")) and not list((out / ".cache").glob("presswork-*"))
