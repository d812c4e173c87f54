"""How a session is written as TOML: the document a session file holds (read back by
``session_reader``). TOML has no null, so unset values are left out."""

from __future__ import annotations

from typing import Any

from postchain_tui.core.record import SCHEMA_VERSION, PlannedExercise, SessionLog, StepLog


def session_document(log: SessionLog) -> dict[str, Any]:
    """The TOML document for a session.

    Args:
        log: the session.
    """
    document: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "id": log.id,
        "routine": log.routine,
        "title": log.title,
        "started_at": log.started_at,
        "ended_at": log.ended_at,
        "kind": log.kind.value,
        "completed": log.completed,
        "wall_s": round(log.wall_s, 3),
        "notes": log.notes,
        "pain": log.pain.value,
    }
    if log.rpe is not None:
        document["rpe"] = log.rpe
    if log.routine_file:
        document["routine_file"] = log.routine_file
        document["routine_digest"] = log.routine_digest
    document["plan"] = [_plan_document(exercise) for exercise in log.plan]
    document["step"] = [_step_document(step) for step in log.steps]
    return document


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
