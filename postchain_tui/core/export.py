"""Exporting the training log for spreadsheets and other apps: one row per set and side.

A row is a hold or a rep set (never a rest, switch or lead-in) on one side, as
``core.counting`` counts it: sets never reached are left out, and when a step was visited more
than once (gone back to and redone) the visit that counts is the one exported. Three formats:

- ``csv``: the columns of :data:`SET_COLUMNS`; empty cells for unset values, ``true``/``false``,
  and text that a spreadsheet would run as a formula quoted (:func:`csv_cell`).
- ``json``: an array of objects with the same keys, with nulls and real booleans; strict JSON
  (no NaN or Infinity).
- ``strong``: the CSV the Strong app exports (:data:`STRONG_COLUMNS`), for tools that import
  it. Strong logs only done sets, so skipped ones are left out; the side goes in a set's notes,
  and a session ended early says so in its workout notes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from postchain_tui.core.counting import SetOutcome, exercise_results, session_counts
from postchain_tui.core.plan import StepKind
from postchain_tui.core.record import Pain, SessionLog, StepLog

SET_COLUMNS = (
    "date",
    "routine",
    "exercise",
    "set",
    "side",
    "kind",
    "planned_s",
    "actual_s",
    "reps",
    "load",
    "load_unit",
    "outcome",
    "skipped",
    "rpe",
    "completed",
    "counts_toward_goal",
    "session_id",
)

STRONG_COLUMNS = (
    "Date",
    "Workout Name",
    "Duration",
    "Exercise Name",
    "Set Order",
    "Weight",
    "Reps",
    "Distance",
    "Seconds",
    "Notes",
    "Workout Notes",
    "RPE",
)

_Row = dict[str, Any]


def final_sets(log: SessionLog) -> list[tuple[StepLog, SetOutcome]]:
    """The session's holds and rep sets that were reached, one per set and side, in plan order,
    each with what became of its set."""
    return [
        (side.visit, side.outcome)
        for result in exercise_results(log)
        for set_result in result.sets
        for side in set_result.sides
        if side.visit is not None
    ]


def set_rows(sessions: Iterable[SessionLog]) -> list[_Row]:
    """One row per set and side, keyed by :data:`SET_COLUMNS`, with plain JSON values."""
    rows = []
    for log in sessions:
        goal = session_counts(log).counts_toward_goal
        rows += [
            {
                "date": _local_time(log),
                "routine": log.routine,
                "exercise": step.exercise,
                "set": step.set_number,
                "side": step.side or None,
                "kind": step.kind,
                "planned_s": step.planned_s,
                "actual_s": step.actual_s,
                "reps": step.reps,
                "load": step.load,
                "load_unit": step.load_unit or None,
                "outcome": outcome.value,
                "skipped": step.skipped,
                "rpe": log.rpe,
                "completed": log.completed,
                "counts_toward_goal": goal,
                "session_id": log.id,
            }
            for step, outcome in final_sets(log)
        ]
    return rows


def strong_rows(sessions: Iterable[SessionLog]) -> list[_Row]:
    """One row per set done and side, keyed by :data:`STRONG_COLUMNS`."""
    rows: list[_Row] = []
    for log in sessions:
        set_order: dict[str, int] = {}
        for step, _ in final_sets(log):
            if not step.is_done_work:
                continue
            set_order[step.exercise] = set_order.get(step.exercise, 0) + 1
            rows.append(
                {
                    "Date": _local_time(log),
                    "Workout Name": log.title or log.routine,
                    "Duration": _strong_duration(log.wall_s),
                    "Exercise Name": step.exercise,
                    "Set Order": set_order[step.exercise],
                    "Weight": step.load if step.load is not None else 0,
                    "Reps": step.reps if step.reps is not None else 0,
                    "Distance": 0,
                    "Seconds": round(step.actual_s) if step.kind == StepKind.HOLD else 0,
                    "Notes": step.side,
                    "Workout Notes": _workout_notes(log),
                    "RPE": log.rpe,
                }
            )
    return rows


def export_csv(sessions: Iterable[SessionLog]) -> str:
    """The sets as CSV with :data:`SET_COLUMNS`."""
    return _csv(SET_COLUMNS, set_rows(sessions))


def export_json(sessions: Iterable[SessionLog]) -> str:
    """The sets as a JSON array of objects keyed by :data:`SET_COLUMNS`, one per line."""
    rows = [json.dumps(row, ensure_ascii=False, allow_nan=False) for row in set_rows(sessions)]
    return "[\n" + ",\n".join(rows) + "\n]\n" if rows else "[]\n"


def export_strong(sessions: Iterable[SessionLog]) -> str:
    """The sets done as CSV in the Strong app's export layout."""
    return _csv(STRONG_COLUMNS, strong_rows(sessions))


EXPORTERS: dict[str, Callable[[Iterable[SessionLog]], str]] = {
    "csv": export_csv,
    "json": export_json,
    "strong": export_strong,
}
"""Each export format by name."""


def _csv(columns: Sequence[str], rows: list[_Row]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([csv_cell(row[column]) for column in columns] for row in rows)
    return buffer.getvalue()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""How a cell starts that a spreadsheet would run as a formula rather than show as text."""


def csv_cell(value: object) -> object:
    """A value as a CSV cell: text a spreadsheet would take for a formula is quoted with ``'``.

    Args:
        value: a number, a boolean, None or text (an exercise name, notes: from files).

    Returns:
        Numbers as they are; ``true``/``false``; an empty cell for None; text starting with
        ``=``, ``+``, ``-``, ``@``, a tab or a carriage return with a ``'`` before it.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def _local_time(log: SessionLog) -> str:
    """The start in the session's own local time, as spreadsheets read it."""
    return log.started_at.strftime("%Y-%m-%d %H:%M:%S")


def _strong_duration(seconds: float) -> str:
    minutes = round(seconds / 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes}m" if hours else f"{minutes}m"


def _workout_notes(log: SessionLog) -> str:
    parts = [log.notes] if log.notes else []
    if log.pain is not Pain.NONE:
        parts.append(f"pain: {log.pain.value}")
    if not log.completed:
        parts.append("completed: false")
    return "; ".join(parts)
