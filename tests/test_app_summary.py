"""The summary: planned against done, and the feedback saved into the same session file."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, RadioButton, Static

from postchain_tui.core.counting import exercise_results
from postchain_tui.core.results_text import done_text
from postchain_tui.screens.picker import PickerScreen
from postchain_tui.screens.session import SessionScreen
from postchain_tui.screens.summary import SummaryScreen
from postchain_tui.screens.unsaved import UnsavedSessionModal
from postchain_tui.widgets.feedback_fields import SHARP_PAIN_ADVICE
from tests.ui_support import BIRD_DOG, Rig, advance, rig, short_routine

SIZE = (100, 30)


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
        results = exercise_results(screen.session_log)
        assert done_text(results[2]) == "6"
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
        await advance(pilot, r.clock, 5)  # past the lead-in, into the first set
        await pilot.press("q", "y")
        assert str(summary(r).query_one("#summary-heading", Static).content) == (
            "Session ended early"
        )
        await pilot.press("escape")
        assert isinstance(r.app.screen, PickerScreen)
        assert r.app.is_running
    assert r.only_session()["completed"] is False


async def test_leaving_during_get_ready_logs_nothing_and_says_so(tmp_path: Path) -> None:
    r = rig(tmp_path)
    notes: list[str] = []
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert isinstance(r.app.screen, SessionScreen)
        r.app.notify = lambda message, **_: notes.append(message)  # type: ignore[method-assign]
        await advance(pilot, r.clock, 1)
        await pilot.press("q", "y")
        await pilot.pause()
        assert isinstance(r.app.screen, PickerScreen)
    assert notes == ["Nothing done; not logged."]
    assert r.session_files() == []


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
        await pilot.pause()
        assert isinstance(r.app.screen, UnsavedSessionModal)  # still refused: nothing is lost
        blocked.unlink()
        await pilot.press("enter")  # Try again
        await pilot.pause()
    document = r.only_session()
    assert (document["completed"], document["rpe"]) == (True, 5)
