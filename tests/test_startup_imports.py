"""What the full-screen app does before its first frame: only what that frame needs.

What is loaded is checked in a fresh interpreter, as in ``test_core_isolation``: the modules
only later screens, other commands and the training log need must not be. The first screen's
style sheet is read with the app's, and the garbage collector, held off while the app starts,
is back on once the first frame is out.
"""

from __future__ import annotations

import gc
import inspect
from pathlib import Path

import pytest

from postchain_tui.app import PostchainApp
from postchain_tui.screens.history import HistoryScreen
from postchain_tui.screens.picker import PickerScreen
from postchain_tui.screens.session import SessionScreen
from tests.progress_support import bridges
from tests.test_core_isolation import run_fresh
from tests.ui_support import rig

IMPORT_THE_APP = r"""
import json, sys
import postchain_tui.cli
postchain_tui.cli.build_parser()
import postchain_tui.app
print(json.dumps(sorted(sys.modules)))
"""

LOADED_LATER = (
    "postchain_tui.core.export",  # postchain export
    "postchain_tui.core.routine_writer",  # postchain new, the editor
    "postchain_tui.screens.picker",  # opened by the app when it runs, and not by `start`
    "postchain_tui.screens.session",  # a session's first frame, not the picker's
    "postchain_tui.screens.resume",  # only after a crash
    "postchain_tui.screens.history",
    "postchain_tui.screens.summary",
    "postchain_tui.screens.editor",
    "postchain_tui.screens.settings",
    "postchain_tui.widgets.countdown",
    "csv",
)


def test_the_app_and_the_parser_leave_later_screens_and_commands_unloaded(
    tmp_path: Path,
) -> None:
    loaded, _ = run_fresh(IMPORT_THE_APP, tmp_path)
    assert "postchain_tui.app" in loaded
    assert [module for module in LOADED_LATER if module in loaded] == []


SHOW_THE_PICKER = r"""
import asyncio, json, sys
from postchain_tui import cli
from postchain_tui.screens.picker import PickerScreen

PickerScreen.COACH_DELAY_S = 3600  # the log is read after the first frame, never before


async def main():
    app = cli.build_app(cli.current_catalog(), None, open_history=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen), app.screen
        print(json.dumps(sorted(sys.modules)))


asyncio.run(main())
"""

LOADED_AFTER_THE_PICKERS_FIRST_FRAME = (
    "postchain_tui.core.training",  # the coach reads the log once the list is on screen
    "postchain_tui.core.plan_weeks",
    "postchain_tui.core.history",
    "postchain_tui.core.index_schema",
    "postchain_tui.core.index_refresh",
    "postchain_tui.core.index_reading",
    "postchain_tui.core.index_background",
    "postchain_tui.core.session_json",
    "postchain_tui.core.session_reader",
    "postchain_tui.core.progression",
    "postchain_tui.core.record",
    "postchain_tui.core.engine",
    "postchain_tui.core.comparison",
    "sqlite3",
    "secrets",
    "tomli_w",  # writing only
    "shlex",  # only with a cue command set
)


def test_the_pickers_first_frame_loads_no_training_log(tmp_path: Path) -> None:
    loaded, _ = run_fresh(SHOW_THE_PICKER, tmp_path)
    assert "postchain_tui.widgets.plan_preview" in loaded
    later = [*LOADED_LATER, *LOADED_AFTER_THE_PICKERS_FIRST_FRAME]
    later.remove("postchain_tui.screens.picker")
    assert [module for module in later if module in loaded] == []


def test_with_the_routines_kept_from_the_last_start_no_toml_is_read(tmp_path: Path) -> None:
    first, _ = run_fresh(SHOW_THE_PICKER, tmp_path)
    assert "tomllib" in first, "the first start parses every routine file"
    again, _ = run_fresh(SHOW_THE_PICKER, tmp_path)  # the same folders, the cache written
    assert "tomllib" not in again


START_A_SESSION = r"""
import asyncio, json, sys
from postchain_tui import cli
from postchain_tui.core.catalog import resolve_routine
from postchain_tui.screens.session import SessionScreen

SessionScreen.HOLDS_DELAY_S = 0.01

mount = SessionScreen.on_mount


def on_mount(screen):
    print(json.dumps(sorted(sys.modules)))  # as the screen is mounted, before its first frame
    mount(screen)


SessionScreen.on_mount = on_mount


async def main():
    catalog = cli.current_catalog()
    app = cli.build_app(catalog, resolve_routine("pre-run-activation", catalog), open_history=False)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(500):  # until the screen's timer has asked for today's holds
            if "postchain_tui.core.training" in sys.modules:
                break
            await pilot.pause(0.01)
        assert "postchain_tui.core.training" in sys.modules, "today's holds were asked for"


asyncio.run(main())
"""

LOADED_AFTER_A_SESSIONS_FIRST_FRAME = (
    "postchain_tui.core.training",  # today's holds are asked for during the lead-in
    "postchain_tui.core.history",
    "postchain_tui.core.index_schema",
    "postchain_tui.core.index_refresh",
    "postchain_tui.core.index_reading",
    "postchain_tui.core.index_background",
    "postchain_tui.core.session_json",
    "postchain_tui.core.session_reader",
    "postchain_tui.core.progression",
    "postchain_tui.core.record",  # the session is first saved when a step ends
    "sqlite3",
)


def test_a_sessions_first_frame_loads_no_training_log(tmp_path: Path) -> None:
    loaded, _ = run_fresh(START_A_SESSION, tmp_path)
    assert "postchain_tui.core.engine" in loaded
    later = [*LOADED_LATER, *LOADED_AFTER_A_SESSIONS_FIRST_FRAME]
    later.remove("postchain_tui.screens.session")
    later.remove("postchain_tui.widgets.countdown")
    assert [module for module in later if module in loaded] == []


@pytest.mark.parametrize(
    ("start", "open_history", "screen_module"),
    [
        (False, False, "picker"),
        (True, False, "session"),
        (False, True, "history"),
    ],
)
def test_the_first_screens_style_sheet_is_read_with_the_apps(
    tmp_path: Path, start: bool, open_history: bool, screen_module: str
) -> None:
    # Read later, it would have Textual parse every style sheet again before the first frame.
    screen_class = {
        "picker": PickerScreen,
        "session": SessionScreen,
        "history": HistoryScreen,
    }[screen_module]
    r = rig(tmp_path / "sessions", start=bridges() if start else None, open_history=open_history)
    screen_file = Path(inspect.getfile(screen_class)).parent / str(screen_class.CSS_PATH)
    assert screen_file.is_file()
    assert [Path(path) for path in r.app.css_path] == [
        Path(inspect.getfile(PostchainApp)).parent / "app.tcss",
        screen_file.resolve(),
    ]


async def test_the_garbage_collector_is_back_on_once_the_first_frame_is_out(
    tmp_path: Path,
) -> None:
    # The command line turns it off while the app starts; the app turns it back on.
    r = rig(tmp_path / "sessions")
    gc.disable()
    try:
        async with r.app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert isinstance(r.app.screen, PickerScreen)
            assert gc.isenabled()
    finally:
        gc.enable()
