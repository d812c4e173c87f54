"""What changed since the last time a routine was done: longer holds, more reps, more load, and
which side was weaker.

Only holds and rep sets that were done count (see ``postchain_tui.core.stats``): a skipped or
cut-off set is neither better nor worse. Holds compare the average set in whole seconds, reps
the best set, load the heaviest; sides whose averages are within ``overview.EVEN_WITHIN`` of
each other are even.
"""

from __future__ import annotations

from collections import defaultdict

from postchain_tui.core.counting import session_counts
from postchain_tui.core.overview import weaker_side
from postchain_tui.core.plan import StepKind
from postchain_tui.core.record import SessionLog
from postchain_tui.core.stats import DayBest, exercise_progress, side_balance

FIRST_TIME = "The first time this routine is logged: nothing to compare yet."
NO_CHANGE = "Much the same as last time."


def what_changed(current: SessionLog, previous: SessionLog | None) -> list[str]:
    """The changes from the previous session of the same routine, one line each.

    Args:
        current: the session just done.
        previous: the last earlier session of the same routine, or None if there is none.

    Returns:
        Lines such as ``Glute bridge hold: held 25 s a set, 5 s longer than last time`` and
        ``Side plank: right side weaker (25 s against 30 s)``, exercises in the order done;
        empty when no set was done, and the first time unless a side was weaker.
    """
    if not session_counts(current).sets_done:
        return []  # nothing done, nothing to compare
    sides = weaker_sides(current)
    if previous is None:
        # Nothing to compare: only a weaker side is worth a word, and says why there is no more.
        return [FIRST_TIME, *sides] if sides else []
    lines = _against(current, previous) + sides
    return lines or [NO_CHANGE]


def weaker_sides(log: SessionLog) -> list[str]:
    """For each per-side exercise whose sides differed, which side was weaker in a session.

    Args:
        log: the session.

    Returns:
        e.g. ``Side plank: right side weaker (25 s against 30 s)`` or
        ``Clams: left side weaker (8 against 10 reps)``, comparing the average set.
    """
    order = _exercise_order(log)
    lines = []
    for balance in sorted(side_balance([log]), key=lambda balance: order[balance.exercise]):
        weaker = weaker_side(balance)
        if weaker is None:
            continue
        left, right = round(balance.left), round(balance.right)
        weak, strong = (left, right) if weaker == "left" else (right, left)
        if balance.unit == "s":
            amounts = f"{weak} s against {strong} s"
        else:
            amounts = f"{weak} against {strong} reps"
        lines.append(f"{balance.exercise}: {weaker} side weaker ({amounts})")
    return lines


def _against(current: SessionLog, previous: SessionLog) -> list[str]:
    now, before = _bests(current), _bests(previous)
    held_now, held_before = _average_holds(current), _average_holds(previous)
    order = _exercise_order(current)
    lines = []
    for exercise in sorted(now, key=order.__getitem__):
        changes = []
        if exercise in held_now and exercise in held_before:
            changes += _hold_change(held_now[exercise], held_before[exercise])
        if exercise in before:
            changes += _count_changes(now[exercise], before[exercise])
        lines += [f"{exercise}: {change}" for change in changes]
    return lines


def _hold_change(now: float, before: float) -> list[str]:
    held, was = round(now), round(before)
    if held == was:
        return []
    longer = "longer" if held > was else "shorter"
    return [f"held {held} s a set, {abs(held - was)} s {longer} than last time"]


def _count_changes(now: DayBest, before: DayBest) -> list[str]:
    changes = []
    if now.reps is not None and before.reps is not None and now.reps != before.reps:
        changes.append(
            f"best set {now.reps} reps, {_more_or_fewer(now.reps - before.reps)} than last time"
        )
    if now.load is not None and before.load is not None and now.load != before.load:
        direction = "up" if now.load > before.load else "down"
        changes.append(f"load {now.load:g}, {direction} from {before.load:g}")
    return changes


def _more_or_fewer(difference: int) -> str:
    return f"{abs(difference)} more" if difference > 0 else f"{abs(difference)} fewer"


def _average_holds(log: SessionLog) -> dict[str, float]:
    """The seconds held per set (and side) done, for each exercise held in a session."""
    held: dict[str, list[float]] = defaultdict(list)
    for step in log.steps:
        if step.is_done_work and step.kind == StepKind.HOLD:
            held[step.exercise].append(step.actual_s)
    return {exercise: sum(seconds) / len(seconds) for exercise, seconds in held.items()}


def _bests(log: SessionLog) -> dict[str, DayBest]:
    # One session is one day, so each exercise has a single best.
    return {exercise: days[-1] for exercise, days in exercise_progress([log]).items()}


def _exercise_order(log: SessionLog) -> dict[str, int]:
    """Each exercise's position in the session, by its first work step."""
    order: dict[str, int] = {}
    for step in log.steps:
        if step.is_work:
            order.setdefault(step.exercise, len(order))
    return order
