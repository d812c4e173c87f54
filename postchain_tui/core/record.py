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
from postchain_tui.core.engine import EndReason, SessionEngine, StepRecord
from postchain_tui.core.plan import PlannedStep, Side, StepKind
from postchain_tui.core.routine import RoutineKind
from postchain_tui.core.text_safety import visible

SCHEMA_VERSION = 2
"""Version 2 added the routine's kind, the plan's exercises and each step's exercise_index;
version 1 files are still read, their plan taken from the steps they have."""

LOAD_UNITS = ("kg", "lb")


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
        document: dict[str, Any] = {
            "schema": SCHEMA_VERSION,
            "id": self.id,
            "routine": self.routine,
            "title": self.title,
            "started_at": self.started_at,
            "ended_at": self.ended_at,
            "kind": self.kind.value,
            "completed": self.completed,
            "wall_s": round(self.wall_s, 3),
            "notes": self.notes,
            "pain": self.pain.value,
        }
        if self.rpe is not None:
            document["rpe"] = self.rpe
        if self.routine_file:
            document["routine_file"] = self.routine_file
            document["routine_digest"] = self.routine_digest
        document["plan"] = [_plan_document(exercise) for exercise in self.plan]
        document["step"] = [_step_document(step) for step in self.steps]
        return document

    @classmethod
    def from_document(cls, document: dict[str, Any], path: Path | None = None) -> SessionLog:
        """Read a session strictly.

        Raises:
            SessionFileError: when the document is not a session this version can read.
        """
        return _SessionReader(path).read(document)


def _plan_document(exercise: PlannedExercise) -> dict[str, Any]:
    document: dict[str, Any] = {
        "exercise": exercise.name,
        "kind": exercise.kind,
        "sets": exercise.sets,
        "per_side": exercise.per_side,
        "planned_s": exercise.planned_s,
    }
    if exercise.target_reps:
        document["target_reps"] = exercise.target_reps
    if exercise.uses_load:
        document["load"] = True
    return document


def _step_document(step: StepLog) -> dict[str, Any]:
    document: dict[str, Any] = {
        "index": step.index,
        "kind": step.kind,
        "exercise": step.exercise,
        "set": step.set_number,
        "sets": step.total_sets,
        "planned_s": step.planned_s,
        "actual_s": step.actual_s,
        "paused_s": step.paused_s,
        "ended_by": step.ended_by,
        "skipped": step.skipped,
        "adjust_s": step.adjust_s,
    }
    if step.exercise_index is not None:
        document["exercise_index"] = step.exercise_index
    if step.side:
        document["side"] = step.side
    if step.target_reps:
        document["target_reps"] = step.target_reps
    if step.reps is not None:
        document["reps"] = step.reps
    if step.load is not None:
        document["load"] = step.load
        if step.load_unit:
            document["load_unit"] = step.load_unit
    return document


