"""What changed since last time: the core function and the summary's section."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from postchain_tui.core.comparison import FIRST_TIME, NO_CHANGE, what_changed
from postchain_tui.core.counting import session_counts
from postchain_tui.core.plan import build_plan
from postchain_tui.screens.summary import SummaryScreen
from tests.log_builders import at, plain_session, save
from tests.progress_support import bridges, session_of, work_indices
from tests.test_app_summary import SIZE, finish_short_routine
from tests.ui_support import rig, short_routine


def test_the_first_time_says_nothing_unless_a_side_was_weaker() -> None:
    assert what_changed(session_of(bridges(), at(2)), None) == []
    uneven = plain_session("uneven", at(2))  # side plank: left 30 s, right 25 s
    assert what_changed(uneven, None) == [
        FIRST_TIME,
        "Side plank: right side weaker (25 s against 30 s)",
    ]


def test_longer_holds_are_said_in_routine_order() -> None:
    before = session_of(bridges(), at(2))
    now = session_of(bridges(), at(4), holds={"Glute bridge hold": 25, "Side plank": 20})
    assert what_changed(now, before) == [
        "Glute bridge hold: held 25 s a set, 5 s longer than last time",
        "Side plank: held 20 s a set, 5 s longer than last time",
    ]


def test_more_reps_and_more_load_and_a_shorter_average_hold() -> None:
    plan = build_plan(bridges())
    clams = work_indices(plan, "Clams")
    first_bridge = work_indices(plan, "Glute bridge hold")[0]
    before = session_of(bridges(), at(2), changes={clams[0]: {"load": 10.0}})
    now = session_of(
        bridges(),
        at(4),
        changes={clams[0]: {"reps": 12, "load": 12.5}, first_bridge: {"actual_s": 14.0}},
    )
    assert what_changed(now, before) == [
        "Glute bridge hold: held 17 s a set, 3 s shorter than last time",
        "Clams: best set 12 reps, 2 more than last time",
        "Clams: load 12.5, up from 10",
    ]


def test_a_skipped_set_is_neither_better_nor_worse() -> None:
    wall_sit = work_indices(build_plan(bridges()), "Wall sit")[0]
    now = session_of(bridges(), at(4), changes={wall_sit: {"ended_by": "skip", "actual_s": 2.0}})
    assert what_changed(now, session_of(bridges(), at(2))) == [NO_CHANGE]


def test_a_weaker_side_is_named_with_the_changes() -> None:
    right = work_indices(build_plan(bridges()), "Side plank")[1]
    now = session_of(bridges(), at(4), changes={right: {"actual_s": 10.0, "ended_by": "time"}})
    assert what_changed(now, session_of(bridges(), at(2))) == [
        "Side plank: held 12 s a set, 3 s shorter than last time",
        "Side plank: right side weaker (10 s against 15 s)",
    ]


def test_a_session_with_no_set_done_has_nothing_to_compare() -> None:
    plan = build_plan(bridges())
    nothing = session_of(bridges(), at(4), leave_out=range(1, len(plan)), completed=False)
    assert session_counts(nothing).sets_done == 0
    assert what_changed(nothing, session_of(bridges(), at(2))) == []


def test_the_same_again_says_so() -> None:
    assert what_changed(session_of(bridges(), at(4)), session_of(bridges(), at(2))) == [NO_CHANGE]


async def test_the_summary_shows_what_changed_since_the_last_session(tmp_path: Path) -> None:
    routine = short_routine()
    plan = build_plan(routine)
    bridge, bird_dog = work_indices(plan, "Glute bridge")[0], work_indices(plan, "Bird dog")[0]
    earlier = session_of(routine, at(1), changes={bridge: {"actual_s": 4.0}, bird_dog: {"reps": 5}})
    save(tmp_path, earlier)
    r = rig(tmp_path, start=routine)
    async with r.app.run_test(size=SIZE) as pilot:
        await finish_short_routine(r, pilot)
        screen = r.app.screen
        assert isinstance(screen, SummaryScreen)
        section = screen.query_one("#changes", Static).content
        assert str(getattr(section, "plain", section)).splitlines() == [
            "Compared with last time",
            "• Glute bridge: held 6 s a set, 1 s longer than last time",
            "• Bird dog: best set 6 reps, 1 more than last time",
        ]


async def test_the_summary_of_a_first_session_has_no_comparison(tmp_path: Path) -> None:
    r = rig(tmp_path, start=short_routine())
    async with r.app.run_test(size=SIZE) as pilot:
        await finish_short_routine(r, pilot)
        assert not r.app.screen.query("#changes")
