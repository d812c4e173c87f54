"""The JSON form of a session: what ``postchain history --json`` prints, and what the session
index keeps of each session so that listings and exports never read the TOML again."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from postchain_tui.core.counting import SessionCounts, session_counts
from postchain_tui.core.record import Pain, PlannedExercise, SessionLog, StepLog
from postchain_tui.core.routine import RoutineKind


def session_to_json(log: SessionLog, counts: SessionCounts | None = None) -> dict[str, Any]:
    """A session as plain JSON values: what ``postchain history --json`` prints per session.

    Every key is always present; unset values are null. Times are ISO 8601 with their offset.
    ``wall_s``, ``sets_done``, ``sets_planned`` and ``counts_toward_goal`` are derived (by
    ``core.counting``), for convenience; ``counts`` is the session's when already known.
    """
    counts = counts or session_counts(log)
    return {
        "id": log.id,
        "routine": log.routine,
        "title": log.title,
        "kind": log.kind.value,
        "started_at": log.started_at.isoformat(),
        "ended_at": log.ended_at.isoformat(),
        "completed": log.completed,
        "wall_s": round(log.wall_s, 3),
        "sets_done": counts.sets_done,
        "sets_planned": counts.sets_planned,
        "counts_toward_goal": counts.counts_toward_goal,
        "rpe": log.rpe,
        "notes": log.notes,
        "pain": log.pain.value,
        "routine_file": log.routine_file or None,
        "routine_digest": log.routine_digest or None,
        "plan": [_planned_to_json(exercise) for exercise in log.plan],
        "steps": [_step_to_json(step) for step in log.steps],
    }


def session_from_json(document: dict[str, Any], path: Path | None = None) -> SessionLog:
    """The session that :func:`session_to_json` made this document from.

    Args:
        document: the JSON document, trusted to be one ``session_to_json`` wrote.
        path: the session's file.
    """
    return SessionLog(
        id=document["id"],
        routine=document["routine"],
        title=document["title"],
        started_at=datetime.fromisoformat(document["started_at"]),
        ended_at=datetime.fromisoformat(document["ended_at"]),
        completed=document["completed"],
        steps=tuple(_step_from_json(step) for step in document["steps"]),
        kind=RoutineKind(document["kind"]),
        plan=tuple(_planned_from_json(exercise) for exercise in document["plan"]),
        routine_file=document["routine_file"] or "",
        routine_digest=document["routine_digest"] or "",
        rpe=document["rpe"],
        notes=document["notes"],
        pain=Pain(document["pain"]),
        path=path,
    )


def _planned_to_json(exercise: PlannedExercise) -> dict[str, Any]:
    return {
        "exercise": exercise.name,
        "kind": exercise.kind,
        "sets": exercise.sets,
        "per_side": exercise.per_side,
        "planned_s": exercise.planned_s,
        "target_reps": exercise.target_reps or None,
        "load": exercise.uses_load,
    }


def _planned_from_json(exercise: dict[str, Any]) -> PlannedExercise:
    return PlannedExercise(
        name=exercise["exercise"],
        kind=exercise["kind"],
        sets=exercise["sets"],
        per_side=exercise["per_side"],
        planned_s=exercise["planned_s"],
        target_reps=exercise["target_reps"] or "",
        uses_load=exercise["load"],
    )


def _step_to_json(step: StepLog) -> dict[str, Any]:
    return {
        "index": step.index,
        "name": step.name,
        "kind": step.kind,
        "exercise": step.exercise,
        "exercise_index": step.exercise_index,
        "set": step.set_number,
        "sets": step.total_sets,
        "side": step.side or None,
        "planned_s": step.planned_s,
        "actual_s": step.actual_s,
        "paused_s": step.paused_s,
        "ended_by": step.ended_by,
        "skipped": step.skipped,
        "adjust_s": step.adjust_s,
        "target_reps": step.target_reps or None,
        "reps": step.reps,
        "load": step.load,
        "load_unit": step.load_unit or None,
    }


def _step_from_json(step: dict[str, Any]) -> StepLog:
    return StepLog(
        index=step["index"],
        kind=step["kind"],
        exercise=step["exercise"],
        set_number=step["set"],
        total_sets=step["sets"],
        side=step["side"] or "",
        planned_s=step["planned_s"],
        actual_s=step["actual_s"],
        paused_s=step["paused_s"],
        ended_by=step["ended_by"],
        target_reps=step["target_reps"] or "",
        reps=step["reps"],
        load=step["load"],
        adjust_s=step["adjust_s"],
        exercise_index=step["exercise_index"],
        load_unit=step["load_unit"] or "",
    )
