"""The session screen, driven key by key on a fake clock."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from textual.timer import Timer
from textual.widgets import Static

from postchain_tui.core.engine_types import EngineState, EngineView
from postchain_tui.core.plan import build_plan
from postchain_tui.core.settings import Settings
from postchain_tui.screens import session_showing as session_module
from postchain_tui.screens.confirm import ConfirmationModal
from postchain_tui.screens.session import SessionScreen
from postchain_tui.screens.session_text import stage_text
from postchain_tui.screens.summary import SummaryScreen
from postchain_tui.widgets import BigCountdown
from postchain_tui.widgets.big_font import fitting_scale, pixel_width, render_big
from tests.fakes import fixed_wall
from tests.ui_support import (
    BIRD_DOG,
    BRIDGE_1,
    BRIDGE_2,
    LEAD_IN,
    PLANK_LEFT,
    REST_1,
    SWITCH,
    Rig,
    advance,
    rig,
    session_screen,
    short_routine,
)

SIZE = (100, 30)


def shown(screen: SessionScreen, widget_id: str) -> str:
    """The plain text a Static on the session screen shows."""
    return str(screen.query_one(f"#{widget_id}", Static).content)


async def test_a_session_starts_at_once_with_the_lead_in(tmp_path: Path) -> None:
    r = rig(tmp_path, start=short_routine())
    async with r.app.run_test(size=SIZE):
        screen = session_screen(r.app)
        assert screen.engine.state is EngineState.RUNNING
        assert screen.engine.index == LEAD_IN
        assert "GET READY" in shown(screen, "phase")
        assert shown(screen, "step-label") == "Up next: Glute bridge · set 1/2"
        assert screen.query_one("#countdown", BigCountdown).text == "0:03"


def waiting_session(r: Rig) -> SessionScreen:
    """A session screen that waits for Enter before it starts."""
    return SessionScreen(
        short_routine(), store=r.store, clock=r.clock, wall=fixed_wall(), autostart=False
    )


async def test_without_autostart_enter_starts_the_session(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=SIZE) as pilot:
        screen = waiting_session(r)
        await r.app.push_screen(screen)
        assert screen.engine.view().state is EngineState.READY
        assert "READY" in shown(screen, "phase")
        assert shown(screen, "step-label") == "Press Enter to start"
        r.clock.t += 60  # waiting is not part of the session
        await pilot.press("enter")
        assert screen.engine.state is EngineState.RUNNING
        assert screen.engine.started_at == r.clock.t
        assert screen.query_one("#countdown", BigCountdown).text == "0:03"


async def test_the_countdown_flips_on_the_second_and_the_timer_wakes_just_after(
    tmp_path: Path,
) -> None:
    r = rig(tmp_path, start=short_routine())
    async with r.app.run_test(size=SIZE) as pilot:
        screen = session_screen(r.app)
        countdown = screen.query_one("#countdown", BigCountdown)
        assert screen.wake_delay == pytest.approx(
            SessionScreen.MAX_WAIT_S + SessionScreen.WAKE_MARGIN_S
        )
        await advance(pilot, r.clock, 0.25)
        assert countdown.text == "0:03"
        assert screen.wake_delay == pytest.approx(0.75 + SessionScreen.WAKE_MARGIN_S, abs=1e-4)
        await advance(pilot, r.clock, 0.75)
        assert countdown.text == "0:02"


async def test_each_tick_sets_one_wake_up_in_place_of_the_last_and_a_pause_sets_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    r = rig(tmp_path, start=short_routine(), settings=Settings(flash=False))
    async with r.app.run_test(size=SIZE) as pilot:
        screen = session_screen(r.app)
        assert screen.waker is not None
        set_timer = screen.set_timer
        wake_ups: list[Timer] = []
        stopped: list[Timer] = []

        def recorded(*args: Any, **kwargs: Any) -> Timer:
            timer = set_timer(*args, **kwargs)
            if kwargs.get("name") == "session-wake":
                wake_ups.append(timer)
                stop = timer.stop

                def recorded_stop() -> None:
                    stopped.append(timer)
                    stop()

                monkeypatch.setattr(timer, "stop", recorded_stop)
            return timer

        monkeypatch.setattr(screen, "set_timer", recorded)
        for _ in range(8):  # through the lead-in and into the first hold
            await advance(pilot, r.clock, 1)
            assert screen.waker is wake_ups[-1]
        assert len(wake_ups) >= 8  # at least one a tick
        assert stopped == wake_ups[:-1]  # each replaced the one before
        await pilot.press("space")
        assert screen.waker is None  # nothing changes while paused
        assert stopped == wake_ups


async def test_a_tick_within_a_step_redraws_the_time_but_not_the_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    r = rig(tmp_path, start=short_routine())
    async with r.app.run_test(size=SIZE) as pilot:
        screen = session_screen(r.app)
        await pilot.press("n")  # the first hold
        worded: list[int] = []
        real_stage_text = session_module.stage_text

        def counted(view: EngineView, *args: object) -> object:
            worded.append(view.index)
            return real_stage_text(view, *args)  # type: ignore[arg-type]

        monkeypatch.setattr(session_module, "stage_text", counted)
        await advance(pilot, r.clock, 2)
        assert screen.widgets.countdown.text == "0:04"
        assert worded == []
        await pilot.press("n")
        assert worded == [REST_1]


async def test_space_pauses_and_a_three_second_pause_moves_the_deadline_by_three(
    tmp_path: Path,
) -> None:
    r = rig(tmp_path, start=short_routine())
    async with r.app.run_test(size=SIZE) as pilot:
        screen = session_screen(r.app)
        await advance(pilot, r.clock, 3)  # the lead-in is over; the 6 s hold has begun
        assert screen.engine.index == BRIDGE_1
        await advance(pilot, r.clock, 1)
        before = screen.engine.view().remaining_s
        await pilot.press("space")
        assert screen.engine.view().state is EngineState.PAUSED
        assert "PAUSED" in shown(screen, "phase")
        assert screen.query_one("#stage").has_class("-paused")
        assert screen.wake_delay is None
        await advance(pilot, r.clock, 3)
        assert screen.engine.view().remaining_s == before
        await pilot.press("space")
        assert screen.engine.state is EngineState.RUNNING
        assert "WORK" in shown(screen, "phase")
        assert screen.engine.view().remaining_s == before
        # Without the pause the hold would have ended 3 s ago; it ends exactly 3 s later.
        await advance(pilot, r.clock, before - 0.5)
        assert screen.engine.index == BRIDGE_1
        await advance(pilot, r.clock, 0.5)
        assert screen.engine.index == REST_1
        assert screen.engine.records[BRIDGE_1].paused_s == 3


@pytest.mark.parametrize("key", ["n", "right"])
async def test_skip_keys_move_on_and_record_a_skip(tmp_path: Path, key: str) -> None:
    r = rig(tmp_path, start=short_routine())
    async with r.app.run_test(size=SIZE) as pilot:
        screen = session_screen(r.app)
        await pilot.press(key)
        assert screen.engine.index == BRIDGE_1
        assert screen.engine.records[-1].skipped
        assert "Glute bridge · set 1/2" in shown(screen, "step-label")


@pytest.mark.parametrize("key", ["p", "left"])
async def test_back_keys_return_to_the_previous_step(tmp_path: Path, key: str) -> None:
    r = rig(tmp_path, start=short_routine())
    async with r.app.run_test(size=SIZE) as pilot:
        screen = session_screen(r.app)
        await pilot.press("n", "n")
        assert screen.engine.index == REST_1
        await pilot.press(key)
        assert screen.engine.index == BRIDGE_1
        assert screen.query_one("#countdown", BigCountdown).text == "0:06"


async def test_plus_equals_and_minus_change_the_time_left_by_five_seconds(tmp_path: Path) -> None:
    r = rig(tmp_path, start=short_routine())
    async with r.app.run_test(size=SIZE) as pilot:
        screen = session_screen(r.app)
        countdown = screen.query_one("#countdown", BigCountdown)
        await pilot.press("n")
        assert countdown.text == "0:06"
        await pilot.press("+")
        assert countdown.text == "0:11"
        await pilot.press("=")
        assert countdown.text == "0:16"
        await pilot.press("-")
        assert countdown.text == "0:11"
        assert screen.engine.view().step_total_s == 11
        assert "Hold for 0:11" in shown(screen, "detail")


async def test_minus_never_takes_a_step_below_one_second(tmp_path: Path) -> None:
    r = rig(tmp_path, start=short_routine())
    async with r.app.run_test(size=SIZE) as pilot:
        screen = session_screen(r.app)
        await pilot.press("minus", "minus")
        assert screen.engine.index == LEAD_IN
        assert screen.query_one("#countdown", BigCountdown).text == "0:01"


async def test_a_rep_set_counts_up_and_enter_records_the_reps_typed(tmp_path: Path) -> None:
    r = rig(tmp_path, start=short_routine())
    async with r.app.run_test(size=SIZE) as pilot:
        screen = session_screen(r.app)
        await pilot.press(*["n"] * BIRD_DOG)
        assert screen.engine.index == BIRD_DOG
        assert shown(screen, "detail") == "Reps: _  (target 5)  · Enter when done"
        countdown = screen.query_one("#countdown", BigCountdown)
        assert countdown.text == "0:00"
        await advance(pilot, r.clock, 7.5)
        assert countdown.text == "0:07"
        # Time keys do nothing on a rep set.
        await pilot.press("+")
        assert countdown.text == "0:07"
        await pilot.press("1", "2")
        assert shown(screen, "detail").startswith("Reps: 12_  (target 5)")
        await pilot.press("enter")
        assert isinstance(r.app.screen, SummaryScreen)
        document = r.only_session()
        last = document["step"][-1]
        assert (last["kind"], last["reps"], last["ended_by"]) == ("reps", 12, "done")
        assert document["completed"] is True


async def test_backspace_clears_the_reps_typed(tmp_path: Path) -> None:
    r = rig(tmp_path, start=short_routine())
    async with r.app.run_test(size=SIZE) as pilot:
        screen = session_screen(r.app)
        await pilot.press(*["n"] * BIRD_DOG, "4", "backspace", "enter")
        assert screen.engine.records[-1].reps is None


async def test_q_then_yes_ends_early_and_keeps_the_session_as_incomplete(tmp_path: Path) -> None:
    r = rig(tmp_path, start=short_routine())
    async with r.app.run_test(size=SIZE) as pilot:
        await advance(pilot, r.clock, 5)
        await pilot.press("q")
        assert isinstance(r.app.screen, ConfirmationModal)
        await pilot.press("y")
        assert isinstance(r.app.screen, SummaryScreen)
        document = r.only_session()
        assert document["completed"] is False
        assert [step["ended_by"] for step in document["step"]] == ["time", "quit"]
        heading = r.app.screen.query_one("#summary-heading", Static)
        assert str(heading.content) == "Session ended early"


async def test_q_then_no_carries_on_where_it_was(tmp_path: Path) -> None:
    r = rig(tmp_path, start=short_routine())
    async with r.app.run_test(size=SIZE) as pilot:
        screen = session_screen(r.app)
        await advance(pilot, r.clock, 1)
        await pilot.press("q")
        # The session waits while the question is open.
        r.clock.t += 30
        await pilot.press("n")
        assert r.app.screen is screen
        assert screen.engine.state is EngineState.RUNNING
        assert screen.engine.index == LEAD_IN
        assert screen.engine.view().remaining_s == 2


async def test_q_before_starting_leaves_without_asking_or_saving(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=SIZE) as pilot:
        picker = r.app.screen
        await r.app.push_screen(waiting_session(r))
        await pilot.press("q")
        assert r.app.screen is picker
    assert r.session_files() == []


async def test_each_finished_step_is_saved_as_an_unfinished_session(tmp_path: Path) -> None:
    r = rig(tmp_path, start=short_routine())
    async with r.app.run_test(size=SIZE) as pilot:
        assert r.session_files() == []
        await advance(pilot, r.clock, 3)
        first = r.only_session()
        assert first["completed"] is False
        assert len(first["step"]) == 1
        await advance(pilot, r.clock, 6)
        assert len(r.only_session()["step"]) == 2


async def test_the_whole_routine_is_saved_completed_before_the_summary_asks_anything(
    tmp_path: Path,
) -> None:
    r = rig(tmp_path, start=short_routine())
    async with r.app.run_test(size=SIZE) as pilot:
        await advance(pilot, r.clock, 3 + 6 + 3 + 6 + 3 + 6 + 3 + 6 + 3, step=3)
        assert session_screen(r.app).engine.index == BIRD_DOG
        await advance(pilot, r.clock, 12)
        await pilot.press("enter")
        assert isinstance(r.app.screen, SummaryScreen)
        document = r.only_session()
        assert document["completed"] is True
        assert len(document["step"]) == BIRD_DOG + 1
        assert "rpe" not in document
        assert document["wall_s"] == 51


async def test_closing_the_app_mid_session_saves_it_as_incomplete(tmp_path: Path) -> None:
    r = rig(tmp_path, start=short_routine())
    async with r.app.run_test(size=SIZE) as pilot:
        await advance(pilot, r.clock, 4)
        r.app.exit()
        await pilot.pause()
    document = r.only_session()
    assert document["completed"] is False
    assert document["step"][-1]["ended_by"] == "quit"


async def test_a_failing_disk_is_reported_and_saving_is_retried_at_the_next_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "sessions"
    blocked.write_text("a file where the sessions folder should be", encoding="utf-8")
    r = rig(blocked, start=short_routine())
    titles: list[str] = []
    monkeypatch.setattr(r.app, "notify", lambda message, **kw: titles.append(kw.get("title", "")))
    async with r.app.run_test(size=SIZE) as pilot:
        screen = session_screen(r.app)
        await advance(pilot, r.clock, 3)
        assert screen.saving.save_error
        assert screen.saving.saved_to is None
        assert titles == ["Not saved"]
        assert screen.engine.index == BRIDGE_1
        blocked.unlink()
        await advance(pilot, r.clock, 6)
        assert screen.saving.save_error == ""
        assert screen.saving.saved_to is not None
        document = tomllib.loads(screen.saving.saved_to.read_text(encoding="utf-8"))
        assert len(document["step"]) == 2
        assert titles == ["Not saved", "Saved"]


async def test_the_bell_rings_at_each_step_change_and_at_three_two_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    r = rig(tmp_path, start=short_routine())
    rung_at: list[float] = []
    monkeypatch.setattr(r.app, "bell", lambda: rung_at.append(r.clock.t))
    async with r.app.run_test(size=SIZE) as pilot:
        start = r.clock.t
        await advance(pilot, r.clock, 3 + 6)
        since_start = [moment - start for moment in rung_at]
        # Lead-in starts (its 3 s is already "3"), 2, 1; the hold starts; 3, 2, 1; rest starts.
        assert since_start == [0, 1, 2, 3, 6, 7, 8, 9]


async def test_the_stage_flashes_with_every_bell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Long enough that a slow machine cannot end the flash before it is looked at.
    monkeypatch.setattr(SessionScreen, "FLASH_SECONDS", 60.0)
    r = rig(tmp_path, start=short_routine())
    async with r.app.run_test(size=SIZE) as pilot:
        screen = session_screen(r.app)
        stage = screen.query_one("#stage")
        # The session opened on its first step: that is change enough.
        assert not stage.has_class("-flash")
        await advance(pilot, r.clock, 1)
        assert stage.has_class("-flash")  # 2 s left in the lead-in
        screen.clear_flash()
        await advance(pilot, r.clock, 2)
        assert stage.has_class("-flash")  # the hold started
        screen.clear_flash()
        await advance(pilot, r.clock, 1)
        assert not stage.has_class("-flash")  # 5 s left: nothing to mark
        await advance(pilot, r.clock, 2)
        assert stage.has_class("-flash")  # 3 s left


async def test_work_rest_and_pause_differ_in_words_and_border(tmp_path: Path) -> None:
    r = rig(tmp_path, start=short_routine())
    async with r.app.run_test(size=SIZE) as pilot:
        screen = session_screen(r.app)
        stage = screen.query_one("#stage")
        await pilot.press("n")
        work = (shown(screen, "phase"), stage.styles.border_top[0])
        await pilot.press("n")
        rest = (shown(screen, "phase"), stage.styles.border_top[0])
        await pilot.press("space")
        paused = (shown(screen, "phase"), stage.styles.border_top[0])
        assert [word.strip() for word, _ in (work, rest, paused)] == ["WORK", "REST", "PAUSED"]
        assert len({border for _, border in (work, rest, paused)}) == 3


async def test_a_rest_shows_what_comes_next_and_its_cue(tmp_path: Path) -> None:
    r = rig(tmp_path, start=short_routine())
    async with r.app.run_test(size=SIZE) as pilot:
        screen = session_screen(r.app)
        await pilot.press("n", "n")
        assert screen.engine.index == REST_1
        assert "REST" in shown(screen, "phase")
        assert shown(screen, "step-label") == "Up next: Glute bridge · set 2/2"
        assert shown(screen, "detail") == "Hold for 0:06"
        assert shown(screen, "cue") == "Heels down, squeeze the glutes, ribs down."
        assert shown(screen, "next") == "Then: Rest · 0:03"


async def test_the_terminal_title_follows_the_session(tmp_path: Path) -> None:
    r = rig(tmp_path, start=short_routine())
    async with r.app.run_test(size=SIZE) as pilot:
        title = r.app.terminal_title
        assert title.current == "0:03 · Get ready · postchain"
        await advance(pilot, r.clock, 4)
        assert title.current == "0:05 · Glute bridge · set 1/2 · postchain"
        await pilot.press("space")
        assert title.current == "paused · 0:05 · Glute bridge · set 1/2 · postchain"
        await pilot.press("space", *["n"] * (BIRD_DOG - BRIDGE_1))
        assert title.current == "Bird dog · set 1/1 · postchain"
        await pilot.press("enter")
        assert title.current == "postchain"


async def test_resizing_mid_session_keeps_everything(tmp_path: Path) -> None:
    r = rig(tmp_path, start=short_routine())
    async with r.app.run_test(size=SIZE) as pilot:
        screen = session_screen(r.app)
        await pilot.press("n", "n", "n", "n", "n")
        assert screen.engine.index == PLANK_LEFT
        await advance(pilot, r.clock, 2)
        countdown = screen.query_one("#countdown", BigCountdown)
        big_scale = countdown.scale
        await pilot.resize_terminal(60, 20)
        assert screen.engine.index == PLANK_LEFT
        assert countdown.text == "0:04"
        assert 0 < countdown.scale < big_scale
        await pilot.resize_terminal(*SIZE)
        assert countdown.scale == big_scale
        assert shown(screen, "step-label") == "Side plank · set 1/1 · left"


async def test_at_sixty_by_twenty_the_big_countdown_fits_with_the_exercise_name(
    tmp_path: Path,
) -> None:
    r = rig(tmp_path, start=short_routine())
    async with r.app.run_test(size=(60, 20)) as pilot:
        screen = session_screen(r.app)
        await pilot.press("n", "n", "n")
        assert screen.engine.index == BRIDGE_2
        countdown = screen.query_one("#countdown", BigCountdown)
        label = screen.query_one("#step-label", Static)
        assert countdown.scale >= 2
        lines_needed = len(render_big(countdown.text, countdown.scale))
        assert countdown.content_region.height >= lines_needed
        assert label.region.height >= 1
        assert r.app.screen.region.contains_region(label.region)
        assert r.app.screen.region.contains_region(countdown.region)


def test_the_big_font_scales_to_the_space_it_is_given() -> None:
    assert pixel_width("0:27") == 5 + 1 + 2 + 1 + 5 + 1 + 5
    assert fitting_scale("0:27", 60, 7) == 2
    assert fitting_scale("0:27", 100, 30) == 5
    assert fitting_scale("0:27", 19, 30) == 0
    lines = render_big("1:00", 3)
    assert len(lines) == 11  # 7 pixel rows x 3, two per line, rounded up
    assert {len(line) for line in lines} == {pixel_width("1:00") * 3}
    assert render_big("1", 1) == [
        " ▄█  ",
        "  █  ",
        "  █  ",
        " ▀▀▀ ",
    ]


def test_gaps_talk_about_the_work_coming_next() -> None:
    plan = build_plan(short_routine())

    def at(index: int, state: EngineState = EngineState.RUNNING) -> EngineView:
        step = plan[index]
        return EngineView(
            state=state,
            index=index,
            step=step,
            next_step=plan[index + 1] if index + 1 < len(plan) else None,
            remaining_s=2.0,
            elapsed_s=1.0,
            step_total_s=float(step.seconds),
            session_remaining_s=30.0,
            session_total_s=49.0,
        )

    switch = stage_text(at(SWITCH), plan[SWITCH + 2])
    assert switch.label == "Up next: Side plank · set 1/1 · right"
    assert switch.detail == "Hold for 0:06"
    assert switch.cue == "Hips high, body in one straight line."
    assert switch.following == "Then: Rest · 0:03"
    before_reps = stage_text(at(BIRD_DOG - 1), None)
    assert before_reps.label == "Up next: Bird dog · set 1/1"
    assert before_reps.detail == "Target 5 reps."
    assert before_reps.following == "Last step"
    reps = stage_text(at(BIRD_DOG), None, entry="Reps: 8_  (target 5)")
    assert reps.detail == "Reps: 8_  (target 5)"
    paused = stage_text(at(LEAD_IN, EngineState.PAUSED), plan[LEAD_IN + 2])
    assert paused.detail == "Paused. Press Space to resume."
    assert paused.label == "Up next: Glute bridge · set 1/2"
