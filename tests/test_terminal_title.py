"""The terminal title: what it says at each moment, and what is written to the terminal."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.driver import Driver
from textual.widgets import Label

from postchain_tui.core.engine_types import EngineState, EngineView
from postchain_tui.core.plan import PlannedStep, build_plan
from postchain_tui.terminal_title import (
    MAX_TITLE_LENGTH,
    POP_TITLE,
    PUSH_TITLE,
    TerminalTitle,
    clean_title,
    session_title,
    set_title_sequence,
    write_through_driver,
)
from tests.ui_support import BIRD_DOG, BRIDGE_2, LEAD_IN, PLANK_LEFT, REST_1, SWITCH, short_routine

PLAN = build_plan(short_routine())


def view(
    step: PlannedStep | None,
    remaining_s: float = 0.0,
    state: EngineState = EngineState.RUNNING,
) -> EngineView:
    return EngineView(
        state=state,
        index=0,
        step=step,
        next_step=None,
        remaining_s=remaining_s,
        elapsed_s=4.2,
        step_total_s=float(step.seconds) if step is not None else 0.0,
        session_remaining_s=40.0,
        session_total_s=49.0,
    )


def test_a_timed_step_starts_with_the_time_left_rounded_up() -> None:
    assert session_title(view(PLAN[BRIDGE_2], 4.2)) == "0:05 · Glute bridge · set 2/2 · postchain"
    assert session_title(view(PLAN[BRIDGE_2], 5.0)) == "0:05 · Glute bridge · set 2/2 · postchain"


def test_per_side_steps_name_the_side() -> None:
    assert session_title(view(PLAN[PLANK_LEFT], 27)) == (
        "0:27 · Side plank · set 1/1 · left · postchain"
    )


def test_gaps_are_named_by_what_they_are() -> None:
    assert session_title(view(PLAN[REST_1], 2.5)) == "0:03 · Rest · postchain"
    assert session_title(view(PLAN[SWITCH], 1)) == "0:01 · Switch sides · postchain"
    assert session_title(view(PLAN[LEAD_IN], 3)) == "0:03 · Get ready · postchain"


def test_a_rep_set_starts_with_its_name() -> None:
    assert session_title(view(PLAN[BIRD_DOG])) == "Bird dog · set 1/1 · postchain"


def test_paused_comes_first() -> None:
    paused = EngineState.PAUSED
    assert session_title(view(PLAN[BRIDGE_2], 27, paused)) == (
        "paused · 0:27 · Glute bridge · set 2/2 · postchain"
    )
    assert session_title(view(PLAN[BIRD_DOG], state=paused)) == (
        "paused · Bird dog · set 1/1 · postchain"
    )


def test_before_the_start_and_after_the_end_it_is_the_app_name() -> None:
    assert session_title(view(None, state=EngineState.READY)) == "postchain"
    assert session_title(view(None, state=EngineState.FINISHED)) == "postchain"
    assert session_title(view(None), app_name="other") == "other"


def test_control_characters_never_reach_the_terminal() -> None:
    assert clean_title("Glute\x1b]2;evil\x07 bridge\n\tnow\x9b") == "Glute ]2;evil bridge now"
    assert len(clean_title("x" * 1000)) == MAX_TITLE_LENGTH
    assert set_title_sequence("Rest\x07") == "\x1b]2;Rest\x07"


def test_the_writer_saves_sets_only_changes_and_restores() -> None:
    written: list[str] = []
    title = TerminalTitle(written.append)
    title.save()
    title.save()
    title.set("0:03 · Get ready · postchain")
    title.set("0:03 · Get ready · postchain")
    title.set("0:02 · Get ready\n · postchain")
    title.restore()
    title.restore()
    assert written == [
        PUSH_TITLE,
        "\x1b]2;0:03 · Get ready · postchain\x07",
        "\x1b]2;0:02 · Get ready · postchain\x07",
        "\x1b]2;postchain\x07",
        POP_TITLE,
    ]
    assert PUSH_TITLE == "\x1b[22;2t"
    assert POP_TITLE == "\x1b[23;2t"


class TitledApp(App[None]):
    """Nothing but a label: the driver it runs on is what is tested."""

    def compose(self) -> ComposeResult:
        yield Label("postchain")


async def test_textual_still_lets_a_title_be_written_through_the_driver(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The one private Textual name postchain uses: fails loudly if a release drops it."""
    app = TitledApp()
    async with app.run_test():
        driver = app._driver
        assert isinstance(driver, Driver), "App._driver is no longer the app's driver"
        written: list[str] = []
        monkeypatch.setattr(driver, "write", written.append)
        write_through_driver(app, "\x1b]2;headless\x07")
        assert written == []  # a headless app has no terminal to title
        monkeypatch.setattr(type(app), "is_headless", property(lambda _app: False))
        write_through_driver(app, "\x1b]2;postchain\x07")
        assert written == ["\x1b]2;postchain\x07"]