class _SessionReader:
    def __init__(self, path: Path | None) -> None:
        self.path = path

    def fail(self, message: str) -> SessionFileError:
        return SessionFileError(self.path, message)

    def read(self, document: dict[str, Any]) -> SessionLog:
        schema = document.get("schema")
        if schema is None or "routine" not in document or "started_at" not in document:
            raise self.fail("not a postchain session (no schema, routine or started_at)")
        if not isinstance(schema, int) or isinstance(schema, bool):
            raise self.fail(f"schema must be a whole number, got {schema!r}")
        if schema > SCHEMA_VERSION:
            raise self.fail(
                f"written by a newer postchain (schema {schema}; this one reads {SCHEMA_VERSION})"
            )
        if schema < 1:
            raise self.fail(f"schema must be from 1 to {SCHEMA_VERSION}, got {schema}")
        started = self.moment(document, "started_at")
        ended = self.moment(document, "ended_at")
        if ended < started:
            raise self.fail(f"ended_at {ended.isoformat()} is before started_at")
        rpe = document.get("rpe")
        if rpe is not None and (
            isinstance(rpe, bool) or not isinstance(rpe, int) or not 1 <= rpe <= 10
        ):
            raise self.fail(f"rpe must be a whole number from 1 to 10, got {rpe!r}")
        try:
            pain = Pain(document.get("pain", "none"))
        except ValueError:
            raise self.fail(
                f"pain must be none, mild or sharp, got {document.get('pain')!r}"
            ) from None
        raw_steps = document.get("step", [])
        if not isinstance(raw_steps, list):
            raise self.fail("step must be a list of tables")
        raw_plan = document.get("plan", [])
        if not isinstance(raw_plan, list):
            raise self.fail("plan must be a list of tables")
        kind = document.get("kind", RoutineKind.STRENGTH.value)
        try:
            routine_kind = RoutineKind(kind)
        except ValueError:
            allowed = ", ".join(repr(option.value) for option in RoutineKind)
            raise self.fail(f"kind must be one of {allowed}, got {kind!r}") from None
        steps = tuple(self.step(raw, number) for number, raw in enumerate(raw_steps, 1))
        return SessionLog(
            id=self.string(document, "id", self.path.stem if self.path is not None else ""),
            routine=self.string(document, "routine"),
            title=self.string(document, "title", ""),
            started_at=started,
            ended_at=ended,
            completed=self.flag(document, "completed"),
            steps=steps,
            kind=routine_kind,
            plan=tuple(self.planned(raw, number) for number, raw in enumerate(raw_plan, 1)),
            routine_file=self.string(document, "routine_file", ""),
            routine_digest=self.string(document, "routine_digest", ""),
            rpe=rpe,
            notes=self.string(document, "notes", ""),
            pain=pain,
            path=self.path,
        )

    def step(self, raw: object, number: int) -> StepLog:
        if not isinstance(raw, dict):
            raise self.fail(f"step[{number}] must be a table")
        where = f"step[{number}]"
        try:
            return StepLog(
                index=_int(raw["index"]),
                kind=_choice(raw["kind"], _KINDS),
                exercise=_str(raw["exercise"]),
                set_number=_int(raw["set"]),
                total_sets=_int(raw["sets"]),
                side=_choice(raw.get("side", ""), _SIDES),
                planned_s=_int(raw["planned_s"]),
                actual_s=_non_negative(raw["actual_s"]),
                paused_s=_non_negative(raw.get("paused_s", 0.0)),
                ended_by=_choice(raw["ended_by"], _END_REASONS),
                target_reps=_str(raw.get("target_reps", "")),
                reps=_int(raw["reps"]) if "reps" in raw else None,
                load=_non_negative(raw["load"]) if "load" in raw else None,
                adjust_s=_int(raw.get("adjust_s", 0)),
                exercise_index=_count(raw["exercise_index"]) if "exercise_index" in raw else None,
                load_unit=_choice(raw.get("load_unit", ""), ("", *LOAD_UNITS)),
            )
        except KeyError as missing:
            raise self.fail(f"{where} has no {missing.args[0]}") from None
        except (TypeError, ValueError) as error:
            raise self.fail(f"{where}: {error}") from None

    def planned(self, raw: object, number: int) -> PlannedExercise:
        if not isinstance(raw, dict):
            raise self.fail(f"plan[{number}] must be a table")
        try:
            return PlannedExercise(
                name=_str(raw["exercise"]),
                kind=_choice(raw["kind"], _WORK_KINDS),
                sets=_count(raw["sets"]),
                per_side=_bool(raw.get("per_side", False)),
                planned_s=_count(raw["planned_s"]),
                target_reps=_str(raw.get("target_reps", "")),
                uses_load=_bool(raw.get("load", False)),
            )
        except KeyError as missing:
            raise self.fail(f"plan[{number}] has no {missing.args[0]}") from None
        except (TypeError, ValueError) as error:
            raise self.fail(f"plan[{number}]: {error}") from None

    def moment(self, document: dict[str, Any], key: str) -> datetime:
        value = document.get(key)
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise self.fail(f"{key} must be a date and time with an offset, got {value!r}")
        return value

    def string(self, document: dict[str, Any], key: str, default: str | None = None) -> str:
        value = document.get(key, default)
        if not isinstance(value, str):
            raise self.fail(f"{key} must be a string, got {value!r}")
        return visible(value)

    def flag(self, document: dict[str, Any], key: str) -> bool:
        value = document.get(key)
        if not isinstance(value, bool):
            raise self.fail(f"{key} must be true or false, got {value!r}")
        return value


_KINDS = tuple(kind.value for kind in StepKind)
_WORK_KINDS = (StepKind.HOLD.value, StepKind.REPS.value)
_SIDES = ("", *(side.value for side in Side))
_END_REASONS = tuple(reason.value for reason in EndReason)


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {value!r}")
    return visible(value)


def _choice(value: object, allowed: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in allowed:
        shown = ", ".join(repr(option) for option in allowed)
        raise ValueError(f"expected one of {shown}, got {value!r}")
    return value


def _bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {value!r}")
    return value


def _count(value: object) -> int:
    number = _int(value)
    if number < 0:
        raise ValueError(f"expected a whole number from 0 up, got {value!r}")
    return number


def _int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected a whole number, got {value!r}")
    return value


def _float(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"expected a number, got {value!r}")
    return float(value)


def _non_negative(value: object) -> float:
    number = _float(value)
    if number < 0:
        raise ValueError(f"expected a number from 0 up, got {value!r}")
    return number
