"""The summary: planned against done, and the feedback saved into the same session file."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, RadioButton, Static

from postchain_tui.core.plan import build_plan
from postchain_tui.core.record import SessionLog, StepLog
from postchain_tui.screens.picker import PickerScreen
from postchain_tui.screens.session import SessionScreen
from postchain_tui.screens.summary import (
    ExerciseResult,
    SummaryScreen,
    exercise_results,
    totals_line,
)
from postchain_tui.widgets.feedback_fields import SHARP_PAIN_ADVICE
from tests.fakes import WALL_START
from tests.ui_support import BIRD_DOG, Rig, advance, rig, short_routine

SIZE = (100, 30)


def visit(
    index: int, ended_by: str = "time", actual_s: float = 6.0, reps: int | None = None
) -> StepLog:
    """A log entry for a visit to step ``index`` of the short routine's plan."""
    step = build_plan(short_routine())[index]
    return StepLog(
        index=index,
        kind=step.kind.value,
        exercise=step.exercise,
        set_number=step.set_number,
        total_sets=step.total_sets,
        side=step.side.value if step.side is not None else "",
        planned_s=step.seconds,
        actual_s=actual_s,
        paused_s=0.0,
        ended_by=ended_by,
        reps=reps,
    )


def log_of(*steps: StepLog, completed: bool = True) -> SessionLog:
    return SessionLog(
        id="s",
        routine="ui-short",
        title="Short test routine",
        started_at=WALL_START,
        ended_at=WALL_START + timedelta(seconds=70),
        completed=completed,
        steps=steps,
    )


def test_results_compare_each_exercise_with_its_plan() -> None:
    plan = build_plan(short_routine())
    log = log_of(
        visit(1, actual_s=6.0),
        visit(3, ended_by="skip", actual_s=1.2),
        visit(5, actual_s=11.0),
        visit(7, actual_s=4.4, ended_by="quit"),
    )
    assert exercise_results(plan, log) == [
        ExerciseResult("Glute bridge", 1, 2, "2 × 6s", "6s, skipped"),
        ExerciseResult("Side plank", 0, 1, "1 × 6s each side", "L 11s R 4s (stopped)"),
        ExerciseResult("Bird dog", 0, 1, "1 × 5 reps", "-"),
    ]


def test_the_last_visit_to_a_step_counts_and_reps_show_when_typed() -> None:
    plan = build_plan(short_routine())
    log = log_of(
        visit(1, ended_by="back", actual_s=2.0),
        visit(1, actual_s=6.0),
        visit(BIRD_DOG, ended_by="done", actual_s=14.0, reps=7),
    )
    results = exercise_results(plan, log)
    assert results[0].done == "6s, -"
    assert results[2] == ExerciseResult("Bird dog", 1, 1, "1 × 5 reps", "7")
    untyped = log_of(visit(BIRD_DOG, ended_by="done", actual_s=14.0))
    assert exercise_results(plan, untyped)[2].done == "done"


def test_totals_line() -> None:
    plan = build_plan(short_routine())
    log = log_of(visit(1), visit(3))
    assert totals_line(log, exercise_results(plan, log)) == (
        "Total 1:10 · active 0:12 · paused 0:00 · 2/4 sets done"
    )


async def finish_short_routine(r: Rig, pilot: Pilot[None]) -> None:
    """Run the short routine to its end, typing 6 reps for the rep set."""
    await advance(pilot, r.clock, 39, step=3)
    assert isinstance(r.app.screen, SessionScreen)
    assert r.app.screen.engine.index == BIRD_DOG
    await advance(pilot, r.clock, 20, step=10)
    await pilot.press("6", "enter")
    assert isinstance(r.app.screen, SummaryScreen)


def summary(r: Rig) -> SummaryScreen:
    screen = r.app.screen
    assert isinstance(screen, SummaryScreen)
    return screen


