"""Reading a session file strictly: a document that is not a session this version can read
raises ``SessionFileError`` naming the file and the key, and the file is never changed."""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path
from typing import Any

from postchain_tui.core.engine_types import EndReason
from postchain_tui.core.load_units import LOAD_UNITS
from postchain_tui.core.plan import Side, StepKind
from postchain_tui.core.record import (
    SCHEMA_VERSION,
    Pain,
    PlannedExercise,
    SessionFileError,
    SessionLog,
    StepLog,
)
from postchain_tui.core.routine import RoutineKind
from postchain_tui.core.text_safety import visible


def read_session(document: dict[str, Any], path: Path | None = None) -> SessionLog:
    """Read a session file's TOML document strictly.

    Args:
        document: the parsed TOML.
        path: the file, named in errors; its name is the id of a session that sets none.

    Raises:
        SessionFileError: when the document is not a session this version can read.
    """
    return _SessionReader(path).read(document)


class _SessionReader:
    """Builds a ``SessionLog`` from a document, failing on the first value it cannot trust."""

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
