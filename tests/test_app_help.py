"""The key list (``?``, F1) and the command palette (ctrl+p)."""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen
from textual.widgets import Input

from postchain_tui.core.engine_types import EngineState
from postchain_tui.palette import PostchainCommands, palette_commands
from postchain_tui.screens.confirm import ConfirmationModal
from postchain_tui.screens.help import HelpScreen, key_rows, key_sections, section_title
from postchain_tui.screens.history import HistoryScreen
from postchain_tui.screens.picker import PickerScreen
from postchain_tui.screens.session import SessionScreen
from postchain_tui.screens.settings import SettingsScreen
from tests.ui_support import advance, rig, session_screen, short_routine
from tests.waiting import pause_until

SIZE = (100, 30)


def test_one_key_for_several_actions_and_several_keys_for_one_share_a_line() -> None:
    bindings = [
        Binding("enter", "start", "Start"),
        Binding("enter", "done", "Done"),
        Binding("n,right", "skip", "Skip", key_display="n/→"),
        Binding("1", "type('1')", "Type reps", show=False),
        Binding("2", "type('2')", "Type reps", show=False),
        Binding("3", "type('3')", "Type reps", show=False),
        Binding("5", "type('5')", "Other", show=False),
        Binding("6", "type('6')", "Other", show=False),
        Binding("pagedown", "move('page_down')"),
        Binding("ctrl+c", "help_quit", system=True),
    ]
    assert key_rows(bindings, lambda binding: binding.key_display or binding.key) == (
        ("enter", "Start / Done"),
        ("n/→", "Skip"),
        ("1-3", "Type reps"),
        ("5 6", "Other"),
        ("pagedown", "Move"),
    )


def test_keys_from_the_keymap_are_listed_in_place_of_their_bindings_own() -> None:
    bindings = [
        Binding("enter", "done", "Done", id="done"),
        Binding("n,right", "skip", "Skip", key_display="n/→", id="skip"),
        Binding("p", "back", "Back", id="back"),
    ]
    keymap = {"done": "enter,pagedown", "skip": "pagedown"}
    assert key_rows(bindings, lambda binding: binding.key_display or binding.key, keymap) == (
        ("enter", "Done"),
        ("pagedown", "Done / Skip"),
        ("p", "Back"),
    )


def test_screen_names_are_read_from_their_classes() -> None:
    assert section_title(PickerScreen) == "Picker"
    assert section_title(SettingsScreen) == "Settings"
    assert section_title(HelpScreen) == "Help"
    assert section_title(ConfirmationModal) == "Confirmation"

    class RoutineEditorScreen(Screen[None]):
        pass

    assert section_title(RoutineEditorScreen) == "Routine editor"


async def test_the_key_list_has_every_key_of_every_screen(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=SIZE):
        sections = {section.title: dict(section.rows) for section in key_sections(r.app)}
        for screen_class in (PickerScreen, SessionScreen, SettingsScreen, HelpScreen):
            listed = sections[section_title(screen_class)]
            for binding in Binding.make_bindings(screen_class.BINDINGS):
                assert any(binding.description in action for action in listed.values()), binding
        assert sections["Session"]["n/→"] == "Skip"
        assert sections["Session"]["⏎"] == "Start / Done / Start set"
        assert sections["Session"]["0-9"] == "Type the reps (or load) done"
        assert sections["Picker"]["^s"] == "Settings"
        assert sections["Everywhere"]["? f1"] == "Keys"
        assert sections["Everywhere"]["^p"] == "Commands"


async def test_the_pickers_keys_are_the_ones_it_answers_to(tmp_path: Path) -> None:
    """``?`` and F1 both open the list on the picker: not F1 alone. Quitting is ctrl+q."""
    r = rig(tmp_path)
    async with r.app.run_test(size=SIZE):
        sections = {section.title: dict(section.rows) for section in key_sections(r.app)}
        assert sections["Everywhere"]["? f1"] == "Keys"
        assert "Keys" not in sections["Picker"].values()
        assert sections["Picker"]["^q"] == "Quit"
        assert sections["Picker"]["esc"] == "Clear filter"


