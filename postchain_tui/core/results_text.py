"""A session's results in words: the same text on the summary, in the log and on exit.

Plain strings, so that the screens, the command line and the exports say the same thing.
"""

from __future__ import annotations

from postchain_tui.core.counting import (
    ExerciseResult,
    SessionCounts,
    SetOutcome,
    SideResult,
)
from postchain_tui.core.durations import describe_seconds, format_duration
from postchain_tui.core.plan import StepKind
from postchain_tui.core.record import PlannedExercise, SessionLog, StepLog

_SIDE_INITIALS = {"left": "L", "right": "R"}


def planned_text(planned: PlannedExercise) -> str:
    """What an exercise's sets asked for, e.g. ``3 × 30s`` or ``2 × 8-12 reps each side``."""
    if planned.kind == StepKind.REPS and planned.target_reps:
        amount = f"{planned.target_reps} reps"
    else:
        amount = describe_seconds(planned.planned_s)
    each = " each side" if planned.per_side else ""
    return f"{planned.sets} × {amount}{each}"


def amount_text(visit: StepLog, load_unit: str = "") -> str:
    """What one visit did: its time for a hold, its reps (and load) for a rep set."""
    if visit.kind == StepKind.REPS:
        amount = f"{visit.reps}" if visit.reps is not None else "done"
    else:
        amount = f"{round(visit.actual_s)}s"
    if visit.load is not None:
        amount += f" @ {visit.load:g} {visit.load_unit or load_unit}".rstrip()
    return amount


def side_text(result: SideResult, per_side: bool) -> str:
    """One side of a set, e.g. ``L 20s``, ``R skipped`` or ``-`` when never reached."""
    prefix = f"{_SIDE_INITIALS.get(result.side, result.side)} " if per_side else ""
    outcome = result.outcome
    if outcome is SetOutcome.NOT_REACHED or result.visit is None:
        return f"{prefix}-"
    if outcome is SetOutcome.SKIPPED:
        return f"{prefix}skipped"
    visit = result.visit
    if outcome is SetOutcome.CUT_SHORT and visit.kind == StepKind.REPS and visit.reps is None:
        return f"{prefix}stopped"  # no reps were counted: "done" would say otherwise
    amount = amount_text(visit)
    if outcome is SetOutcome.CUT_SHORT:
        amount += " (stopped)"
    return f"{prefix}{amount}"


def done_text(result: ExerciseResult) -> str:
    """Each set of an exercise as done, e.g. ``30s, 30s, skipped`` or ``L 20s R 18s, L 20s R -``."""
    per_side = result.planned.per_side
    return ", ".join(
        " ".join(side_text(side, per_side) for side in set_result.sides)
        for set_result in result.sets
    )


def sets_text(counts: SessionCounts) -> str:
    """Sets in a sentence, e.g. ``3/4 sets done``."""
    return f"{counts.sets_text} sets done"


def totals_text(log: SessionLog, counts: SessionCounts) -> str:
    """The session's time and sets in one line.

    The three times are rounded to whole seconds once, and the total is their sum, so the line
    always adds up as shown; the time a session lay cut off before a resume is part of the
    total and is said apart.

    Returns:
        e.g. ``Total 12:40 · active 12:10 · paused 0:30 · 9/10 sets done``.
    """
    active = round(log.active_s)
    paused = round(log.paused_s)
    gap = log.wall_s - log.active_s - log.paused_s
    away = round(gap) if gap >= 1 else 0
    parts = [
        f"Total {format_duration(active + paused + away)}",
        f"active {format_duration(active)}",
        f"paused {format_duration(paused)}",
    ]
    if away:
        parts.append(f"cut off {format_duration(away)}")
    parts.append(sets_text(counts))
    return " · ".join(parts)
