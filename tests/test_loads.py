"""Reps and load typed in the session, corrected on the summary, and moved on next time."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from postchain_tui.core.durations import Span
from postchain_tui.core.loader import parse_routine
from postchain_tui.core.progression import Change, advise
from postchain_tui.core.record import Pain, SessionLog
from postchain_tui.core.routine import Routine
from postchain_tui.core.set_entry import SetEntry
from postchain_tui.screens.session import SessionScreen
from postchain_tui.screens.summary import SummaryScreen
from tests.history_support import plain_text
from tests.log_builders import at, make_log, rep_set
from tests.ui_support import rig

SIZE = (100, 40)
DEADLIFTS = """
title = "Deadlifts"
id = "deadlifts"

[defaults]
lead_in = 0
rest = "3s"

[[exercise]]
name = "Romanian deadlift"
reps = "6-8"
sets = 2
load = true
"""


def deadlifts() -> Routine:
    return parse_routine(DEADLIFTS)


# -- typing -----------------------------------------------------------------------------------


def test_reps_take_digits_and_the_load_a_decimal_point() -> None:
    entry = SetEntry.for_set(uses_load=True, load=40.0)
    assert entry.text("6-8", "kg") == "Reps: _  (target 6-8)   Load: 40 kg"
    for key in "12.5":
        entry = entry.typed(key)
    assert entry.reps == "125", "a point is no part of reps"
    entry = entry.erased().switched()
    for key in ".5.":
        entry = entry.typed(key)
    assert (entry.reps_done, entry.load_used) == (12, 40.5)
    assert entry.text("6-8", "kg") == "Reps: 12  (target 6-8)   Load: 40.5_ kg"
    assert entry.erased().erased().erased().erased().erased().load_used is None


def test_a_set_without_a_load_keeps_to_the_reps() -> None:
    entry = SetEntry.for_set(uses_load=False, load=40.0).switched().typed("7")
    assert (entry.reps_done, entry.load_used, entry.text("5", "kg")) == (
        7,
        None,
        "Reps: 7_  (target 5)",
    )


@pytest.mark.parametrize(
    ("reps", "target", "asks"),
    [
        ("24", Span(6, 8), False),
        ("25", Span(6, 8), True),
        ("200", None, False),
        ("201", None, True),
    ],
)
def test_unlikely_reps_are_asked_about(reps: str, target: Span | None, asks: bool) -> None:
    entry = SetEntry()
    for key in reps:
        entry = entry.typed(key)
    assert entry.needs_confirming(target) is asks


# -- in the app -------------------------------------------------------------------------------


async def test_a_load_typed_is_logged_carried_to_the_next_set_and_corrected_on_the_summary(
    tmp_path: Path,
) -> None:
    r = rig(tmp_path, start=deadlifts())
    async with r.app.run_test(size=SIZE) as pilot:
        screen = r.app.screen
        assert isinstance(screen, SessionScreen)
        detail = screen.query_one("#detail", Static)
        assert str(detail.content).startswith("Reps: _  (target 6-8)   Load:  kg")
        await pilot.press("8", "tab", "4", "0", ".", "5", "enter")
        await pilot.press("n")  # the rest
        assert str(detail.content).startswith("Reps: _  (target 6-8)   Load: 40.5 kg")
        await pilot.press("7", "enter")
        summary = r.app.screen
        assert isinstance(summary, SummaryScreen)
        results = plain_text(summary.query_one("#results", Static).content)  # type: ignore[arg-type]
        assert "8 @ 40.5 kg, 7 @ 40.5 kg" in results
        reps = summary.query("#set-corrections Input").results(Input)
        assert [field.value for field in reps] == ["8", "40.5", "7", "40.5"]
        last_reps = list(summary.query("#set-corrections Input").results(Input))[2]
        last_reps.value = "6"
        await pilot.press("ctrl+s")
    work = [step for step in r.only_session()["step"] if step["kind"] == "reps"]
    assert [(step["reps"], step["load"], step["load_unit"]) for step in work] == [
        (8, 40.5, "kg"),
        (6, 40.5, "kg"),
    ]


async def test_far_too_many_reps_are_asked_about_before_they_are_kept(tmp_path: Path) -> None:
    r = rig(tmp_path, start=deadlifts())
    async with r.app.run_test(size=SIZE) as pilot:
        screen = r.app.screen
        assert isinstance(screen, SessionScreen)
        await pilot.press("1", "2", "5", "enter")
        assert r.app.screen is not screen, "a question is asked"
        await pilot.press("n")  # correct it
        assert r.app.screen is screen
        assert screen.engine.records == []
        await pilot.press("backspace", "backspace", "enter")
        assert screen.engine.records[-1].reps == 1


# -- double progression ---------------------------------------------------------------------


def last_time(reps: tuple[int, int], load: float, pain: Pain = Pain.NONE) -> SessionLog:
    steps = [
        replace(rep_set(index, "Romanian deadlift", number, reps=count, load=load), load_unit="kg")
        for index, number, count in ((0, 1, reps[0]), (2, 2, reps[1]))
    ]
    return make_log("last", at(20), steps, routine="deadlifts", pain=pain)


@pytest.mark.parametrize(
    ("reps", "pain", "load", "change", "note"),
    [
        ((8, 8), Pain.NONE, 42.5, Change.UP, "Romanian deadlift: 42.5 kg (up from 40 kg)"),
        (
            (8, 7),
            Pain.NONE,
            40.0,
            Change.KEPT,
            "Romanian deadlift: 40 kg again (not every set reached 8 reps last time)",
        ),
        (
            (8, 8),
            Pain.MILD,
            40.0,
            Change.KEPT,
            "Romanian deadlift: 40 kg again (mild pain was flagged last time)",
        ),
        (
            (8, 8),
            Pain.SHARP,
            37.5,
            Change.BACK,
            "Romanian deadlift: 37.5 kg (down from 40 kg: sharp pain was flagged)",
        ),
    ],
)
def test_a_loaded_exercise_moves_on_when_every_set_reached_the_top(
    reps: tuple[int, int], pain: Pain, load: float, change: Change, note: str
) -> None:
    (advice,) = advise(deadlifts(), [last_time(reps, 40.0, pain)]).exercises
    assert (advice.load, advice.load_change, advice.note) == (load, change, note)


def test_a_load_moves_in_pounds_for_a_user_counting_in_pounds() -> None:
    (advice,) = advise(deadlifts(), [last_time((8, 8), 40.0)], load_unit="lb").exercises
    assert advice.load == pytest.approx(93.2)  # 40 kg is 88.2 lb, and 5 lb more


def test_the_first_time_there_is_no_load_to_prefill() -> None:
    assert advise(deadlifts(), []).loads == {}


async def test_the_next_session_starts_with_the_load_moved_on(tmp_path: Path) -> None:
    sessions = tmp_path / "sessions"
    from tests.log_builders import save

    save(sessions, last_time((8, 8), 40.0))
    assert tomllib.loads((sessions / "last.toml").read_text())["step"][0]["load_unit"] == "kg"
    r = rig(sessions, start=deadlifts())
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = r.app.screen
        assert isinstance(screen, SessionScreen)
        assert screen.loads == {"Romanian deadlift": 42.5}
        detail = str(screen.query_one("#detail", Static).content)
        assert "Load: 42.5 kg" in detail


def test_a_correction_keeps_the_unit_and_refuses_nonsense() -> None:
    log = make_log("s", at(2), [rep_set(0, "Romanian deadlift", reps=8, load=40.0)])
    corrected = log.with_corrected_sets({0: (9, None)})
    assert (corrected.steps[0].reps, corrected.steps[0].load) == (9, None)
    with pytest.raises(ValueError, match="load"):
        log.with_corrected_sets({0: (9, float("inf"))})
    assert corrected.ended_at - corrected.started_at == timedelta(seconds=25)