async def test_question_mark_in_the_picker_opens_the_keys_not_the_filter(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.press("b", "question_mark")
        assert isinstance(r.app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(r.app.screen, PickerScreen)
        assert r.app.screen.query_one("#filter", Input).value == "b"


async def test_f1_on_the_picker_lists_the_keys_and_escape_closes_them(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        assert isinstance(r.app.screen, HelpScreen)
        titles = [str(static.content) for static in r.app.screen.query(".help-section")]
        assert titles[:3] == ["Everywhere", "Picker", "Session"]
        await pilot.press("escape")
        assert isinstance(r.app.screen, PickerScreen)


async def test_question_mark_in_a_session_pauses_it_lists_its_keys_first_and_goes_on(
    tmp_path: Path,
) -> None:
    r = rig(tmp_path, start=short_routine())
    async with r.app.run_test(size=SIZE) as pilot:
        screen = session_screen(r.app)
        await advance(pilot, r.clock, 4)
        await pilot.press("question_mark")
        assert isinstance(r.app.screen, HelpScreen)
        titles = [str(static.content) for static in r.app.screen.query(".help-section")]
        assert titles[:2] == ["Everywhere", "Session"]
        # It cannot end underneath the list, and reading is not counted as work.
        assert screen.engine.state is EngineState.PAUSED
        left = screen.engine.view().remaining_s
        await advance(pilot, r.clock, 30)
        await pilot.press("question_mark")
        assert r.app.screen is screen
        # Closing the list goes on where it stopped.
        assert (screen.engine.state, screen.engine.view().remaining_s) == (
            EngineState.RUNNING,
            left,
        )


async def test_the_palette_offers_each_routine_the_history_settings_and_keys(
    tmp_path: Path,
) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=SIZE) as pilot:
        titles = [command.title for command in palette_commands(r.app, r.app.screen)]
        assert titles == [
            "Start: Short test routine",
            "Start: Timed test routine",
            "Training log (history)",
            "Settings",
            "Theme",
            "Key list",
        ]
        system = [command.title for command in r.app.get_system_commands(r.app.screen)]
        assert "Theme" not in system  # the theme is a saved setting
        assert "Keys" not in system  # one help entry: the key list
        assert "Quit" in system
        await pilot.press("ctrl+p")
        assert CommandPalette.is_open(r.app)


async def test_the_palette_finds_a_routine_by_name_and_starts_it(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=SIZE) as pilot:
        provider = PostchainCommands(r.app.screen)
        hits = [hit async for hit in provider.search("timed test")]
        assert [str(hit.text) for hit in hits] == ["Start: Timed test routine"]
        discovered = [str(hit.text) async for hit in provider.discover()]
        assert discovered[-4:] == ["Training log (history)", "Settings", "Theme", "Key list"]
        found = [str(hit.text) async for hit in provider.search("log")]
        assert found == ["Training log (history)"]
        hits[0].command()
        await pilot.pause()
        screen = session_screen(r.app)
        assert screen.routine.id == "ui-timed"
        assert screen.engine.state is EngineState.RUNNING


async def test_the_palettes_theme_command_opens_the_settings_at_the_theme(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=SIZE) as pilot:
        [theme] = [c for c in palette_commands(r.app, r.app.screen) if c.title == "Theme"]
        theme.run()
        await pilot.pause()
        screen = r.app.screen
        assert isinstance(screen, SettingsScreen)
        assert screen.focused is screen.query_one("#theme")


async def test_the_palette_in_a_session_opens_the_log_with_the_session_paused(
    tmp_path: Path,
) -> None:
    r = rig(tmp_path, start=short_routine())
    async with r.app.run_test(size=SIZE) as pilot:
        screen = session_screen(r.app)
        await advance(pilot, r.clock, 4)
        commands = {command.title: command for command in palette_commands(r.app, screen)}
        assert list(commands) == ["Training log (history)", "Key list"]
        commands["Training log (history)"].run()
        await pause_until(pilot, lambda: isinstance(r.app.screen, HistoryScreen), "the log")
        await pause_until(pilot, lambda: screen.engine.state is EngineState.PAUSED, "a pause")
        await pilot.press("escape")
        await pause_until(pilot, lambda: r.app.screen is screen, "the session again")
        assert screen.engine.state is EngineState.PAUSED  # it waits to be resumed
