"""A laptop put to sleep mid-session: on wake-up the timer shows the truth of the wall clock.

The session clock (``core.clock``) keeps counting while the machine is suspended, so after
waking it has jumped by the time spent asleep. Here a fake clock jumps instead;
the session screen must end every step whose deadline passed, each at its own deadline, and
show where the session is now.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from postchain_tui.core.engine_types import EngineState
from postchain_tui.core.loader import load_routine
from postchain_tui.screens.session import SessionScreen
from postchain_tui.widgets import BigCountdown
from tests.ui_support import (
    BIRD_DOG,
    REST_1,
    REST_3,
    advance,
    rig,
    session_screen,
    short_routine,
)

SIZE = (100, 30)
ASLEEP_S = 10 * 60
# The long-rest routine's plan: get ready, a wall sit, the rest, the second wall sit.
LONG_REST_INDEX, SECOND_SIT_INDEX = 2, 3

LONG_REST = """\
title = "Long rest"
id = "long-rest"

[defaults]
lead_in = 5
rest = "10m"

[[exercise]]
name = "Wall sit"
hold = 30
sets = 2
"""


def countdown(screen: SessionScreen) -> str:
    return screen.query_one("#countdown", BigCountdown).text


async def test_a_rest_that_ran_out_while_asleep_is_over_on_wake_up(tmp_path: Path) -> None:
    r = rig(tmp_path, start=short_routine())
    async with r.app.run_test(size=SIZE) as pilot:
        screen = session_screen(r.app)
        await advance(pilot, r.clock, 3 + 6 + 1)  # one second into the first rest
        assert screen.engine.index == REST_1
        r.clock.t += ASLEEP_S  # the laptop sleeps for ten minutes
        screen.refresh_from_engine()  # the screen's timer fires on wake-up
        await pilot.pause()
        # Every timed step whose time passed is over; the rep set waits for its reps.
        assert screen.engine.index == BIRD_DOG
        assert screen.engine.state is EngineState.RUNNING
        records = screen.engine.records
        assert [record.index for record in records] == list(range(BIRD_DOG))
        assert all(record.ended_by == "time" for record in records)
        # Each ended at its own deadline, not at the moment of waking.
        assert [record.active_s for record in records[REST_1:]] == [
            step.seconds for step in screen.engine.steps[REST_1:BIRD_DOG]
        ]
        for earlier, later in itertools.pairwise(records):
            assert later.started_at == earlier.ended_at
        # The rep set has been counting since the last rest ended.
        last_deadline = records[REST_3].ended_at
        assert screen.engine.view().elapsed_s == pytest.approx(r.clock.t - last_deadline)
        saved = r.only_session()
        assert len(saved["step"]) == BIRD_DOG
        assert saved["completed"] is False


async def test_a_long_rest_shows_what_is_left_of_it_by_the_wall_clock(tmp_path: Path) -> None:
    path = tmp_path / "long-rest.toml"
    path.write_text(LONG_REST, encoding="utf-8")
    r = rig(tmp_path / "sessions", start=load_routine(path))
    async with r.app.run_test(size=SIZE) as pilot:
        screen = session_screen(r.app)
        await advance(pilot, r.clock, 5 + 30 + 2)  # two seconds into the 10-minute rest
        assert countdown(screen) == "9:58"
        r.clock.t += 6 * 60
        screen.refresh_from_engine()
        await pilot.pause()
        assert screen.engine.index == LONG_REST_INDEX  # still resting
        assert countdown(screen) == "3:58"
        assert screen.terminal_title is not None
        assert screen.terminal_title.current is not None
        assert screen.terminal_title.current.startswith("3:58 · Rest")
        await advance(pilot, r.clock, 238)
        assert screen.engine.index == SECOND_SIT_INDEX  # the rest is over
        assert screen.engine.records[-1].active_s == 10 * 60


async def test_the_screen_never_sleeps_longer_than_a_second(tmp_path: Path) -> None:
    """The event loop's timers run on a clock that stops during suspend; the screen wakes at
    least once a second, so after waking it is never more than a second out of date."""
    r = rig(tmp_path, start=short_routine())
    async with r.app.run_test(size=SIZE) as pilot:
        screen = session_screen(r.app)
        longest = SessionScreen.MAX_WAIT_S + SessionScreen.WAKE_MARGIN_S
        for _ in range(8):  # through the lead-in and into the first hold
            assert screen.wake_delay is not None
            assert 0 < screen.wake_delay <= longest
            await advance(pilot, r.clock, 0.75)
        await advance(pilot, r.clock, 3 + 6 + 3 + 6 + 3 + 6 + 3 + 6 + 3 - 6, step=3)
        assert screen.engine.index == BIRD_DOG
        # A rep set counts up: the screen still wakes for every whole second.
        assert screen.wake_delay is not None
        assert 0 < screen.wake_delay <= longest
