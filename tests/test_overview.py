"""The log at a glance: the week against the goal, the calendar's marks and the short side."""

from __future__ import annotations

from datetime import date

import pytest

from postchain_tui.core.history import SessionSummary
from postchain_tui.core.overview import (
    DayMark,
    WeekGoal,
    calendar_start,
    day_marks,
    weaker_side,
    week_goal,
)
from postchain_tui.core.routine import RoutineKind
from postchain_tui.core.stats import SideBalance
from postchain_tui.screens.log_text import week_goal_text
from postchain_tui.widgets.calendar import CalendarData, calendar_lines
from tests.log_builders import at, line_of_history

SUNDAY = date(2026, 11, 22)


def sessions(*days_and_counting: tuple[int, bool]) -> list[SessionSummary]:
    """Lines of the history on these days, each a workout or one with nothing done."""
    return [
        line_of_history(f"s{number}", at(day), sets_done=4 if counts else 0)
        for number, (day, counts) in enumerate(days_and_counting)
    ]


def test_the_week_counts_workouts_and_the_streak_the_weeks_before() -> None:
    logs = sessions((3, True), (4, True), (10, True), (12, True), (17, True), (18, False))
    goal = week_goal(logs, SUNDAY, goal=2)
    assert goal == WeekGoal(done=1, goal=2, streak=2)
    assert (goal.met, goal.to_go) == (False, 1)


def test_a_week_that_meets_the_goal_counts_in_the_streak() -> None:
    logs = sessions((17, True), (19, True), (10, True))
    goal = week_goal(logs, SUNDAY, goal=2)
    assert goal == WeekGoal(done=2, goal=2, streak=1)
    assert (goal.met, goal.to_go) == (True, 0)


def test_the_calendar_starts_on_the_monday_twelve_weeks_before_this_one() -> None:
    assert calendar_start(SUNDAY) == date(2026, 8, 24)
    assert calendar_start(date(2026, 11, 16), weeks=2) == date(2026, 11, 9)


def test_a_day_is_marked_by_the_best_of_its_sessions() -> None:
    logs = [
        *sessions((2, False), (2, True), (5, False), (1, True)),
        line_of_history("a", at(6), kind=RoutineKind.ACTIVATION),
        line_of_history("b", at(6, 9), sets_done=0),
        line_of_history("c", at(7), kind=RoutineKind.MOBILITY, sets_done=0),
    ]
    marks = day_marks(logs, since=date(2026, 11, 2))
    assert marks == {
        date(2026, 11, 2): DayMark.COMPLETED,
        date(2026, 11, 5): DayMark.INCOMPLETE,
        date(2026, 11, 6): DayMark.LIGHT,
        date(2026, 11, 7): DayMark.INCOMPLETE,
    }


@pytest.mark.parametrize(
    ("left", "right", "short"),
    [(30.0, 30.0, None), (29.0, 30.0, None), (27.0, 30.0, "left"), (10.0, 8.0, "right")],
)
def test_the_short_side_is_named_only_beyond_five_percent(
    left: float, right: float, short: str | None
) -> None:
    balance = SideBalance("Side plank", "s", left, right, 2, 2)
    assert weaker_side(balance) == short


def test_the_calendar_marks_days_in_symbols_and_brackets_today() -> None:
    data = CalendarData(
        first_monday=date(2026, 10, 19),
        weeks=5,
        today=date(2026, 11, 18),
        marks={date(2026, 10, 26): DayMark.COMPLETED, date(2026, 11, 4): DayMark.INCOMPLETE},
        week_counts={date(2026, 10, 26): 2, date(2026, 11, 2): 1},
        goal=2,
    )
    assert [line.plain.rstrip() for line in calendar_lines(data)] == [
        "     Oct   Nov",
        "Mon   ·  ●  ·  ·  ·",
        "Tue   ·  ·  ·  ·  ·",
        "Wed   ·  ·  ○  · [·]",
        "Thu   ·  ·  ·  ·",
        "Fri   ·  ·  ·  ·",
        "Sat   ·  ·  ·  ·",
        "Sun   ·  ·  ·  ·",
        "Goal  ·  ✓  1  ·  ·",
    ]


@pytest.mark.parametrize(
    ("goal", "text"),
    [
        (WeekGoal(0, 2, 0), "This week: 0 of 2 sessions · 2 to go · No streak yet"),
        (
            WeekGoal(1, 1, 1),
            "This week: 1 of 1 session · goal met ✓ · Streak: 1 week meeting the goal",
        ),
        (
            WeekGoal(3, 2, 5),
            "This week: 3 of 2 sessions · goal met ✓ · Streak: 5 weeks meeting the goal",
        ),
    ],
)
def test_the_week_in_words(goal: WeekGoal, text: str) -> None:
    assert week_goal_text(goal) == text
