"""Every file a manuscript names is proven to be the writer's: a readable regular file whose
real path lies inside the manuscript; anything else is one located message."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from presswork.errors import PressworkError
from presswork.manuscript.files import manuscript_file, walk


@pytest.fixture
def root(tmp_path: Path) -> Path:
    book = tmp_path / "book"
    (book / "images").mkdir(parents=True)
    (book / "one.md").write_text("# One\n")
    (book / "images" / "a.png").write_bytes(b"png")
    (tmp_path / "secret").write_text("secret")
    return book


def refusal(root: Path, name: str, **options: bool) -> str:
    with pytest.raises(PressworkError) as caught:
        manuscript_file(root, name, "chapter file", root / "book.toml", 7, **options)
    assert caught.value.file == root / "book.toml" and caught.value.line == 7
    return caught.value.message


def test_a_plain_file_inside_is_accepted(root: Path) -> None:
    assert manuscript_file(root, "one.md", "chapter file") == root / "one.md"
    os.symlink("one.md", root / "same.md")  # a link to another file of the manuscript: fine
    assert manuscript_file(root, "same.md", "chapter file") == root / "same.md"


def test_what_is_refused(root: Path) -> None:
    os.symlink(root.parent / "secret", root / "linked.md")
    os.symlink(root.parent, root / "up")
    os.mkfifo(root / "fifo.md")
    assert "outside" in refusal(root, "../secret")
    assert "outside" in refusal(root, "/etc/passwd")
    assert "symbolic link to a file outside" in refusal(root, "linked.md")
    assert "symbolic link (up)" in refusal(root, "up/secret")
    assert "is a folder" in refusal(root, "images")
    assert "not a regular file" in refusal(root, "fifo.md")
    assert "not found" in refusal(root, "missing.md")
    os.symlink("one.md", root / "same.md")
    assert "symbolic link" in refusal(root, "same.md", links=False)  # templates: no links


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_an_unreadable_file_is_refused(root: Path) -> None:
    (root / "one.md").chmod(0)
    assert "permission denied" in refusal(root, "one.md")


def test_walk_checks_every_file_of_a_folder(root: Path) -> None:
    assert list(walk(root, "images", "image")) == [root / "images" / "a.png"]
    assert list(walk(root, "styles", "theme file")) == []
    os.symlink(root.parent / "secret", root / "images" / "b.png")
    with pytest.raises(PressworkError, match="symbolic link"):
        list(walk(root, "images", "image"))
