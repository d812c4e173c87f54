"""The session log format: one TOML document per session.

``SessionLog`` is what a session file holds, built from a finished (or interrupted) engine and
read back strictly: a file that is not a valid session raises ``SessionFileError`` and is never
changed. The format is documented in ``docs/sessions.md``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from postchain_tui.core.durations import describe_span
from postchain_tui.core.engine import SessionEngine
from postchain_tui.core.engine_types import StepRecord
from postchain_tui.core.plan import PlannedStep, StepKind
from postchain_tui.core.routine import RoutineKind
from postchain_tui.core.text_safety import visible

SCHEMA_VERSION = 2
"""Version 2 added the routine's kind, the plan's exercises and each step's exercise_index;
version 1 files are still read, their plan taken from the steps they have."""



class Pain(StrEnum):
    """The pain flag a user may raise after a session."""

    NONE = "none"
    MILD = "mild"
    SHARP = "sharp"


class SessionFileError(Exception):
    """A file in the sessions folder that is not a valid session; it is left as it is."""

    def __init__(self, path: Path | None, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(visible(f"{path}: {message}" if path is not None else message))


@dataclass(frozen=True, slots=True)
class PlannedExercise:
    """One exercise of the plan a session followed, as the session file keeps it.

    The plan is kept with the session so that sets never reached still count as planned, and a
    routine changed later does not change what an old session was.

    Attributes:
        name: the exercise.
        kind: ``hold`` or ``reps``.
        sets: how many sets were planned.
        per_side: whether each set is done left, then right.
        planned_s: seconds per set and side (for a rep set, an estimate from the pace).
        target_reps: the planned reps, e.g. ``8-12``, for a rep set.
        uses_load: whether a load is entered for its sets.
    """

    name: str
    kind: str
    sets: int
    per_side: bool
    planned_s: int
    target_reps: str = ""
    uses_load: bool = False


def plan_outline(steps: Sequence[PlannedStep]) -> tuple[PlannedExercise, ...]:
    """The exercises of a plan of steps, in routine order, one entry per exercise."""
    seen: dict[int, PlannedExercise] = {}
    for step in steps:
        if step.kind.is_work and step.exercise_index not in seen:
            seen[step.exercise_index] = PlannedExercise(
                name=step.exercise,
                kind=step.kind.value,
                sets=step.total_sets,
                per_side=step.side is not None,
                planned_s=step.seconds,
                target_reps=describe_span(step.reps, "") if step.reps is not None else "",
                uses_load=step.uses_load,
            )
    return tuple(seen[index] for index in sorted(seen))


@dataclass(frozen=True, slots=True)
class StepLog:
    """One visit to a step, as written in a session file.

    Attributes:
        index: the step's position in the routine's plan.
        kind: ``lead_in``, ``hold``, ``reps``, ``switch`` or ``rest``.
        exercise: the exercise the step belongs to.
        set_number: 1-based set.
        total_sets: sets of that exercise.
        side: ``left``, ``right`` or empty.
        planned_s: planned seconds (an estimate for a rep set).
        actual_s: seconds actually spent working.
        paused_s: seconds paused.
        ended_by: ``time``, ``done``, ``skip``, ``back`` or ``quit``.
        target_reps: the planned reps, e.g. ``8-12``, for a rep set.
        reps: reps done, when given.
        load: load used, when given.
        adjust_s: net seconds added or taken with +/-.
        exercise_index: 0-based position of the exercise in the plan (an exercise may be in a
            routine more than once, so its name does not tell which one); None where a version 1
            file did not say.
        load_unit: ``kg`` or ``lb`` when a load is given.
    """

    index: int
    kind: str
    exercise: str
    set_number: int
    total_sets: int
    side: str
    planned_s: int
    actual_s: float
    paused_s: float
    ended_by: str
    target_reps: str = ""
    reps: int | None = None
    load: float | None = None
    adjust_s: int = 0
    exercise_index: int | None = None
    load_unit: str = ""

    @property
    def skipped(self) -> bool:
        """True when the step was skipped."""
        return self.ended_by == "skip"

    @property
    def name(self) -> str:
        """The step's name as shown in the session."""
        titles = {"rest": "Rest", "switch": "Switch sides", "lead_in": "Get ready"}
        return titles.get(self.kind, self.exercise)

    @property
    def is_work(self) -> bool:
        """True for holds and rep sets."""
        return self.kind in (StepKind.HOLD, StepKind.REPS)

    @property
    def is_done_work(self) -> bool:
        """True for a hold or rep set that was done rather than skipped, left or cut off."""
        return self.is_work and self.ended_by in ("time", "done")

    @classmethod
    def from_record(cls, record: StepRecord, load_unit: str = "kg") -> StepLog:
        """The log entry for one engine record; ``load_unit`` is what a load was counted in."""
        step = record.step
        return cls(
            index=record.index,
            kind=step.kind.value,
            exercise=step.exercise,
            set_number=step.set_number,
            total_sets=step.total_sets,
            side=step.side.value if step.side is not None else "",
            planned_s=step.seconds,
            actual_s=round(record.active_s, 3),
            paused_s=round(record.paused_s, 3),
            ended_by=record.ended_by.value,
            target_reps=describe_span(step.reps, "") if step.reps is not None else "",
            reps=record.reps,
            load=record.load,
            adjust_s=record.adjust_s,
            exercise_index=step.exercise_index,
            load_unit=load_unit if record.load is not None else "",
        )


