"""Quitting loses nothing: ctrl+q and the palette's Quit ask where a key of the screen would."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from postchain_tui.core.engine_types import EngineState
from postchain_tui.screens.confirm import ConfirmationModal
from postchain_tui.screens.editor import EditorScreen
from postchain_tui.screens.help import HelpScreen
from postchain_tui.screens.picker import PickerScreen
from postchain_tui.screens.summary import SummaryScreen
from postchain_tui.widgets import KeyBar
from tests.ui_support import BRIDGE_1, advance, rig, session_screen, short_routine
from tests.waiting import pause_until

SIZE = (100, 30)


def question(app: object) -> str:
    """The question on screen; empty when none is asked."""
    screen = getattr(app, "screen", None)
    return screen.question if isinstance(screen, ConfirmationModal) else ""


async def test_ctrl_q_in_a_session_asks_and_ends_it_as_q_does(tmp_path: Path) -> None:
    r = rig(tmp_path, start=short_routine())
    async with r.app.run_test(size=SIZE) as pilot:
        screen = session_screen(r.app)
        await advance(pilot, r.clock, 4)
        assert screen.engine.index == BRIDGE_1
        await pilot.press("ctrl+q")
        assert question(r.app) == "End this session now?"
        assert r.app.is_running
        await pilot.press("n")
        assert screen.engine.state is EngineState.RUNNING
        await pilot.press("ctrl+q", "y")
        await pause_until(pilot, lambda: isinstance(r.app.screen, SummaryScreen), "the summary")
        await pilot.press("escape")
        await pause_until(pilot, lambda: not r.app.is_running, "the app to exit")
    assert r.app.ended_session is not None and r.app.ended_session.log is not None
    assert r.only_session()["completed"] is False


async def test_ctrl_q_from_the_key_list_over_a_session_asks_too(tmp_path: Path) -> None:
    r = rig(tmp_path, start=short_routine())
    async with r.app.run_test(size=SIZE) as pilot:
        await advance(pilot, r.clock, 4)
        await pilot.press("question_mark")
        assert isinstance(r.app.screen, HelpScreen)
        await pilot.press("ctrl+q")
        await pause_until(pilot, lambda: question(r.app), "a question")
        assert question(r.app) == "End this session now?"
        assert r.app.is_running


async def test_the_palettes_quit_in_a_session_asks_first(tmp_path: Path) -> None:
    r = rig(tmp_path, start=short_routine())
    async with r.app.run_test(size=SIZE) as pilot:
        await advance(pilot, r.clock, 4)
        (quit_command,) = [
            command
            for command in r.app.get_system_commands(r.app.screen)
            if command.title == "Quit"
        ]
        r.app.call_next(quit_command.callback)  # as the palette runs a command
        await pause_until(pilot, lambda: question(r.app), "a question")
        assert question(r.app) == "End this session now?"


async def test_ctrl_q_on_the_picker_quits_at_once(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
        await pause_until(pilot, lambda: not r.app.is_running, "the app to exit")


async def test_ctrl_q_in_the_editor_asks_before_losing_edits(tmp_path: Path) -> None:
    r = rig(tmp_path / "sessions")
    async with r.app.run_test(size=(110, 34)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+e")
        await pause_until(pilot, lambda: isinstance(r.app.screen, EditorScreen), "the editor")
        r.app.screen.query_one("#title", Input).value = "Changed"
        await pilot.press("ctrl+q")
        assert question(r.app) == "Quit without saving?"
        await pilot.press("n")
        assert isinstance(r.app.screen, EditorScreen)
        await pilot.press("ctrl+q", "y")
        await pause_until(pilot, lambda: not r.app.is_running, "the app to exit")


async def test_ctrl_q_in_an_unchanged_editor_quits_at_once(tmp_path: Path) -> None:
    r = rig(tmp_path / "sessions")
    async with r.app.run_test(size=(110, 34)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+e")
        await pause_until(pilot, lambda: isinstance(r.app.screen, EditorScreen), "the editor")
        await pilot.press("ctrl+q")
        await pause_until(pilot, lambda: not r.app.is_running, "the app to exit")


async def test_escape_on_the_picker_never_quits_and_the_bar_names_ctrl_q(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert r.app.is_running
        assert isinstance(r.app.screen, PickerScreen)
        assert "^q Quit" in str(r.app.screen.query_one(KeyBar).render())
