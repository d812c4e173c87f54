"""Screenshots of each screen, compared with the accepted ones in ``__snapshots__``.

Every app runs on a fake clock and a fixed wall clock, so the pictures never depend on when
the tests run. After a change that is meant to alter the look, regenerate them with
``pytest tests/test_snapshots.py --snapshot-update`` and look at the new pictures.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from postchain_tui.screens.session import SessionScreen
from tests.ui_support import BIRD_DOG, Rig, advance, rig, session_screen, short_routine

SIZE = (100, 30)
SnapCompare = Callable[..., bool]


def in_session(r: Rig, *keys: str, seconds: float = 0.0) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Press ``keys``, let ``seconds`` pass, and end the flash that marks a change."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()  # the app opens its first screen just after it is mounted
        await pilot.press(*keys)
        if seconds:
            await advance(pilot, r.clock, seconds)
        if isinstance(pilot.app.screen, SessionScreen):
            session_screen(r.app).clear_flash()
        await pilot.pause()

    return run_before


def test_picker(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """The routines listed, the first highlighted and previewed step by step, its keys below
    (ctrl+q to quit: Escape never quits)."""
    assert snap_compare(rig(tmp_path).app, terminal_size=SIZE)


def test_session_lead_in(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """GET READY counting down the lead-in, with the first hold named as up next."""
    r = rig(tmp_path, start=short_routine())
    assert snap_compare(r.app, terminal_size=SIZE, run_before=in_session(r))


def test_session_hold(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """WORK in a heavy green frame, the big countdown at 0:04, both meters part full."""
    r = rig(tmp_path, start=short_routine())
    assert snap_compare(r.app, terminal_size=SIZE, run_before=in_session(r, seconds=3 + 2.5))


def test_session_hold_small_terminal(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """The hold at 60 x 20: the countdown still big, the keys cut but ``? Keys`` kept."""
    r = rig(tmp_path, start=short_routine())
    assert snap_compare(r.app, terminal_size=(60, 20), run_before=in_session(r, seconds=3 + 2.5))


def test_session_rest(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """REST in a dashed frame, about the set coming next, its cue to read."""
    r = rig(tmp_path, start=short_routine())
    assert snap_compare(r.app, terminal_size=SIZE, run_before=in_session(r, "n", "n", seconds=1))


def test_session_rep_set(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """A rep set counting up, with the 12 reps typed so far shown under the target."""
    r = rig(tmp_path, start=short_routine())
    keys = ["n"] * BIRD_DOG + ["1", "2"]
    assert snap_compare(r.app, terminal_size=SIZE, run_before=in_session(r, *keys, seconds=14))


def test_session_paused(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """PAUSED in a double frame, the countdown dimmed where it stopped, Space to resume."""
    r = rig(tmp_path, start=short_routine())

    async def paused_a_while(pilot: Pilot[Any]) -> None:
        await pilot.press("n", "n", "n")
        await advance(pilot, r.clock, 2)
        await pilot.press("space")
        r.clock.t += 20
        session_screen(r.app).refresh_from_engine()
        session_screen(r.app).clear_flash()
        await pilot.pause()

    assert snap_compare(r.app, terminal_size=SIZE, run_before=paused_a_while)


def test_summary(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """The summary: planned against done per exercise (the rep set ended at 9), effort 8 typed."""
    r = rig(tmp_path, start=short_routine())

    async def finish(pilot: Pilot[Any]) -> None:
        await pilot.press("n")
        await advance(pilot, r.clock, 3 + 6 + 3 + 6 + 3 + 6 + 3 + 6 + 3 - 3, step=3)
        await advance(pilot, r.clock, 12, step=12)
        await pilot.press("9", "enter")
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await pilot.press("8")
        await pilot.pause()

    assert snap_compare(r.app, terminal_size=SIZE, run_before=finish)
