"""The study blocks (transforms/quiz.py, sequencing.py, vocabulary marks) and what an
edition selects of them (select.py, answer_key.py): a student's edition holds no answer,
a teacher's holds every one, inline or in an answer key."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_parse import book_of

from presswork.errors import PressworkError
from presswork.manuscript.answer_key import KEY_ID
from presswork.manuscript.extensions.vocab_marks import VOCAB_PATTERN
from presswork.manuscript.model import Book
from presswork.manuscript.select import select_material
from presswork.manuscript.transforms.quiz import CORRECT
from presswork.manuscript.transforms.sequencing import ORDER
from presswork.manuscript.transforms.vocabulary import collect_vocabulary
from presswork.manuscript.transforms.xhtml import parse_html
from presswork.manuscript.vocabulary import build_vocabulary

CHAPTER = """# Voyage

The crew was [steadfast]{.vocab definition="firm and not giving way"} in the storm, and
the captain kept a [logbook]{.vocab definition="a ship's daily record"}. Still
[steadfast]{.vocab}, they sailed on.

!!! questions
    1. Who kept the logbook?

!!! answers
    1. The captain.

!!! multiple-choice
    1. Who kept the logbook?
        - [ ] The cook
        - [x] The captain

!!! true-false
    - [x] The crew was steadfast.
    - [ ] The ship sank.

| When | What happens |
|---|---|
| Day 1 | The ship leaves. |
| Day 2 | A storm hits. |
| Day 3 | The sea is calm. |
| Day 4 | Land is seen. |

!!! sequencing
"""


def _bodies(book: Book) -> str:
    return "\n".join(chapter.body for chapter in book.chapters)


def test_quiz_options_carry_their_answers_only_for_a_teacher(tmp_path: Path) -> None:
    book = book_of(tmp_path, CHAPTER)
    body = book.chapters[0].body
    assert body.count('data-correct="true"') == 3  # the right option, a verdict a statement
    assert "task-box" not in body.split("multiple-choice")[1]  # the boxes were the answers
    student = _bodies(select_material(book, study=True))
    assert "data-correct" not in student and "data-order" not in student
    assert "The captain.</li>" not in student and "answers" not in student
    teacher = _bodies(select_material(book, study=True, answers="inline"))
    assert teacher.count('class="choice correct"') == 3
    assert "The captain.</li>" in teacher


def test_true_false_statements_get_both_verdicts(tmp_path: Path) -> None:
    body = book_of(tmp_path, CHAPTER).chapters[0].body
    assert body.count('<span class="verdicts">') == 2
    assert body.count(">True</span>") == 2 and body.count(">False</span>") == 2


def test_sequencing_is_made_from_the_timeline_shuffled_the_same_way_each_time(
    tmp_path: Path,
) -> None:
    first = book_of(tmp_path, CHAPTER).chapters[0].body
    again = book_of(tmp_path, CHAPTER).chapters[0].body
    assert first == again
    orders = [int(part.split('"')[1]) for part in first.split("data-order=")[1:]]
    assert sorted(orders) == [1, 2, 3, 4] and orders != [1, 2, 3, 4]


def test_an_authors_own_list_is_the_right_order(tmp_path: Path) -> None:
    text = "# T\n\nText.\n\n!!! sequencing\n    1. First\n    2. Second\n    3. Third\n"
    body = book_of(tmp_path, text).chapters[0].body
    assert body.count("sequence-item") == 3 and "<ol" not in body


def test_a_sequencing_box_with_nothing_to_order_is_a_located_problem(tmp_path: Path) -> None:
    with pytest.raises(PressworkError) as caught:
        book_of(tmp_path, "# T\n\nText.\n\n!!! sequencing\n")
    message = str(caught.value)
    assert "01-ch1.md:5" in message and "sequencing" in message


def test_the_answer_key_gathers_every_answer_by_chapter(tmp_path: Path) -> None:
    book = select_material(book_of(tmp_path, CHAPTER), study=True, answers="key")
    key = book.chapters[-1]
    assert key.id == KEY_ID and key.study and key.number is None
    assert "The captain.</li>" in key.body
    assert "<li>b. The captain</li>" in key.body
    assert "<li>True</li><li>False</li>" in key.body
    assert "The ship leaves.</span></li><li><span" in key.body  # the right order
    chapter = book.chapters[0].body
    assert "data-correct" not in chapter and "The captain.</li>" not in chapter
    assert [h.text for h in key.headings] == ["Voyage"]


def test_vocabulary_words_are_defined_once_and_listed_at_their_first_use(
    tmp_path: Path,
) -> None:
    book = book_of(tmp_path, CHAPTER)
    entries = build_vocabulary(book)
    assert [(e.word, e.definition) for e in entries] == [
        ("logbook", "a ship's daily record"),
        ("steadfast", "firm and not giving way"),
    ]
    marks = [t.id for t in book.chapters[0].vocabulary]
    assert entries[1].first_id == marks[0]
    assert build_vocabulary(select_material(book, study=False)) == ()


def test_a_word_nobody_defines_is_a_located_problem(tmp_path: Path) -> None:
    with pytest.raises(PressworkError) as caught:
        book_of(tmp_path, "# T\n\nSome text.\n\nA [gale]{.vocab} blew.\n")
    message = str(caught.value)
    assert "01-ch1.md:5" in message and "'gale' has no definition" in message


def test_a_vocabulary_mark_is_written_as_pandoc_writes_a_span() -> None:
    import re

    match = re.fullmatch(VOCAB_PATTERN, '[gale]{.vocab definition="a very strong wind"}')
    assert match is not None and match.groups() == ("gale", "a very strong wind")
    root = parse_html('<p><span class="vocab-term" data-definition="d">gale</span></p>')
    (term,) = collect_vocabulary(root, "ch")
    assert (term.id, term.word, term.definition) == ("ch--vo1", "gale", "d")
    assert root.find(".//span").get("data-definition") is None  # kept in the model only
    assert CORRECT.startswith("data-") and ORDER.startswith("data-")
