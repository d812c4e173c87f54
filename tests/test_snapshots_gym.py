"""Screenshots for the gym: a big terminal, the high-contrast themes, waiting after a rest, and
the settings and key-list screens. Regenerate with ``--snapshot-update`` after a change meant to
alter the look, and look at the new pictures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from postchain_tui.core.settings import Settings
from tests.test_snapshots import SnapCompare, in_session
from tests.ui_support import REST_1, advance, rig, session_screen, short_routine

SIZE = (100, 30)
HOLD_RUNNING = 3 + 2.5  # the lead-in, then half of the first hold


def test_session_hold_big_terminal(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """The hold at 160 x 50: the digits scaled up to fill the frame."""
    r = rig(tmp_path, start=short_routine())
    run_before = in_session(r, seconds=HOLD_RUNNING)
    assert snap_compare(r.app, terminal_size=(160, 50), run_before=run_before)


@pytest.mark.parametrize("size", [(100, 30), (60, 20)], ids=["100x30", "60x20"])
@pytest.mark.parametrize("theme", ["postchain-high-contrast", "postchain-high-contrast-light"])
def test_session_hold_high_contrast(
    snap_compare: SnapCompare, tmp_path: Path, theme: str, size: tuple[int, int]
) -> None:
    """The hold in the high-contrast themes: black or white, yellow and all bold."""
    r = rig(tmp_path, start=short_routine(), settings=Settings(theme=theme))
    assert snap_compare(r.app, terminal_size=size, run_before=in_session(r, seconds=HOLD_RUNNING))


def test_session_rest_high_contrast(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """The rest in the high-contrast theme: dashed frame, REST in words as well as colour."""
    r = rig(tmp_path, start=short_routine(), settings=Settings(theme="postchain-high-contrast"))
    keys = ["n"] * REST_1
    assert snap_compare(r.app, terminal_size=SIZE, run_before=in_session(r, *keys, seconds=1))


def test_session_waiting_after_a_rest(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """A set waiting after its rest: paused, and Enter to start it."""
    r = rig(tmp_path, start=short_routine(), settings=Settings(auto_start_after_rest=False))

    async def rest_ran_out(pilot: Pilot[Any]) -> None:
        await pilot.pause()  # the app opens its first screen just after it is mounted
        await advance(pilot, r.clock, 3 + 6 + 3)
        session_screen(r.app).clear_flash()
        await pilot.pause()

    assert snap_compare(r.app, terminal_size=SIZE, run_before=rest_ran_out)


async def open_settings(pilot: Pilot[Any]) -> None:
    """Open the settings from the picker, with the text cursors still."""
    await pilot.press("ctrl+s")
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


def test_settings(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """Every setting on one form, with the lead-in, cue command and waiting after a rest set."""
    settings = Settings(lead_in=10, cue_command='espeak-ng "{text}"', auto_start_after_rest=False)
    r = rig(tmp_path, settings=settings, settings_path=tmp_path / "settings.toml")
    assert snap_compare(r.app, terminal_size=SIZE, run_before=open_settings)


def test_settings_narrow(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """The settings at 60 x 20: one column, the notes wrapped, Save, Cancel and ? kept."""
    r = rig(tmp_path, settings_path=tmp_path / "settings.toml")
    assert snap_compare(r.app, terminal_size=(60, 20), run_before=open_settings)


def test_key_list(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """Every key of every screen, the picker's first, over the picker: ``? f1`` and ``^q`` under
    Everywhere, the picker's own keys with ``^q`` Quit and Escape only clearing the filter."""
    r = rig(tmp_path)

    async def press_f1(pilot: Pilot[Any]) -> None:
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(r.app, terminal_size=SIZE, run_before=press_f1)