@dataclass(frozen=True, slots=True)
class SessionLog:
    """A whole session as stored.

    Attributes:
        id: unique id, also the file's name without ``.toml``.
        routine: the routine's id.
        title: the routine's title.
        started_at: when it began (timezone-aware).
        ended_at: when it ended, or the last moment it was saved while running.
        completed: True when the last step was reached, False when ended early or cut off.
        steps: every visit to a step, in order.
        kind: what the routine is for (only strength sessions count towards the weekly goal).
        plan: the exercises the session was planned with; empty in a version 1 file.
        routine_file: the routine's file when the session was started, for a routine given
            by its path rather than its id.
        routine_digest: a hash of that file's bytes then, to tell whether it has changed.
        rpe: effort from 1 to 10, once given.
        notes: free text.
        pain: the pain flag.
        path: the file it was read from or written to.
    """

    id: str
    routine: str
    title: str
    started_at: datetime
    ended_at: datetime
    completed: bool
    steps: tuple[StepLog, ...] = ()
    kind: RoutineKind = RoutineKind.STRENGTH
    plan: tuple[PlannedExercise, ...] = ()
    routine_file: str = ""
    routine_digest: str = ""
    rpe: int | None = None
    notes: str = ""
    pain: Pain = Pain.NONE
    path: Path | None = field(default=None, compare=False)

    @property
    def wall_s(self) -> float:
        """Seconds from start to end."""
        return (self.ended_at - self.started_at).total_seconds()

    @property
    def active_s(self) -> float:
        """Seconds spent in steps, not paused."""
        return sum(step.actual_s for step in self.steps)

    @property
    def paused_s(self) -> float:
        """Seconds spent paused."""
        return sum(step.paused_s for step in self.steps)

    def with_feedback(
        self, *, rpe: int | None = None, notes: str | None = None, pain: Pain | None = None
    ) -> SessionLog:
        """A copy with the after-session feedback changed where given.

        Raises:
            ValueError: for an rpe other than a whole number from 1 to 10, notes that are not a
                string or an unknown pain flag, which could be saved but never read back.
        """
        if rpe is not None and (
            isinstance(rpe, bool) or not isinstance(rpe, int) or not 1 <= rpe <= 10
        ):
            raise ValueError(f"rpe must be a whole number from 1 to 10, got {rpe!r}")
        if notes is not None and not isinstance(notes, str):
            raise ValueError(f"notes must be a string, got {notes!r}")
        return replace(
            self,
            rpe=self.rpe if rpe is None else rpe,
            notes=self.notes if notes is None else notes,
            pain=self.pain if pain is None else Pain(pain),
        )

    def with_corrected_sets(
        self, corrections: Mapping[int, tuple[int | None, float | None]]
    ) -> SessionLog:
        """A copy with the reps and load of some steps put right.

        Args:
            corrections: the reps and load to keep, by the step's position in ``steps``.

        Raises:
            ValueError: for negative reps, or a load that is negative or not a finite number.
        """
        steps = list(self.steps)
        for position, (reps, load) in corrections.items():
            if reps is not None and reps < 0:
                raise ValueError(f"reps must not be negative, got {reps}")
            if load is not None and not (math.isfinite(load) and load >= 0):
                raise ValueError(f"load must be a number from 0 up, got {load}")
            step = steps[position]
            unit = (step.load_unit or "kg") if load is not None else ""
            steps[position] = replace(step, reps=reps, load=load, load_unit=unit)
        return replace(self, steps=tuple(steps))

    @classmethod
    def from_engine(
        cls,
        engine: SessionEngine,
        *,
        session_id: str,
        routine: str,
        title: str,
        kind: RoutineKind = RoutineKind.STRENGTH,
        load_unit: str = "kg",
    ) -> SessionLog:
        """The log of a session as far as the engine has got.

        While the session is still running the end time is now and ``completed`` is False, so
        a log saved mid-session reads as an interrupted one.
        """
        if engine.started_wall is None:
            raise ValueError("the session has not started")
        started = engine.started_wall
        if started.tzinfo is None:
            # A file needs an offset to be read back; a naive wall clock is local time.
            started = started.astimezone()
        ended = started + timedelta(seconds=engine.wall_seconds)
        return cls(
            id=session_id,
            routine=routine,
            title=title,
            started_at=started,
            ended_at=ended,
            completed=engine.completed,
            steps=tuple(StepLog.from_record(record, load_unit) for record in engine.records),
            kind=kind,
            plan=plan_outline(engine.steps),
        )

    def continued(self, engine: SessionEngine, load_unit: str = "kg") -> SessionLog:
        """This interrupted session followed by what the engine resuming it has recorded.

        The start time stays the original one; the time the session lay interrupted is part
        of the wall time but of no step.
        """
        resumed = SessionLog.from_engine(
            engine,
            session_id=self.id,
            routine=self.routine,
            title=self.title,
            kind=self.kind,
            load_unit=load_unit,
        )
        return replace(
            self,
            ended_at=resumed.ended_at,
            completed=resumed.completed,
            steps=self.steps + resumed.steps,
            plan=self.plan or resumed.plan,
        )

    def to_document(self) -> dict[str, Any]:
        """The TOML document for this session (TOML has no null, so unset values are left out)."""
        from postchain_tui.core.session_toml import session_document  # it reads SessionLogs

        return session_document(self)

    @classmethod
    def from_document(cls, document: dict[str, Any], path: Path | None = None) -> SessionLog:
        """Read a session strictly.

        Raises:
            SessionFileError: when the document is not a session this version can read.
        """
        from postchain_tui.core.session_reader import read_session  # it builds SessionLogs

        return read_session(document, path)
