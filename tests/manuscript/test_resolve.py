"""Links across the whole book: a `#id` goes to whichever chapter has it, two candidates are
an error naming both, a dangling one an error (plain text in a draft)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from presswork.errors import PressworkError, Problems
from presswork.manuscript.load import load_manuscript
from presswork.manuscript.model import Book, Source
from presswork.manuscript.parse import parse_book
from presswork.manuscript.references import book_references, heading_references
from presswork.manuscript.resolve import resolve_links
from presswork.manuscript.transforms import LinkTarget, ParseState

WHEN = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def book(tmp_path: Path, chapters: dict[str, str], draft: bool = False) -> Book:
    for name, text in chapters.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    listed = ", ".join(f'"{name}"' for name in chapters)
    (tmp_path / "book.toml").write_text(
        f'title = "T"\nlanguage = "en"\nchapters = [{listed}]\n', encoding="utf-8"
    )
    config, sources = load_manuscript(tmp_path)
    return parse_book(config, tmp_path, sources, WHEN, draft)


def test_a_hash_link_goes_to_the_chapter_that_has_the_heading(tmp_path: Path) -> None:
    parsed = book(
        tmp_path,
        {
            "a.md": "# A\n\nSee [setup](#setting-up) and [here](#local).\n\n## Local\n",
            "b.md": "# B\n\n## Setting up\n\nText[^n].\n\n[^n]: Back to [local](#local).\n",
        },
    )
    a, b = parsed.chapters
    assert 'href="#b--setting-up"' in a.body and 'href="#a--local"' in a.body
    assert 'href="#a--local"' in b.notes[0].body  # notes are relinked too


def test_resolving_leaves_chapters_without_such_links_as_they_are(tmp_path: Path) -> None:
    parsed = book(tmp_path, {"a.md": "# A\n\n## Here\n", "b.md": "# B\n\n[x](a.md#here)\n"})
    state = ParseState(root=tmp_path, chapter_files={})
    link = LinkTarget("#here", "b--here", tmp_path / "b.md", 3, "b")
    a, b = resolve_links(list(parsed.chapters), [link], state)
    assert a is parsed.chapters[0] and b is not parsed.chapters[1] and not state.problems


def test_two_candidates_are_an_error_naming_both(tmp_path: Path) -> None:
    with pytest.raises(PressworkError) as caught:
        book(
            tmp_path,
            {
                "a.md": "# A\n\n[x](#usage)\n",
                "b.md": "# B\n\n## Usage\n",
                "c.md": "# C\n\n## Usage\n",
            },
        )
    assert not isinstance(caught.value, Problems)
    assert "'b'" in caught.value.message and "'c'" in caught.value.message
    assert caught.value.file == tmp_path / "a.md" and caught.value.line == 3


@pytest.mark.allow_warnings
def test_a_draft_keeps_a_dangling_link_s_words(tmp_path: Path) -> None:
    parsed = book(tmp_path, {"a.md": "# A\n\nSee [the end](#nowhere) now.\n"}, draft=True)
    assert "See the end now." in parsed.chapters[0].body and "href" not in parsed.chapters[0].body


def test_a_reference_defined_in_one_chapter_serves_every_chapter(tmp_path: Path) -> None:
    parsed = book(
        tmp_path,
        {
            "a.md": "# A\n\nWritten in [Haskell] and [Rust][r].\n\n```\n[fake]: nothing\n```\n",
            "b.md": "# B\n\nAlso [Haskell], not [fake].\n\n[haskell]: https://haskell.org\n"
            '[r]: https://rust-lang.org "Rust"\n',
        },
    )
    a, b = parsed.chapters
    assert '<a href="https://haskell.org">Haskell</a>' in a.body
    assert 'href="https://rust-lang.org" title="Rust"' in a.body
    assert '<a href="https://haskell.org">Haskell</a>' in b.body and "[fake]" in b.body


def test_definitions_are_gathered_first_come_and_not_from_code() -> None:
    sources = (
        Source("a.md", Path("a.md"), "[X]: <one.html>\n\n~~~\n[y]: code\n~~~\n", None),
        Source("b.md", Path("b.md"), "[x]: two.html\n[z]: z.html (Zed)\n", None),
    )
    assert book_references(sources) == {"x": ("one.html", ""), "z": ("z.html", "Zed")}


def test_a_heading_s_text_is_a_reference_to_it_in_any_chapter(tmp_path: Path) -> None:
    parsed = book(
        tmp_path,
        {
            "a.md": "# A\n\nSee [Getting *Started*] and [Tuning].\n",
            "b.md": "# B\n\n## Getting *Started*\n\nTuning\n------\n\n## Odd {#odd-one}\n",
        },
    )
    body = parsed.chapters[0].body
    assert 'href="#b--getting-started"' in body and 'href="#b--tuning"' in body
    assert heading_references(
        (Source("b.md", Path("b.md"), "## Odd {#odd-one .x}\n\n```\n# not\n```\n", None),)
    ) == {"odd": ("#odd-one", "")}
