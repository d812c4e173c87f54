"""Hand-built session logs with exact values, and writing them into a sessions folder."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from postchain_tui.core.counting import SessionCounts
from postchain_tui.core.history import SessionSummary
from postchain_tui.core.record import Pain, PlannedExercise, SessionLog, StepLog
from postchain_tui.core.routine import RoutineKind
from postchain_tui.core.store import SessionStore

PLUS_ONE = timezone(timedelta(hours=1))
SETTLED_NS = 1_700_000_000_000_000_000
"""A modification time long past (November 2023), for files whose stamp should be trusted."""


def at(day: int, hour: int = 7, minute: int = 0, tz: timezone = PLUS_ONE) -> datetime:
    """A moment in November 2026."""
    return datetime(2026, 11, day, hour, minute, tzinfo=tz)


def hold(
    index: int,
    exercise: str,
    set_number: int = 1,
    *,
    side: str = "",
    actual_s: float = 30.0,
    planned_s: int = 30,
    ended_by: str = "time",
    total_sets: int = 2,
) -> StepLog:
    """A hold step."""
    return StepLog(
        index=index,
        kind="hold",
        exercise=exercise,
        set_number=set_number,
        total_sets=total_sets,
        side=side,
        planned_s=planned_s,
        actual_s=actual_s,
        paused_s=0.0,
        ended_by=ended_by,
    )


def rep_set(
    index: int,
    exercise: str,
    set_number: int = 1,
    *,
    reps: int | None = 10,
    load: float | None = None,
    side: str = "",
    actual_s: float = 25.0,
    ended_by: str = "done",
    total_sets: int = 2,
) -> StepLog:
    """A rep set."""
    return StepLog(
        index=index,
        kind="reps",
        exercise=exercise,
        set_number=set_number,
        total_sets=total_sets,
        side=side,
        planned_s=24,
        actual_s=actual_s,
        paused_s=0.0,
        ended_by=ended_by,
        target_reps="8-12",
        reps=reps,
        load=load,
    )


def gap(index: int, kind: str, exercise: str, seconds: int = 30) -> StepLog:
    """A rest, switch or lead-in that ran its time."""
    return StepLog(
        index=index,
        kind=kind,
        exercise=exercise,
        set_number=1,
        total_sets=2,
        side="",
        planned_s=seconds,
        actual_s=float(seconds),
        paused_s=0.0,
        ended_by="time",
    )


def make_log(
    session_id: str,
    started: datetime,
    steps: Sequence[StepLog] = (),
    *,
    routine: str = "bridges",
    completed: bool = True,
    rpe: int | None = None,
    notes: str = "",
    pain: Pain = Pain.NONE,
    plan: tuple[PlannedExercise, ...] = (),
) -> SessionLog:
    """A session whose end is its start plus the time of its steps; without a plan, it is
    counted from its steps, as a file of the first version is."""
    seconds = sum(step.actual_s + step.paused_s for step in steps)
    return SessionLog(
        id=session_id,
        routine=routine,
        title=f"{routine.capitalize()} routine",
        started_at=started,
        ended_at=started + timedelta(seconds=seconds),
        completed=completed,
        steps=tuple(steps),
        rpe=rpe,
        notes=notes,
        pain=pain,
        plan=plan,
    )


def save(folder: Path, log: SessionLog, mtime_ns: int | None = SETTLED_NS) -> Path:
    """Save a session through the store; its modification time is set when given."""
    path = SessionStore(folder).save(log)
    if mtime_ns is not None:
        os.utime(path, ns=(mtime_ns, mtime_ns))
    return path


def plain_session(session_id: str, started: datetime, **fields: Any) -> SessionLog:
    """A short session: a bridge rep set, a rest, then a per-side plank."""
    steps = [
        rep_set(0, "Glute bridge", reps=10, load=12.5),
        gap(1, "rest", "Glute bridge"),
        hold(2, "Side plank", side="left", actual_s=30.0),
        gap(3, "switch", "Side plank", 5),
        hold(4, "Side plank", side="right", actual_s=25.0),
    ]
    return make_log(session_id, started, steps, **fields)


def early_session(session_id: str, started: datetime, **fields: Any) -> SessionLog:
    """:func:`plain_session` ended early: the bridge set done, the plank skipped, then quit.

    One set of four is done: not enough to count towards the weekly goal.
    """
    steps = [
        rep_set(0, "Glute bridge", reps=10, load=12.5),
        gap(1, "rest", "Glute bridge"),
        hold(2, "Side plank", side="left", actual_s=2.0, ended_by="skip"),
        gap(3, "switch", "Side plank", 5),
        hold(4, "Side plank", side="right", actual_s=33.0, ended_by="quit"),
    ]
    return make_log(session_id, started, steps, completed=False, **fields)


def line_of_history(
    session_id: str,
    started: datetime,
    *,
    sets_done: int = 4,
    sets_planned: int = 4,
    kind: RoutineKind = RoutineKind.STRENGTH,
) -> SessionSummary:
    """A line of the history with the counts given, for the weekly goal and the calendar."""
    return SessionSummary(
        id=session_id,
        routine="bridges",
        title="Bridges routine",
        started_at=started,
        ended_at=started + timedelta(minutes=10),
        counts=SessionCounts(sets_done, sets_planned, reached_end=True, kind=kind),
        rpe=None,
        pain=Pain.NONE,
        notes="",
    )