async def test_a_finished_session_is_summed_up(tmp_path: Path) -> None:
    r = rig(tmp_path, start=short_routine())
    async with r.app.run_test(size=SIZE) as pilot:
        await finish_short_routine(r, pilot)
        screen = summary(r)
        assert str(screen.query_one("#summary-heading", Static).content) == "Session complete"
        totals = str(screen.query_one("#totals", Static).content)
        assert totals == "Total 0:59 · active 0:59 · paused 0:00 · 4/4 sets done"
        results = exercise_results(screen.outcome.plan, screen.session_log)
        assert results[2].done == "6"
        assert "Saved" in str(screen.query_one("#save-status", Static).content)


async def test_feedback_is_saved_into_the_same_file(tmp_path: Path) -> None:
    r = rig(tmp_path, start=short_routine())
    async with r.app.run_test(size=SIZE) as pilot:
        await finish_short_routine(r, pilot)
        before = r.only_session()
        assert before["completed"] is True
        assert "rpe" not in before
        await pilot.press("7")
        summary(r).query_one("#mild", RadioButton).value = True
        summary(r).query_one("#notes", Input).value = "Left hip a bit tight"
        await pilot.press("ctrl+s")
        await pilot.pause()
    after = r.only_session()
    assert after["id"] == before["id"]
    assert (after["rpe"], after["notes"], after["pain"]) == (7, "Left hip a bit tight", "mild")
    assert after["step"] == before["step"]
    assert r.app.return_code == 0  # started with a routine: the app ends after the summary


async def test_an_rpe_outside_one_to_ten_is_refused(tmp_path: Path) -> None:
    r = rig(tmp_path, start=short_routine())
    async with r.app.run_test(size=SIZE) as pilot:
        await finish_short_routine(r, pilot)
        await pilot.press("1", "1", "enter")
        assert isinstance(r.app.screen, SummaryScreen)
        assert summary(r).query_one("#rpe", Input).has_class("-invalid")
        assert "rpe" not in r.only_session()
        await pilot.press("backspace", "enter")
        await pilot.pause()
    assert r.only_session()["rpe"] == 1


async def test_sharp_pain_shows_advice_to_stop(tmp_path: Path) -> None:
    r = rig(tmp_path, start=short_routine())
    async with r.app.run_test(size=SIZE) as pilot:
        await finish_short_routine(r, pilot)
        advice = summary(r).query_one("#pain-advice", Static)
        assert not advice.display
        summary(r).query_one("#sharp", RadioButton).value = True
        await pilot.pause()
        assert advice.display
        assert "see a physiotherapist or doctor" in SHARP_PAIN_ADVICE
        summary(r).query_one("#none", RadioButton).value = True
        await pilot.pause()
        assert not advice.display


async def test_skipping_the_feedback_keeps_the_saved_session(tmp_path: Path) -> None:
    r = rig(tmp_path, start=short_routine())
    async with r.app.run_test(size=SIZE) as pilot:
        await finish_short_routine(r, pilot)
        await pilot.press("escape")
        await pilot.pause()
    document = r.only_session()
    assert document["completed"] is True
    assert "rpe" not in document


async def test_from_the_picker_the_summary_returns_to_the_picker(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert isinstance(r.app.screen, SessionScreen)
        await advance(pilot, r.clock, 2)
        await pilot.press("q", "y")
        assert str(summary(r).query_one("#summary-heading", Static).content) == (
            "Session ended early"
        )
        await pilot.press("escape")
        assert isinstance(r.app.screen, PickerScreen)
        assert r.app.is_running
    assert r.only_session()["completed"] is False


async def test_a_session_the_disk_refused_is_saved_from_the_summary_once_it_can_be(
    tmp_path: Path,
) -> None:
    blocked = tmp_path / "sessions"
    blocked.write_text("a file where the sessions folder should be", encoding="utf-8")
    r = rig(blocked, start=short_routine())
    async with r.app.run_test(size=SIZE) as pilot:
        await finish_short_routine(r, pilot)
        status = str(summary(r).query_one("#save-status", Static).content)
        assert status.startswith("Not saved yet")
        await pilot.press("5", "enter")
        assert isinstance(r.app.screen, SummaryScreen)  # still refused: nothing is lost
        blocked.unlink()
        await pilot.press("enter")
        await pilot.pause()
    document = r.only_session()
    assert (document["completed"], document["rpe"]) == (True, 5)
