"""The training log at a glance: this week against the goal, the streak and the calendar.

Small pure functions over sessions or their summaries (anything :class:`~stats.Dated`), so the
history screen can show them from the index's summaries without reading every session's steps.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

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
    """At least one session was completed that day."""
    INCOMPLETE = "incomplete"
    """Sessions were started that day, but none was completed."""


@dataclass(frozen=True, slots=True)
class WeekGoal:
    """This week against the weekly goal.

    Attributes:
        done: sessions completed this week.
        goal: sessions a week aimed for.
        streak: weeks in a row that met the goal, up to this one.
    """

    done: int
    goal: int
    streak: int

    @property
    def met(self) -> bool:
        """True once this week has as many completed sessions as the goal."""
        return self.done >= self.goal

    @property
    def to_go(self) -> int:
        """Completed sessions still needed this week."""
        return max(0, self.goal - self.done)


def week_goal(sessions: Iterable[Dated], today: date, goal: int = DEFAULT_WEEKLY_GOAL) -> WeekGoal:
    """Count this week's completed sessions and the streak of weeks that met the goal.

    Args:
        sessions: the sessions or their summaries, in any order.
        today: the day whose week is this week.
        goal: completed sessions a week that meet the goal.

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
        For each local start date, completed when any session that day was completed.
    """
    marks: dict[date, DayMark] = {}
    for session in sessions:
        day = session.started_at.date()
        if day < since:
            continue
        if session.completed:
            marks[day] = DayMark.COMPLETED
        else:
            marks.setdefault(day, DayMark.INCOMPLETE)
    return marks


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
