"""The four-week recovery plan: which week the user is on, in the core and in the picker."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList

from postchain_tui import locations
from postchain_tui.core.catalog import load_catalog
from postchain_tui.core.plan_weeks import SESSIONS_PER_WEEK, plan_marks, plan_progress
from postchain_tui.core.routine import Routine
from postchain_tui.screens.picker import PickerScreen
from tests.log_builders import at, make_log, plain_session, rep_set, save
from tests.ui_support import rig

PLAN = "4-week recovery plan"
WEEKS = [f"recovery-week-{week}" for week in range(1, 5)]


def recovery_routines() -> list[Routine]:
    catalog = load_catalog(locations.bundled_routines_dir(), None)
    routines = [catalog.get(routine_id) for routine_id in WEEKS]
    assert all(routine is not None for routine in routines)
    return [routine for routine in routines if routine is not None]


def marks_for(*counts: int) -> dict[str, str]:
    completed = dict(zip(WEEKS, counts, strict=False))
    return plan_marks(plan_progress(recovery_routines(), completed))


def test_the_bundled_weeks_form_one_plan_of_four_weeks() -> None:
    (plan,) = plan_progress(recovery_routines(), {})
    assert plan.name == PLAN
    assert [week.week for week in plan.weeks] == [1, 2, 3, 4]
    assert SESSIONS_PER_WEEK == 3


def test_with_no_sessions_week_one_is_where_to_start() -> None:
    assert marks_for() == {"recovery-week-1": "▶ start here"}


def test_the_week_under_way_counts_its_sessions() -> None:
    assert marks_for(2) == {"recovery-week-1": "▶ this week · 2/3 done"}


def test_three_sessions_finish_a_week_and_the_next_one_is_proposed() -> None:
    (plan,) = plan_progress(recovery_routines(), {"recovery-week-1": 3})
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
    (plan,) = plan_progress(recovery_routines(), {"recovery-week-1": 4, "recovery-week-2": 1})
    assert not plan.ready_for_next
    assert marks_for(4, 1)["recovery-week-2"] == "▶ this week · 1/3 done"


def test_a_week_done_ahead_of_time_does_not_skip_the_one_waiting() -> None:
    assert marks_for(0, 0, 2) == {
        "recovery-week-1": "▶ start here",
        "recovery-week-3": "2/3 done",
    }


def test_every_week_done_completes_the_plan() -> None:
    (plan,) = plan_progress(recovery_routines(), dict.fromkeys(WEEKS, 3))
    assert plan.current is None
    assert plan.status() == "4-week recovery plan: complete, every week done 3 times."
    assert set(marks_for(3, 3, 3, 3).values()) == {"✓ plan complete · 3 done"}


def prompt_text(screen: PickerScreen, routine_id: str) -> str:
    option = screen.query_one("#routines", OptionList).get_option(routine_id)
    return str(getattr(option.prompt, "plain", option.prompt))


async def test_the_picker_marks_the_week_from_the_log_and_proposes_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sessions = tmp_path / "sessions"
    for day in (2, 4, 6):
        save(sessions, plain_session(f"week-1-{day}", at(day), routine="recovery-week-1"))
    # Less than half of it done: it does not count towards week 2, which is still to begin.
    skipped = [rep_set(0, "Glute bridge with hold", ended_by="skip")]
    save(sessions, make_log("week-2-skipped", at(8), skipped, routine="recovery-week-2"))
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
        assert prompt_text(screen, "recovery-week-1").splitlines()[1].startswith("✓ done · 3/3 · ")
        assert (
            prompt_text(screen, "recovery-week-2")
            .splitlines()[1]
            .startswith("▶ ready for week 2 · ")
        )
        assert prompt_text(screen, "recovery-week-3").splitlines()[1].startswith("~")
    assert notes == [
        (
            "Next week",
            "4-week recovery plan: you are on week 2 of 4, 0 of 3 sessions done. "
            "Week 1 is done 3 times: ready for week 2.",
        )
    ]
