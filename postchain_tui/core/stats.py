"""Training statistics from the log: small pure functions over sessions.

Weeks start on Monday and are keyed by that Monday's date. Days are the local dates the
sessions started on, as logged. Only holds and rep sets that were done count towards bests
and balance: skipped steps, steps left with back, and a step cut off by quitting do not.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol, TypeVar

from postchain_tui.core.counting import SessionCounts
from postchain_tui.core.plan import StepKind
from postchain_tui.core.record import SessionLog, StepLog

DEFAULT_WEEKLY_GOAL = 2
"""Sessions a week that keep a streak going, unless the user sets another goal."""

_WEEK = timedelta(days=7)
_Number = TypeVar("_Number", int, float)


class Dated(Protocol):
    """A line of the history: when it started and how it counts."""

    @property
    def started_at(self) -> datetime:
        """When the session began (timezone-aware)."""

    @property
    def counts(self) -> SessionCounts:
        """Its sets done and planned, and whether it counts as a workout."""


def week_of(day: date) -> date:
    """The Monday starting the week ``day`` falls in."""
    return day - timedelta(days=day.weekday())


def sessions_per_week(
    sessions: Iterable[Dated], *, include_incomplete: bool = False
) -> dict[date, int]:
    """How many workouts each week had, oldest week first; weeks without any are left out.

    Args:
        sessions: the sessions' summaries, in any order.
        include_incomplete: count every session, not only those that count towards the goal.
    """
    counts: dict[date, int] = defaultdict(int)
    for log in sessions:
        if log.counts.counts_toward_goal or include_incomplete:
            counts[week_of(log.started_at.date())] += 1
    return dict(sorted(counts.items()))


def week_streak(counts: Mapping[date, int], today: date, goal: int = DEFAULT_WEEKLY_GOAL) -> int:
    """How many weeks in a row met the goal, up to this week.

    The week under way counts once it meets the goal, and does not break the streak before.

    Args:
        counts: sessions per week, keyed by Monday (see :func:`sessions_per_week`).
        today: the day to count back from.
        goal: sessions a week needed.
    """
    week = week_of(today)
    streak = 1 if counts.get(week, 0) >= goal else 0
    week -= _WEEK
    while counts.get(week, 0) >= goal:
        streak += 1
        week -= _WEEK
    return streak


@dataclass(frozen=True, slots=True)
class DayBest:
    """An exercise's best set on one day.

    Attributes:
        day: the day.
        hold_s: the longest hold, in seconds; None when no hold was done.
        reps: the most reps in a set; None when none were counted.
        load: the heaviest load used; None when none was logged.
    """

    day: date
    hold_s: float | None
    reps: int | None
    load: float | None


def exercise_progress(sessions: Iterable[SessionLog]) -> dict[str, list[DayBest]]:
    """Each exercise's best hold, reps and load, per day it was done, oldest day first.

    Args:
        sessions: the sessions, in any order.

    Returns:
        Exercise names, in alphabetical order, with their days.
    """
    bests: dict[str, dict[date, DayBest]] = defaultdict(dict)
    for log in sessions:
        day = log.started_at.date()
        for step in _done_work(log):
            days = bests[step.exercise]
            days[day] = _better(days.get(day, DayBest(day, None, None, None)), step)
    return {
        exercise: [days[day] for day in sorted(days)] for exercise, days in sorted(bests.items())
    }


@dataclass(frozen=True, slots=True)
class SideBalance:
    """How the two sides of a per-side exercise compare.

    Attributes:
        exercise: the exercise.
        unit: ``"s"`` for a hold (seconds held), ``"reps"`` for a rep set.
        left: the average per set on the left.
        right: the average per set on the right.
        left_sets: sets done on the left.
        right_sets: sets done on the right.
    """

    exercise: str
    unit: str
    left: float
    right: float
    left_sets: int
    right_sets: int

    @property
    def ratio(self) -> float | None:
        """Left divided by right (1.0 is even); None when the right side averages nothing."""
        return self.left / self.right if self.right else None


def side_balance(sessions: Iterable[SessionLog]) -> list[SideBalance]:
    """For each exercise done per side, the average set on the left against the right.

    A hold counts its seconds held; a rep set counts its reps and is left out when no count
    was given. Exercises done on one side only are left out.

    Args:
        sessions: the sessions, in any order.

    Returns:
        One balance per exercise and unit, in alphabetical order of exercise.
    """
    amounts: dict[tuple[str, str], dict[str, list[float]]] = defaultdict(
        lambda: {"left": [], "right": []}
    )
    for log in sessions:
        for step in _done_work(log):
            is_hold = step.kind == StepKind.HOLD
            amount = step.actual_s if is_hold else step.reps
            if step.side in ("left", "right") and amount is not None:
                amounts[(step.exercise, "s" if is_hold else "reps")][step.side].append(amount)
    return [
        SideBalance(
            exercise=exercise,
            unit=unit,
            left=_mean(sides["left"]),
            right=_mean(sides["right"]),
            left_sets=len(sides["left"]),
            right_sets=len(sides["right"]),
        )
        for (exercise, unit), sides in sorted(amounts.items())
        if sides["left"] and sides["right"]
    ]


def _done_work(log: SessionLog) -> Iterable[StepLog]:
    return (step for step in log.steps if step.is_done_work)


def _better(best: DayBest, step: StepLog) -> DayBest:
    hold = step.actual_s if step.kind == StepKind.HOLD else None
    return DayBest(
        day=best.day,
        hold_s=_highest(best.hold_s, hold),
        reps=_highest(best.reps, step.reps),
        load=_highest(best.load, step.load),
    )


def _highest(current: _Number | None, candidate: _Number | None) -> _Number | None:
    if candidate is None:
        return current
    if current is None:
        return candidate
    return max(current, candidate)


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)
