"""The four-week recovery plan: which week the user is on, in the core and in the picker."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import OptionList

from postchain_tui import locations
from postchain_tui.core.catalog import load_catalog
from postchain_tui.core.plan_weeks import (
    RUN_GAP_DAYS,
    SESSIONS_PER_WEEK,
    PlanProgress,
    plan_marks,
    plan_progress,
)
from postchain_tui.core.routine import Routine
from postchain_tui.screens.picker import PickerScreen
from tests.log_builders import PLUS_ONE, at, make_log, plain_session, rep_set, save
from tests.ui_support import rig

PLAN = "4-week recovery plan"
WEEKS = [f"recovery-week-{week}" for week in range(1, 5)]


def recovery_routines() -> list[Routine]:
    catalog = load_catalog(locations.bundled_routines_dir(), None)
    routines = [catalog.get(routine_id) for routine_id in WEEKS]
    assert all(routine is not None for routine in routines)
    return [routine for routine in routines if routine is not None]


TODAY = date(2026, 11, 30)


def done_on(*weeks_and_days: tuple[int, int]) -> list[tuple[str, date]]:
    """Sessions that count, as (week, day of November 2026) pairs, in that order."""
    return [(WEEKS[week - 1], date(2026, 11, day)) for week, day in weeks_and_days]


def weekly(*counts: int, first_day: int = 15) -> list[tuple[str, date]]:
    """``counts[i]`` sessions of week i + 1, one a day in order from ``first_day``."""
    weeks = [week for week, count in enumerate(counts, 1) for _ in range(count)]
    return done_on(*((week, first_day + n) for n, week in enumerate(weeks)))


def progress(sessions: list[tuple[str, date]], today: date = TODAY) -> PlanProgress:
    (plan,) = plan_progress(recovery_routines(), sessions, today)
    return plan


def marks_for(*counts: int) -> dict[str, str]:
    return plan_marks([progress(weekly(*counts))])


def test_the_bundled_weeks_form_one_plan_of_four_weeks() -> None:
    plan = progress([])
    assert plan.name == PLAN
    assert [week.week for week in plan.weeks] == [1, 2, 3, 4]
    assert SESSIONS_PER_WEEK == 3
    assert RUN_GAP_DAYS == 14


def test_with_no_sessions_week_one_is_where_to_start() -> None:
    assert marks_for() == {"recovery-week-1": "▶ start here"}


def test_the_week_under_way_counts_its_sessions() -> None:
    assert marks_for(2) == {"recovery-week-1": "▶ week 1 · 2/3 done"}


def test_three_sessions_finish_a_week_and_the_next_one_is_proposed() -> None:
    plan = progress(weekly(3))
    assert plan.current is not None and plan.current.week == 2
    assert plan.ready_for_next
    assert marks_for(3) == {
        "recovery-week-1": "✓ done · 3/3",
        "recovery-week-2": "▶ ready for week 2",
    }
    assert plan.status() == (
        "4-week recovery plan: you are on week 2 of 4, 0 of 3 sessions done. "
        "Week 1 is done 3 times: ready for week 2."
    )


def test_once_the_new_week_has_begun_it_is_no_longer_proposed() -> None:
    plan = progress(weekly(4, 1))
    assert not plan.ready_for_next
    assert marks_for(4, 1)["recovery-week-2"] == "▶ week 2 · 1/3 done"


def test_weeks_done_before_week_one_do_not_count() -> None:
    sessions = done_on((4, 15), (3, 16), (3, 17), (2, 18), (1, 20))
    assert plan_marks([progress(sessions)]) == {"recovery-week-1": "▶ week 1 · 1/3 done"}


def test_a_week_done_ahead_of_its_turn_does_not_count_for_it() -> None:
    sessions = done_on((1, 21), (1, 22), (3, 23), (1, 24), (2, 25))
    plan = progress(sessions)
    assert [week.completed for week in plan.weeks] == [3, 1, 0, 0]
    assert plan_marks([plan]) == {
        "recovery-week-1": "✓ done · 3/3",
        "recovery-week-2": "▶ week 2 · 1/3 done",
    }


def test_every_week_done_completes_the_plan() -> None:
    plan = progress(weekly(3, 3, 3, 3))
    assert plan.current is None
    assert plan.status() == "4-week recovery plan: complete, every week done 3 times."
    assert set(plan_marks([plan]).values()) == {"✓ plan complete"}


def test_a_run_left_for_more_than_two_weeks_starts_again_at_week_one() -> None:
    plan = progress(weekly(3, 3, 3, 3), today=date(2027, 3, 1))
    assert plan_marks([plan]) == {"recovery-week-1": "▶ start here"}
    assert plan.status() == (
        "4-week recovery plan: more than two weeks since its last session (2026-11-26), "
        "so it starts again at week 1."
    )


def test_a_run_two_weeks_quiet_is_still_under_way() -> None:
    plan = progress(weekly(3, 1), today=date(2026, 11, 18) + timedelta(days=RUN_GAP_DAYS))
    assert plan_marks([plan])["recovery-week-2"] == "▶ week 2 · 1/3 done"


def test_after_a_gap_the_next_week_one_session_starts_a_new_run() -> None:
    sessions = [*weekly(3, 3, 1, first_day=1), *done_on((3, 27), (1, 28))]
    plan = progress(sessions)
    assert [week.completed for week in plan.weeks] == [1, 0, 0, 0]
    assert plan.started == date(2026, 11, 28)


def test_a_week_one_session_after_a_complete_run_starts_a_new_one() -> None:
    plan = progress([*weekly(3, 3, 3, 3, first_day=1), *done_on((1, 20))])
    assert plan_marks([plan]) == {"recovery-week-1": "▶ week 1 · 1/3 done"}


def prompt_text(screen: PickerScreen, routine_id: str) -> str:
    option = screen.query_one("#routines", OptionList).get_option(routine_id)
    return str(getattr(option.prompt, "plain", option.prompt))


async def picker_marks(sessions: Path, monkeypatch: pytest.MonkeyPatch) -> PickerMarks:
    """Each recovery week's mark in the picker, once it has read the log, and what it notified."""
    r = rig(sessions, catalog=load_catalog(locations.bundled_routines_dir(), None))
    # The picker reads the log a moment after the list is drawn (not in tests); here it is
    # asked at once.
    notes: list[tuple[str, str]] = []
    monkeypatch.setattr(
        r.app, "notify", lambda message, **kw: notes.append((kw.get("title", ""), message))
    )
    async with r.app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = r.app.screen
        assert isinstance(screen, PickerScreen)
        worker = screen.read_the_log()
        assert worker is not None
        await worker.wait()
        await pilot.pause()
        marks = [prompt_text(screen, routine_id).splitlines()[1] for routine_id in WEEKS]
    return PickerMarks(marks, notes)


