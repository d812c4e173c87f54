"""Writing routines back to TOML, and the editor's draft of a routine."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from postchain_tui import locations
from postchain_tui.core.durations import Span
from postchain_tui.core.loader import load_routine, parse_routine
from postchain_tui.core.routine import RoutineError
from postchain_tui.core.routine_draft import ExerciseDraft, RoutineDraft
from postchain_tui.core.routine_writer import routine_document, routine_toml, span_value
from tests.progress_support import bridges

BUNDLED = sorted(locations.bundled_routines_dir().glob("*.toml"))


@pytest.mark.parametrize("path", BUNDLED, ids=[path.stem for path in BUNDLED])
def test_every_bundled_routine_round_trips_through_the_writer(path: Path) -> None:
    routine = load_routine(path)
    assert parse_routine(routine_toml(routine)) == replace(routine, path=None)
    assert RoutineDraft.from_routine(routine).build() == replace(routine, path=None)


def test_durations_are_written_as_people_write_them() -> None:
    assert span_value(Span(0, 0)) == 0
    assert span_value(Span(30, 30)) == "30s"
    assert span_value(Span(90, 90)) == "1min 30s"
    assert span_value(Span(15, 30)) == "15-30s"
    assert span_value(Span(60, 120)) == "1-2min"


def test_defaults_and_rests_equal_to_them_are_left_out() -> None:
    document = routine_document(bridges())
    assert document["defaults"] == {"rest": "10s"}
    assert "rest" not in document["exercise"][0]
    assert document["exercise"][3] == {"name": "Clams", "reps": "8-12", "sets": 2}
    assert document["exercise"][1] == {"name": "Side plank", "hold": "15-40s", "per_side": True}


def test_a_header_becomes_comment_lines_above_the_routine() -> None:
    text = routine_toml(bridges(), "first line\nsecond line")
    assert text.startswith("# first line\n# second line\n\ntitle = ")
    assert tomllib.loads(text)["id"] == "bridges"


def test_a_draft_adds_moves_and_removes_exercises() -> None:
    draft = RoutineDraft.from_routine(bridges())
    assert [e.name for e in draft.exercises[:2]] == ["Glute bridge hold", "Side plank"]
    assert draft.add(after=0) == 1
    assert draft.exercises[1] == ExerciseDraft(rest="10s")
    draft.exercises[1].name = "Donkey kick"
    assert draft.move(1, -1) == 0
    assert draft.move(0, -1) == 0  # stays at the top
    assert draft.move(4, 1) == 4  # stays at the bottom
    draft.remove(2)
    routine = draft.build()
    names = [exercise.name for exercise in routine.exercises]
    assert names == ["Donkey kick", "Glute bridge hold", "Wall sit", "Clams"]
    assert routine.exercises[0].hold == Span(30, 30)


@pytest.mark.parametrize(
    ("change", "key", "message"),
    [
        ({"sets": "x"}, "exercise[1].sets", "must be a whole number from 1 to 20, got 'x'"),
        ({"sets": "60"}, "exercise[1].sets", "must be a whole number from 1 to 20, got 60"),
        ({"name": "  "}, "exercise[1].name", "must not be empty"),
        ({"amount": "10", "timed": True, "rest": "soon"}, "exercise[1].rest", ""),
        ({"amount": "30s", "timed": False}, "exercise[1].reps", ""),
    ],
)
def test_a_draft_that_is_not_a_valid_routine_names_the_field(
    change: dict[str, object], key: str, message: str
) -> None:
    draft = RoutineDraft.from_routine(bridges())
    draft.exercises[0] = replace(draft.exercises[0], **change)  # type: ignore[arg-type]
    with pytest.raises(RoutineError) as raised:
        draft.build()
    assert raised.value.key == key
    assert raised.value.message.startswith(message)


def test_a_draft_needs_an_id_a_title_and_an_exercise() -> None:
    draft = RoutineDraft.from_routine(bridges())
    draft.routine_id = "My Bridges"
    with pytest.raises(RoutineError, match="is not a valid id"):
        draft.build()
    draft.routine_id, draft.title = "my-bridges", ""
    with pytest.raises(RoutineError) as no_title:
        draft.build()
    assert no_title.value.key == "title"
    draft.title, draft.exercises = "Mine", []
    with pytest.raises(RoutineError) as no_exercise:
        draft.build()
    assert no_exercise.value.key == "exercise"


def test_a_draft_reports_every_problem_of_the_form_each_once() -> None:
    draft = RoutineDraft.from_routine(bridges())
    draft.title = ""
    draft.exercises[0] = replace(draft.exercises[0], sets="21", timed=True, amount="11min")
    with pytest.raises(RoutineError) as raised:
        draft.build()
    problems = raised.value.problems
    assert [problem.key for problem in problems] == [
        "title",
        "exercise[1].hold",
        "exercise[1].sets",
    ]
    assert "at most 600 seconds (10min)" in problems[1].message
    assert "from 1 to 20" in problems[2].message
    for problem in problems:
        assert str(problem).count("a whole number of seconds such as 45") <= 1
