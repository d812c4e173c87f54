"""Shared pieces for the interface tests: a fake clock, the test routines and app builders."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from postchain_tui.app import AppOptions, PostchainApp, make_app
from postchain_tui.core.catalog import Catalog, load_catalog
from postchain_tui.core.engine_types import EngineState
from postchain_tui.core.loader import load_routine
from postchain_tui.core.routine import Routine, RoutineError
from postchain_tui.core.settings import Settings
from postchain_tui.core.store import SessionStore
from postchain_tui.screens.session import SessionScreen
from tests.fakes import FakeClock, fixed_wall

UI_ROUTINES = Path(__file__).parent / "data" / "routines" / "ui"

# The short routine's plan, by index: what the tests step through.
LEAD_IN, BRIDGE_1, REST_1, BRIDGE_2, REST_2, PLANK_LEFT, SWITCH, PLANK_RIGHT, REST_3, BIRD_DOG = (
    range(10)
)


SAVE_TIMEOUT_S = 10.0
"""How long a test waits at most for a save in the writer's thread (a stuck one fails it)."""


def short_routine() -> Routine:
    """Holds of 6 s, rests of 3 s, a per-side hold and a rep set (the last step)."""
    return load_routine(UI_ROUTINES / "ui-short.toml")


def ui_catalog() -> Catalog:
    """The test routines, as the picker would list them."""
    return load_catalog(UI_ROUTINES, None)


@dataclass
class Rig:
    """An app with its fake clock and session store."""

    app: PostchainApp
    clock: FakeClock
    store: SessionStore

    def session_files(self) -> list[Path]:
        """Every session file written so far."""
        return self.store.session_files()

    def only_session(self) -> dict[str, Any]:
        """The one session file's contents, parsed."""
        files = self.session_files()
        assert len(files) == 1, files
        return tomllib.loads(files[0].read_text(encoding="utf-8"))


def rig(
    sessions: Path,
    *,
    start: Routine | None = None,
    catalog: Catalog | None = None,
    settings: Settings | None = None,
    settings_path: Path | None = None,
    settings_problems: Sequence[RoutineError] = (),
    running_dir: Path | None = None,
    open_history: bool = False,
    routines_dir: Path | None = None,
) -> Rig:
    """Build an app on a fake clock that saves into ``sessions``.

    ``running_dir`` turns on the running markers and the offer to resume; ``open_history``
    opens the training log instead of the picker; edited routines are saved in
    ``routines_dir``, by default ``my-routines`` beside ``sessions``.
    """
    # Away from zero, so nothing passes by accident for a clock that starts there.
    clock = FakeClock(1000.0)
    store = SessionStore(sessions)
    options = AppOptions(
        catalog=catalog if catalog is not None else ui_catalog(),
        store=store,
        start=start,
        clock=clock,
        wall=fixed_wall(),
        settings=settings if settings is not None else Settings(),
        settings_path=settings_path,
        settings_problems=tuple(settings_problems),
        running_dir=running_dir,
        open_history=open_history,
        routines_dir=routines_dir if routines_dir is not None else sessions.parent / "my-routines",
    )
    app = make_app(options)
    return Rig(app, clock, store)


def session_screen(app: PostchainApp) -> SessionScreen:
    """The session screen, wherever it is on the stack."""
    for screen in app.screen_stack:
        if isinstance(screen, SessionScreen):
            return screen
    raise AssertionError(f"no session screen in {app.screen_stack}")


async def advance(pilot: Pilot[None], clock: FakeClock, seconds: float, step: float = 1.0) -> None:
    """Move the fake clock on in steps, letting the session screen catch up after each one.

    The screen acts synchronously, so the app is given time to settle only once, at the end.
    """
    app = pilot.app
    assert isinstance(app, PostchainApp)
    screen = session_screen(app)
    remaining = seconds
    while remaining > 1e-9 and screen.engine.state is not EngineState.FINISHED:
        moved = min(step, remaining)
        clock.t += moved
        remaining -= moved
        screen.refresh_from_engine()
        # One save at a time, as a real second lets the disk keep up.
        screen.saving.writer.wait(SAVE_TIMEOUT_S)
    await pilot.pause()


async def saves_settled(pilot: Pilot[None]) -> None:
    """Let the session's saves reach the disk and the screen hear of them."""
    app = pilot.app
    assert isinstance(app, PostchainApp)
    for screen in app.screen_stack:
        if isinstance(screen, SessionScreen):
            screen.saving.writer.wait(SAVE_TIMEOUT_S)
    await pilot.pause()
