"""The one way a session is counted: sets, set outcomes, and what counts as a workout."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from postchain_tui.core.counting import (
    SetOutcome,
    counts_toward_goal,
    exercise_results,
    session_counts,
)
from postchain_tui.core.plan import build_plan
from postchain_tui.core.record import SessionLog, StepLog, plan_outline
from postchain_tui.core.results_text import done_text, planned_text, totals_text
from postchain_tui.core.routine import RoutineKind
from tests.fakes import WALL_START
from tests.ui_support import BIRD_DOG, short_routine

PLAN = build_plan(short_routine())
"""Glute bridge 2 sets, side plank 1 set per side, bird dog 1 rep set: four sets."""


def visit(
    index: int, ended_by: str = "time", actual_s: float = 6.0, reps: int | None = None
) -> StepLog:
    """A log entry for a visit to step ``index`` of the short routine's plan."""
    step = PLAN[index]
    return StepLog(
        index=index,
        kind=step.kind.value,
        exercise=step.exercise,
        set_number=step.set_number,
        total_sets=step.total_sets,
        side=step.side.value if step.side is not None else "",
        planned_s=step.seconds,
        actual_s=actual_s,
        paused_s=0.0,
        ended_by=ended_by,
        reps=reps,
        exercise_index=step.exercise_index,
    )


def log_of(
    *steps: StepLog, completed: bool = True, kind: RoutineKind = RoutineKind.STRENGTH
) -> SessionLog:
    return SessionLog(
        id="s",
        routine="ui-short",
        title="Short test routine",
        started_at=WALL_START,
        ended_at=WALL_START + timedelta(seconds=sum(step.actual_s for step in steps)),
        completed=completed,
        steps=steps,
        kind=kind,
        plan=plan_outline(PLAN),
    )


def test_a_per_side_set_is_one_set_done_only_when_both_sides_are() -> None:
    log = log_of(
        visit(1), visit(3), visit(5, actual_s=11.0), visit(7, actual_s=4.4, ended_by="quit")
    )
    results = exercise_results(log)
    assert [(r.planned.name, r.sets_done, r.sets_planned) for r in results] == [
        ("Glute bridge", 2, 2),
        ("Side plank", 0, 1),
        ("Bird dog", 0, 1),
    ]
    assert results[1].sets[0].outcome is SetOutcome.CUT_SHORT
    assert done_text(results[1]) == "L 11s R 4s (stopped)"
    assert results[2].sets[0].outcome is SetOutcome.NOT_REACHED
    counts = session_counts(log)
    assert (counts.sets_done, counts.sets_planned, counts.sets_text) == (2, 4, "2/4")


def test_each_outcome_of_a_set() -> None:
    log = log_of(visit(1), visit(3, ended_by="skip", actual_s=1.2), completed=False)
    bridge = exercise_results(log)[0]
    assert [s.outcome for s in bridge.sets] == [SetOutcome.DONE, SetOutcome.SKIPPED]
    assert done_text(bridge) == "6s, skipped"
    assert planned_text(bridge.planned) == "2 × 6s"
    assert planned_text(exercise_results(log)[1].planned) == "1 × 6s each side"
    assert planned_text(exercise_results(log)[2].planned) == "1 × 5 reps"


def test_the_last_visit_that_did_not_go_back_counts() -> None:
    log = log_of(
        visit(1, ended_by="back", actual_s=2.0),
        visit(1, actual_s=6.0),
        visit(3, actual_s=6.0),
        visit(4, ended_by="back", actual_s=1.0),  # went back into the set just done
        visit(BIRD_DOG, ended_by="done", actual_s=14.0, reps=7),
    )
    results = exercise_results(log)
    assert results[0].sets_done == 2
    assert done_text(results[2]) == "7"
    untyped = log_of(visit(BIRD_DOG, ended_by="done", actual_s=14.0))
    assert done_text(exercise_results(untyped)[2]) == "done"
    stopped = log_of(visit(BIRD_DOG, ended_by="quit", actual_s=4.0))
    assert done_text(exercise_results(stopped)[2]) == "stopped"


def test_skipping_everything_reaches_the_end_but_is_not_a_workout() -> None:
    work = [index for index, step in enumerate(PLAN) if step.kind.is_work]
    log = log_of(*(visit(index, ended_by="skip", actual_s=0.5) for index in work))
    counts = session_counts(log)
    assert (counts.sets_done, counts.sets_planned) == (0, 4)
    assert counts.reached_end
    assert not counts.complete
    assert not counts.counts_toward_goal
    assert counts.heading == "Every set skipped"


@pytest.mark.parametrize(
    ("kind", "done", "planned", "expected"),
    [
        (RoutineKind.STRENGTH, 2, 4, True),  # half is enough
        (RoutineKind.STRENGTH, 1, 4, False),
        (RoutineKind.STRENGTH, 0, 0, False),
        (RoutineKind.STRENGTH, 3, 5, True),
        (RoutineKind.STRENGTH, 2, 5, False),
        (RoutineKind.ACTIVATION, 5, 5, False),
        (RoutineKind.MOBILITY, 5, 5, False),
    ],
)
def test_what_counts_towards_the_weekly_goal(
    kind: RoutineKind, done: int, planned: int, expected: bool
) -> None:
    assert counts_toward_goal(kind, done, planned) is expected


def test_a_finished_activation_is_complete_but_not_a_workout() -> None:
    work = [index for index, step in enumerate(PLAN) if step.kind.is_work]
    log = log_of(
        *(visit(index, ended_by="done" if index == BIRD_DOG else "time") for index in work),
        kind=RoutineKind.ACTIVATION,
    )
    counts = session_counts(log)
    assert counts.sets_text == "4/4"
    assert counts.complete
    assert counts.heading == "Session complete"
    assert not counts.counts_toward_goal


def test_a_version_1_log_without_a_plan_is_counted_from_its_steps() -> None:
    log = replace(log_of(visit(1), visit(5), visit(7)), plan=())
    counts = session_counts(log)
    # Without the plan, only the exercises it reached are known.
    assert (counts.sets_done, counts.sets_planned) == (2, 3)


def test_the_totals_add_up_as_shown() -> None:
    steps = (
        replace(visit(1, actual_s=10.4), paused_s=0.4),
        visit(3, actual_s=20.4),
    )
    log = log_of(*steps)
    log = replace(log, ended_at=WALL_START + timedelta(seconds=31.2))
    # 10.4 + 20.4 = 30.8 active rounds to 31, 0.4 paused rounds to 0: the total is their sum.
    assert totals_text(log, session_counts(log)) == (
        "Total 0:31 · active 0:31 · paused 0:00 · 2/4 sets done"
    )


def test_time_a_resumed_session_lay_cut_off_is_said_apart() -> None:
    log = replace(log_of(visit(1), visit(3)), ended_at=WALL_START + timedelta(seconds=612))
    assert totals_text(log, session_counts(log)) == (
        "Total 10:12 · active 0:12 · paused 0:00 · cut off 10:00 · 2/4 sets done"
    )
