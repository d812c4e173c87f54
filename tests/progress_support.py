"""Logs of whole sessions of a routine, built from its plan, for the progression tests."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from postchain_tui.core.loader import load_routine
from postchain_tui.core.plan import PlannedStep, StepKind, build_plan
from postchain_tui.core.record import Pain, SessionLog, StepLog, plan_outline
from postchain_tui.core.routine import Routine
from tests.log_builders import gap, hold, make_log, rep_set

PROGRESS_ROUTINES = Path(__file__).parent / "data" / "routines" / "progress"


def bridges() -> Routine:
    """A 20-30 s bridge hold (2 sets), a 15-40 s side plank per side, a 30 s wall sit, clams."""
    return load_routine(PROGRESS_ROUTINES / "bridges.toml")


def step_log(index: int, step: PlannedStep, **changes: Any) -> StepLog:
    """The log of a planned step done as planned: a timed step ran its time, 10 reps counted."""
    side = step.side.value if step.side is not None else ""
    where = {"set_number": step.set_number, "side": side, "total_sets": step.total_sets}
    if step.kind is StepKind.REPS:
        done = rep_set(index, step.exercise, **where, actual_s=float(step.seconds))
        done = replace(done, planned_s=step.seconds)
    elif step.kind is StepKind.HOLD:
        done = hold(
            index, step.exercise, **where, actual_s=float(step.seconds), planned_s=step.seconds
        )
    else:
        done = replace(gap(index, step.kind.value, step.exercise, step.seconds), **where)
    return replace(done, exercise_index=step.exercise_index, **changes)


def work_indices(plan: list[PlannedStep], exercise: str) -> list[int]:
    """The plan indices of an exercise's holds or rep sets."""
    return [i for i, step in enumerate(plan) if step.kind.is_work and step.exercise == exercise]


def session_of(
    routine: Routine,
    started: datetime,
    *,
    holds: Mapping[str, int] | None = None,
    changes: Mapping[int, Mapping[str, Any]] | None = None,
    leave_out: Iterable[int] = (),
    completed: bool = True,
    pain: Pain = Pain.NONE,
    session_id: str = "",
) -> SessionLog:
    """A session of ``routine`` in which every step ran as planned, but for what is given.

    Args:
        routine: the routine.
        started: when it started.
        holds: the holds it was planned with.
        changes: fields to change in the log of a step, by plan index.
        leave_out: plan indices never reached.
        completed: whether it was completed.
        pain: the pain flag.
        session_id: its id; made from the start time when empty.
    """
    changes = changes or {}
    skipped = set(leave_out)
    plan = build_plan(routine, holds=holds)
    steps = [
        step_log(index, step, **changes.get(index, {}))
        for index, step in enumerate(plan)
        if index not in skipped
    ]
    return make_log(
        session_id or started.strftime("%Y%m%dT%H%M"),
        started,
        steps,
        routine=routine.id,
        completed=completed,
        pain=pain,
        plan=plan_outline(plan),
    )