@dataclass
class PickerMarks:
    """The second line of each week's entry, and the notifications shown."""

    lines: list[str]
    notes: list[tuple[str, str]]


async def test_the_picker_marks_the_week_from_the_log_and_proposes_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sessions = tmp_path / "sessions"
    for day in (12, 14, 16):
        save(sessions, plain_session(f"week-1-{day}", at(day), routine="recovery-week-1"))
    # Less than half of it done: it does not count towards week 2, which is still to begin.
    skipped = [rep_set(0, "Glute bridge with hold", ended_by="skip")]
    save(sessions, make_log("week-2-skipped", at(18), skipped, routine="recovery-week-2"))
    shown = await picker_marks(sessions, monkeypatch)
    assert shown.lines[0].startswith("✓ done · 3/3 · ")
    assert shown.lines[1].startswith("▶ ready for week 2 · ")
    assert shown.lines[2].startswith("~")
    assert shown.notes == [
        (
            "Next week",
            "4-week recovery plan: you are on week 2 of 4, 0 of 3 sessions done. "
            "Week 1 is done 3 times: ready for week 2.",
        )
    ]


async def test_the_picker_starts_the_plan_again_for_a_runner_back_after_months(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sessions = tmp_path / "sessions"
    for week, routine_id in enumerate(WEEKS):
        for n in range(SESSIONS_PER_WEEK):
            started = datetime(2026, 5, 1 + 7 * week + 2 * n, 7, tzinfo=PLUS_ONE)
            save(sessions, plain_session(f"{routine_id}-{n}", started, routine=routine_id))
    shown = await picker_marks(sessions, monkeypatch)
    assert shown.lines[0].startswith("▶ start here · ")
    assert [line.startswith("~") for line in shown.lines[1:]] == [True, True, True]
    assert shown.notes == []
