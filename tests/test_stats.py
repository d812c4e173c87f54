"""Training statistics: weekly counts, streaks, bests over time and left/right balance."""

from __future__ import annotations

from datetime import date

import pytest

from postchain_tui.core.routine import RoutineKind
from postchain_tui.core.stats import (
    DayBest,
    SideBalance,
    exercise_progress,
    sessions_per_week,
    side_balance,
    week_of,
    week_streak,
)
from tests.log_builders import at, gap, hold, line_of_history, make_log, rep_set

# November 2026: Monday the 2nd, 9th, 16th, 23rd and 30th.


def test_a_week_starts_on_monday() -> None:
    assert week_of(date(2026, 11, 2)) == date(2026, 11, 2)
    assert week_of(date(2026, 11, 8)) == date(2026, 11, 2)
    assert week_of(date(2026, 11, 9)) == date(2026, 11, 9)
    assert week_of(date(2027, 1, 1)) == date(2026, 12, 28)


def test_sessions_per_week_counts_workouts_by_local_start() -> None:
    sessions = [
        line_of_history("a", at(2)),
        line_of_history("b", at(8, 23, 30)),  # Sunday night, local time: still the week of the 2nd
        line_of_history("c", at(9)),
        line_of_history("d", at(10), sets_done=1),  # less than half done: not a workout
        line_of_history("f", at(11), kind=RoutineKind.ACTIVATION),  # not strength
        line_of_history("e", at(24)),
    ]
    assert sessions_per_week(sessions) == {
        date(2026, 11, 2): 2,
        date(2026, 11, 9): 1,
        date(2026, 11, 23): 1,
    }
    assert sessions_per_week(sessions, include_incomplete=True)[date(2026, 11, 9)] == 3
    assert sessions_per_week([]) == {}


COUNTS = {
    date(2026, 10, 26): 3,
    date(2026, 11, 2): 1,  # missed: breaks the streak
    date(2026, 11, 9): 2,
    date(2026, 11, 16): 4,
    date(2026, 11, 23): 2,
}


@pytest.mark.parametrize(
    ("today", "goal", "streak"),
    [
        (date(2026, 11, 25), 2, 3),  # this week met: it counts
        (date(2026, 11, 19), 2, 2),
        (date(2026, 11, 30), 2, 3),  # a new week under way does not break it yet
        (date(2026, 12, 7), 2, 0),  # a whole week missed does
        (date(2026, 11, 25), 3, 1),  # this week is short of 3, last week met, then 2 < 3
        (date(2026, 11, 20), 3, 1),
        (date(2026, 11, 25), 1, 5),
        (date(2026, 11, 4), 2, 1),  # week of the 2nd still under way: October's week counts
    ],
)
def test_week_streak(today: date, goal: int, streak: int) -> None:
    assert week_streak(COUNTS, today, goal) == streak


def test_week_streak_defaults_to_two_a_week() -> None:
    assert week_streak({date(2026, 11, 23): 2, date(2026, 11, 16): 1}, date(2026, 11, 23)) == 1
    assert week_streak({}, date(2026, 11, 23)) == 0


def test_exercise_progress_keeps_each_days_best_of_the_sets_done() -> None:
    monday = make_log(
        "mon",
        at(23),
        [
            hold(0, "Plank", actual_s=30.0),
            gap(1, "rest", "Plank"),
            hold(2, "Plank", 2, actual_s=45.0),
            hold(3, "Plank", 3, actual_s=60.0, ended_by="skip"),  # skipped: not a best
            rep_set(4, "Swing", reps=12, load=16.0),
            rep_set(5, "Swing", 2, reps=15, load=12.0),
            rep_set(6, "Swing", 3, reps=20, load=24.0, ended_by="back"),  # redone: not a best
            rep_set(6, "Swing", 3, reps=9, load=20.0),
        ],
    )
    monday_evening = make_log("mon-pm", at(23, 19), [hold(0, "Plank", actual_s=50.5)])
    thursday = make_log(
        "thu", at(26), [rep_set(0, "Swing", reps=None, load=None), hold(1, "Plank", actual_s=20)]
    )
    progress = exercise_progress([thursday, monday, monday_evening])
    assert progress == {
        "Plank": [
            DayBest(date(2026, 11, 23), hold_s=50.5, reps=None, load=None),
            DayBest(date(2026, 11, 26), hold_s=20.0, reps=None, load=None),
        ],
        "Swing": [
            DayBest(date(2026, 11, 23), hold_s=None, reps=15, load=20.0),
            DayBest(date(2026, 11, 26), hold_s=None, reps=None, load=None),
        ],
    }
    assert list(progress) == ["Plank", "Swing"]


def test_side_balance_compares_the_average_set_on_each_side() -> None:
    first = make_log(
        "first",
        at(23),
        [
            hold(0, "Side plank", side="left", actual_s=40.0),
            gap(1, "switch", "Side plank", 5),
            hold(2, "Side plank", side="right", actual_s=30.0),
            hold(3, "Side plank", 2, side="left", actual_s=20.0),
            hold(4, "Side plank", 2, side="right", actual_s=5.0, ended_by="skip"),
            rep_set(5, "Single-leg bridge", side="left", reps=12),
            rep_set(6, "Single-leg bridge", side="right", reps=None),  # no count given
            rep_set(7, "Step-up", side="left", reps=10),  # one side only
            hold(8, "Plank", actual_s=60.0),  # two-sided
        ],
    )
    second = make_log("second", at(25), [rep_set(0, "Single-leg bridge", side="right", reps=9)])
    balance = side_balance([first, second])
    assert balance == [
        SideBalance("Side plank", "s", left=30.0, right=30.0, left_sets=2, right_sets=1),
        SideBalance("Single-leg bridge", "reps", left=12.0, right=9.0, left_sets=1, right_sets=1),
    ]
    assert balance[0].ratio == 1.0
    assert balance[1].ratio == pytest.approx(12 / 9)
    assert SideBalance("x", "s", 10.0, 0.0, 1, 1).ratio is None
