"""The training log at a glance: this week against the goal, the streak and the calendar.

Small pure functions over sessions or their summaries (anything :class:`~stats.Dated`), so the
history screen can show them from the index's summaries without reading every session's steps.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from postchain_tui.core.routine import RoutineKind
from postchain_tui.core.stats import (
    DEFAULT_WEEKLY_GOAL,
    Dated,
    SideBalance,
    sessions_per_week,
    week_of,
    week_streak,
)

CALENDAR_WEEKS = 13
"""Weeks the calendar shows, this one included: about three months."""

EVEN_WITHIN = 0.05
"""Two sides whose averages differ by less than this fraction of the larger are even."""


class DayMark(StrEnum):
    """What a day of the calendar shows."""

    COMPLETED = "completed"
    """At least one session that day counts towards the weekly goal."""
    LIGHT = "light"
    """No workout, but an activation or mobility routine was done that day."""
    INCOMPLETE = "incomplete"
    """Sessions were started that day, but none of them counts."""


@dataclass(frozen=True, slots=True)
class WeekGoal:
    """This week against the weekly goal.

    Attributes:
        done: sessions this week that count towards the goal.
        goal: sessions a week aimed for.
        streak: weeks in a row that met the goal, up to this one.
    """

    done: int
    goal: int
    streak: int

    @property
    def met(self) -> bool:
        """True once this week has as many workouts as the goal."""
        return self.done >= self.goal

    @property
    def to_go(self) -> int:
        """Workouts still needed this week."""
        return max(0, self.goal - self.done)


def week_goal(sessions: Iterable[Dated], today: date, goal: int = DEFAULT_WEEKLY_GOAL) -> WeekGoal:
    """Count this week's workouts and the streak of weeks that met the goal.

    Args:
        sessions: the sessions or their summaries, in any order.
        today: the day whose week is this week.
        goal: workouts a week that meet the goal.

    Returns:
        The week's count, the goal and the streak.
    """
    counts = sessions_per_week(sessions)
    return WeekGoal(
        done=counts.get(week_of(today), 0), goal=goal, streak=week_streak(counts, today, goal)
    )


def calendar_start(today: date, weeks: int = CALENDAR_WEEKS) -> date:
    """The Monday the calendar begins on: ``weeks`` weeks that end with this one.

    Args:
        today: the calendar's last day that can have a session.
        weeks: how many weeks to show.
    """
    return week_of(today) - timedelta(weeks=weeks - 1)


def day_marks(sessions: Iterable[Dated], since: date) -> dict[date, DayMark]:
    """How each day with a session is marked on the calendar (days without one are absent).

    Args:
        sessions: the sessions or their summaries, in any order.
        since: the first day of interest; earlier sessions are left out.

    Returns:
        For each local start date, the best of its sessions: a workout, else a light routine
        done, else sessions that do not count.
    """
    marks: dict[date, DayMark] = {}
    for session in sessions:
        day = session.started_at.date()
        if day < since:
            continue
        mark = _day_mark(session)
        if day not in marks or _MARK_RANK[mark] > _MARK_RANK[marks[day]]:
            marks[day] = mark
    return marks


_MARK_RANK = {DayMark.INCOMPLETE: 0, DayMark.LIGHT: 1, DayMark.COMPLETED: 2}


def _day_mark(session: Dated) -> DayMark:
    counts = session.counts
    if counts.counts_toward_goal:
        return DayMark.COMPLETED
    if counts.kind != RoutineKind.STRENGTH and counts.sets_done > 0:
        return DayMark.LIGHT
    return DayMark.INCOMPLETE


def weaker_side(balance: SideBalance, even_within: float = EVEN_WITHIN) -> str | None:
    """The side that came up short on a per-side exercise.

    Args:
        balance: the two sides' averages.
        even_within: differences smaller than this fraction of the larger side are even.

    Returns:
        ``"left"`` or ``"right"``, or None when the sides are even.
    """
    larger = max(balance.left, balance.right)
    if larger <= 0 or abs(balance.left - balance.right) < even_within * larger:
        return None
    return "left" if balance.left < balance.right else "right"
