"""The training log's Progress tab: the calendar of the last weeks, the left/right balance and
each exercise's trend, with the measuring of those weeks (done in a worker thread)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from postchain_tui.core.history import SessionIndex, SessionSummary
from postchain_tui.core.overview import CALENDAR_WEEKS, calendar_start, day_marks
from postchain_tui.core.stats import (
    DayBest,
    SideBalance,
    exercise_progress,
    sessions_per_week,
    side_balance,
)
from postchain_tui.screens.log_text import balance_table, trends
from postchain_tui.widgets.calendar import CalendarData, TrainingCalendar
from postchain_tui.widgets.trend import TrendLine


@dataclass(frozen=True)
class Measures:
    """The calendar's weeks read in full: each exercise's best by day, and the side balance."""

    progress: dict[str, list[DayBest]]
    balance: list[SideBalance]


def measure(index: SessionIndex, since: date) -> Measures:
    """Read the sessions since a day in full and measure them (slow: call it in a worker).

    Args:
        index: the session index, up to date.
        since: the calendar's first day.
    """
    recent = index.sessions(since=since)
    return Measures(exercise_progress(recent), side_balance(recent))


class ProgressTab(VerticalScroll):
    """The calendar beside the balance, then the trends.

    Args:
        today: the day that counts as today for the calendar.
        weekly_goal: workouts a week that meet the goal.
        load_unit: what loads are counted in, ``kg`` or ``lb``.
        id: the widget's id.
    """

    def __init__(
        self, *, today: date, weekly_goal: int, load_unit: str, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.today = today
        self.weekly_goal = weekly_goal
        self.load_unit = load_unit
        self.first_day = calendar_start(today)
        """The calendar's first day: the weeks measured start there."""

    def compose(self) -> ComposeResult:
        """The calendar and the balance, side by side when wide, then the trends."""
        with Horizontal(id="overview"):
            with Vertical(id="calendar-box"):
                yield Static(f"The last {CALENDAR_WEEKS} weeks", classes="section-heading")
                yield TrainingCalendar(id="calendar")
            with Vertical(id="balance-box"):
                yield Static("Left and right", classes="section-heading")
                yield Static("Working it out…", id="balance")
        yield Static(
            f"Trends over the last {CALENDAR_WEEKS} weeks: each day's best",
            classes="section-heading",
        )
        yield Vertical(Static("Working them out…", id="trends-waiting"), id="trends")

    def show_calendar(self, summaries: Sequence[SessionSummary]) -> None:
        """Mark the days trained in the calendar.

        Args:
            summaries: every session in the log.
        """
        self.query_one("#calendar", TrainingCalendar).data = CalendarData(
            first_monday=self.first_day,
            weeks=CALENDAR_WEEKS,
            today=self.today,
            marks=day_marks(summaries, self.first_day),
            week_counts=sessions_per_week(summaries),
            goal=self.weekly_goal,
        )

    def show_measures(self, measures: Measures) -> None:
        """Draw the side balance and the trends.

        Args:
            measures: the calendar's weeks measured.
        """
        self.query_one("#balance", Static).update(balance_table(measures.balance))
        holder = self.query_one("#trends", Vertical)
        holder.remove_children()
        found = trends(measures.progress, self.load_unit)
        if not found:
            holder.mount(Static("No holds or rep sets done in these weeks.", classes="empty"))
        else:
            holder.mount_all(TrendLine(t.exercise, t.measure, t.values, t.caption) for t in found)
