"""Keys remapped in the settings: the session answers to them and the key bar shows them."""

from __future__ import annotations

from pathlib import Path

from postchain_tui.core.engine_types import EndReason, EngineState
from postchain_tui.core.settings import Settings
from postchain_tui.widgets import KeyBar
from tests.ui_support import BIRD_DOG, BRIDGE_1, LEAD_IN, REST_3, rig, session_screen, short_routine

PEDAL = Settings(
    flash=False,
    keymap=(
        ("session.done", "enter,pagedown"),
        ("session.skip", "n,right,pagedown"),
        ("session.back", "p,left,pageup"),
    ),
)
"""The README's page-turner pedal: Page Down is done or next, Page Up is back."""


def bar(app: object) -> str:
    screen = session_screen(app)  # type: ignore[arg-type]
    return str(screen.query_one(KeyBar).render())


async def test_a_remapped_key_skips_and_the_old_one_no_longer_does(tmp_path: Path) -> None:
    settings = Settings(keymap=(("session.skip", "pagedown"),))
    r = rig(tmp_path, start=short_routine(), settings=settings)
    async with r.app.run_test(size=(100, 30)) as pilot:
        screen = session_screen(r.app)
        assert screen.engine.index == LEAD_IN
        await pilot.press("n")
        assert screen.engine.index == LEAD_IN
        await pilot.press("pagedown")
        assert screen.engine.index == BRIDGE_1
        assert "pgdn Skip" in bar(r.app)
        assert "n/→" not in bar(r.app)


async def test_the_pedal_skips_a_timed_step_ends_a_rep_set_and_goes_back(tmp_path: Path) -> None:
    r = rig(tmp_path, start=short_routine(), settings=PEDAL)
    async with r.app.run_test(size=(100, 30)) as pilot:
        screen = session_screen(r.app)
        for _ in range(REST_3 + 1):
            await pilot.press("pagedown")
        assert screen.engine.index == BIRD_DOG  # each timed step skipped
        await pilot.press("pageup")
        assert screen.engine.index == REST_3
        await pilot.press("pagedown", "pagedown")  # the rest again, then the rep set
        assert screen.engine.state is EngineState.FINISHED
        assert screen.engine.records[-1].ended_by is EndReason.DONE


async def test_the_help_key_stays_on_a_narrow_session_screen(tmp_path: Path) -> None:
    r = rig(tmp_path, start=short_routine())
    async with r.app.run_test(size=(60, 24)) as pilot:
        await pilot.pause()
        shown = bar(r.app)
        assert "? Keys" in shown
        assert "Quit" not in shown  # left out for it
