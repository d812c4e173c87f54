"""Routines as FIT workout files: each decodes, and its steps give back the plan."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from postchain_tui import locations
from postchain_tui.core.catalog import load_catalog
from postchain_tui.core.durations import Span
from postchain_tui.core.fit_workout import encode_workout
from postchain_tui.core.plan import PlannedStep, build_plan
from postchain_tui.core.routine import Routine
from tests.fit_support import decode, message_order

CREATED = datetime(2026, 12, 5, 18, 30, tzinfo=UTC)
GAPS = {"Rest": "rest", "Switch sides": "switch", "Get ready": "lead_in"}
BUNDLED = {
    entry.routine.id: entry.routine
    for entry in load_catalog(locations.bundled_routines_dir(), None).entries
}


def expanded(steps: list[dict[str, Any]]) -> list[tuple[object, ...]]:
    """The workout's steps with every repeat played out: (kind, name, seconds, reps)."""
    played: list[tuple[object, ...]] = []
    position, done_repeats = 0, dict[int, int]()
    while position < len(steps):
        step = steps[position]
        if step["duration_type"] == "repeat_until_steps_cmplt":
            done_repeats[position] = done_repeats.get(position, 1) + 1
            if done_repeats[position] <= step["repeat_steps"]:
                position = step["duration_step"]
                continue
            done_repeats.pop(position)
            position += 1
            continue
        name = step["wkt_step_name"]
        if step["duration_type"] == "reps":
            played.append(("reps", name, None, step["duration_reps"], step["notes"]))
        elif name in GAPS:
            assert step["intensity"] == "rest"
            played.append((GAPS[name], name, step["duration_time"], None, None))
        else:
            assert step["intensity"] == "active"
            played.append(("hold", name, step["duration_time"], None, None))
        position += 1
    return played


def as_planned(steps: list[PlannedStep]) -> list[tuple[object, ...]]:
    """The plan in the same terms, written out from the plan's own fields."""
    rows: list[tuple[object, ...]] = []
    for step in steps:
        name = step.title + (f" ({step.side.value})" if step.side and step.kind.is_work else "")
        if step.kind.value == "reps":
            assert step.reps is not None
            reps = f"{step.reps.low}-{step.reps.high}" if step.reps.is_range else str(step.reps.low)
            rows.append(("reps", name, None, step.reps.low, f"{reps} reps"))
        else:
            rows.append((step.kind.value, name, float(step.seconds), None, None))
    return rows


@pytest.mark.parametrize("routine_id", sorted(BUNDLED))
def test_every_bundled_routine_decodes_to_its_plan(routine_id: str) -> None:
    routine = BUNDLED[routine_id]
    plan = build_plan(routine)
    messages = decode(encode_workout(routine, plan, CREATED))
    assert messages["file_id_mesgs"][0]["type"] == "workout"
    workout = messages["workout_mesgs"][0]
    assert workout["wkt_name"] == routine.title
    assert (workout["sport"], workout["sub_sport"]) == ("training", "strength_training")
    steps = messages["workout_step_mesgs"]
    assert workout["num_valid_steps"] == len(steps)
    assert expanded(steps) == as_planned(plan)


def test_sets_alike_are_written_once_with_a_repeat() -> None:
    routine = BUNDLED["back-workout-day"]  # three exercises of three sets each
    steps = decode(encode_workout(routine, build_plan(routine), CREATED))["workout_step_mesgs"]
    repeats = [s for s in steps if s["duration_type"] == "repeat_until_steps_cmplt"]
    assert repeats
    assert len(steps) < len(build_plan(routine))


def test_holds_start_where_the_progression_has_them() -> None:
    routine = BUNDLED["back-workout-day"]
    plan = build_plan(routine, {"Superman hold": 25})
    played = expanded(decode(encode_workout(routine, plan, CREATED))["workout_step_mesgs"])
    supermans = [row for row in played if row[1] == "Superman hold"]
    assert [row[2] for row in supermans] == [25.0, 25.0, 25.0]


def test_the_workout_file_holds_only_its_messages_in_order() -> None:
    routine = Routine(id="one", title="One", exercises=BUNDLED["back-easy-day"].exercises[:1])
    order = message_order(encode_workout(routine, build_plan(routine), CREATED))
    assert order[:2] == ["file_id", "workout"]
    assert set(order[2:]) == {"workout_step"}


def test_reps_of_a_fixed_count_have_no_range() -> None:
    exercise = BUNDLED["pre-run-activation"].exercises[0]
    assert exercise.reps == Span(10, 10)
    routine = Routine(id="clams", title="Clams", exercises=(exercise,))
    played = expanded(decode(encode_workout(routine, build_plan(routine), CREATED))
                      ["workout_step_mesgs"])
    assert ("reps", "Clams (left)", None, 10, "10 reps") in played
