"""Settings in the app: the screen, the file, and what each setting changes in a session."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Select, Static

from postchain_tui.core.engine_types import EngineState
from postchain_tui.core.settings import Settings, load_settings
from postchain_tui.screens.picker import PickerScreen
from postchain_tui.screens.settings import SAMPLE_CUE, SettingBox, SettingsScreen
from postchain_tui.themes import theme_names
from postchain_tui.widgets import BigCountdown
from tests.cue_support import (
    announcer_settled,
    failing_command,
    lines_written,
    recording_command,
    wait_until_finished,
)
from tests.ui_support import (
    BIRD_DOG,
    BRIDGE_2,
    REST_1,
    REST_2,
    REST_3,
    Rig,
    advance,
    rig,
    session_screen,
    short_routine,
)

SIZE = (100, 30)
HIGH_CONTRAST = "postchain-high-contrast"


def shown(r: Rig, widget_id: str) -> str:
    """The plain text a Static on the session screen shows."""
    return str(session_screen(r.app).query_one(f"#{widget_id}", Static).content)


def notes_of(r: Rig, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every notification from now on, as (title, message)."""
    notes: list[tuple[str, str]] = []
    monkeypatch.setattr(
        r.app, "notify", lambda message, **kw: notes.append((kw.get("title", ""), message))
    )
    return notes


# -- the settings screen ------------------------------------------------------------------------


async def test_settings_are_saved_to_the_file_and_apply_at_once(tmp_path: Path) -> None:
    path = tmp_path / "config" / "settings.toml"
    r = rig(tmp_path / "sessions", settings_path=path)
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+s")
        screen = r.app.screen
        assert isinstance(screen, SettingsScreen)
        assert screen.focused is screen.query_one("#bell")
        await pilot.press("space")  # the bell off
        assert str(screen.query_one("#bell", SettingBox).label) == (
            "Bell at 3-2-1 and at each step change: off"
        )
        screen.query_one("#lead-in", Input).value = "10"
        screen.query_one("#auto-start", SettingBox).value = False
        screen.query_one("#weekly-goal", Input).value = "3"
        screen.query_one("#load-unit", Select).value = "lb"
        screen.query_one("#theme", Select).value = HIGH_CONTRAST
        screen.query_one("#cue-command", Input).value = 'espeak-ng "{text}"'
        screen.query_one("#voice", Select).value = "espeak"
        screen.query_one("#voice-rate", Input).value = "150"
        await pilot.pause()
        assert r.app.theme == HIGH_CONTRAST  # shown as soon as it is chosen
        await pilot.press("ctrl+s")
        assert isinstance(r.app.screen, PickerScreen)
        expected = Settings(
            bell=False,
            flash=True,
            lead_in=10,
            auto_start_after_rest=False,
            weekly_goal=3,
            theme=HIGH_CONTRAST,
            load_unit="lb",
            cue_command='espeak-ng "{text}"',
            voice="espeak",
            voice_rate=150,
        )
        assert load_settings(path, themes=theme_names()) == (expected, [])
        assert r.app.settings == expected
        assert r.app.settings.weekly_goal == 3
        assert r.app.has_class("-high-contrast")


async def test_the_form_shows_the_settings_in_use(tmp_path: Path) -> None:
    current = Settings(
        bell=False,
        lead_in=0,
        weekly_goal=3,
        load_unit="lb",
        cue_command="say",
        voice="off",
        voice_rate=220,
    )
    r = rig(tmp_path, settings=current, settings_path=tmp_path / "settings.toml")
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+s")
        screen = r.app.screen
        assert isinstance(screen, SettingsScreen)
        assert screen.read_form() == current
        assert str(screen.query_one("#flash", SettingBox).label).endswith(": on")
        assert screen.query_one("#lead-in", Input).value == "0"


async def test_a_value_that_cannot_be_saved_keeps_the_form_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "settings.toml"
    r = rig(tmp_path, settings_path=path)
    notes = notes_of(r, monkeypatch)
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+s")
        screen = r.app.screen
        screen.query_one("#lead-in", Input).value = "soon"
        await pilot.press("ctrl+s")
        assert r.app.screen is screen
        assert screen.focused is screen.query_one("#lead-in")
        assert notes[-1][0] == "Not saved"
        assert notes[-1][1].startswith("Get-ready time: 'soon' is not")
        screen.query_one("#lead-in", Input).value = ""
        screen.query_one("#cue-command", Input).value = 'espeak-ng "{text}'
        await pilot.press("ctrl+s")
        assert screen.focused is screen.query_one("#cue-command")
        assert notes[-1][1] == ("The cue command cannot be split into words: No closing quotation.")
        screen.query_one("#cue-command", Input).value = ""
        screen.query_one("#voice-rate", Input).value = "20"
        await pilot.press("ctrl+s")
        assert screen.focused is screen.query_one("#voice-rate")
        assert notes[-1][1] == "Voice speed: words a minute, from 80 to 450."
        assert not path.exists()


async def test_the_buttons_try_the_cue_command_and_save(tmp_path: Path) -> None:
    out = tmp_path / "said.txt"
    path = tmp_path / "settings.toml"
    r = rig(tmp_path / "sessions", settings_path=path)
    async with r.app.run_test(size=(100, 40)) as pilot:
        await pilot.press("ctrl+s")
        r.app.screen.query_one("#cue-command", Input).value = recording_command(out)
        await pilot.click("#try-cue")
        assert lines_written(out, 1) == [SAMPLE_CUE]
        trial = r.app.screen.trial
        assert trial is not None
        assert wait_until_finished(trial.command) is None
        await pilot.click("#save")
        assert isinstance(r.app.screen, PickerScreen)
        assert load_settings(path)[0].cue_command == recording_command(out)


async def test_cancel_saves_nothing_and_puts_the_theme_back(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    r = rig(tmp_path, settings_path=path)
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+s")
        r.app.screen.query_one("#theme", Select).value = "textual-light"
        await pilot.pause()
        assert r.app.theme == "textual-light"
        await pilot.press("escape")
        assert isinstance(r.app.screen, PickerScreen)
        assert r.app.theme == "textual-dark"
        assert r.app.settings == Settings()
        assert not path.exists()


async def test_a_bad_hand_edited_file_is_reported_once_and_the_good_values_apply(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(
        'bell = false\nweekly_goal = "three"\ntheme = "postchain-high-contrast"\ncolour = "red"\n',
        encoding="utf-8",
    )
    settings, problems = load_settings(path, themes=theme_names())
    r = rig(tmp_path, settings=settings, settings_path=path, settings_problems=problems)
    notes = notes_of(r, monkeypatch)
    async with r.app.run_test(size=SIZE):
        settings_notes = [message for title, message in notes if title == "Settings"]
        assert len(settings_notes) == 1
        lines = settings_notes[0].splitlines()
        assert lines[0] == "Not used from the settings file:"
        assert lines[1:] == [
            f"{path}:2: weekly_goal: must be a whole number, got 'three'",
            f"{path}:4: colour: unknown setting 'colour'",
        ]
        assert r.app.theme == HIGH_CONTRAST
        assert r.app.settings.bell is False
        assert r.app.settings.weekly_goal == 2


def test_an_unknown_theme_in_the_file_is_a_problem_that_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('flash = false\ntheme = "neon"\n', encoding="utf-8")
    settings, problems = load_settings(path, themes=theme_names())
    assert settings == Settings(flash=False)
    assert [(problem.line, problem.key, problem.message) for problem in problems] == [
        (2, "theme", "unknown theme 'neon'")
    ]
    assert HIGH_CONTRAST in problems[0].allowed


# -- what the settings change in a session ----------------------------------------------------


async def test_the_lead_in_setting_replaces_every_routines_own(tmp_path: Path) -> None:
    r = rig(tmp_path, start=short_routine(), settings=Settings(lead_in=10))
    async with r.app.run_test(size=SIZE) as pilot:
        screen = session_screen(r.app)
        assert screen.engine.steps[0].seconds == 10
        assert screen.query_one("#countdown", BigCountdown).text == "0:10"
        await advance(pilot, r.clock, 10)
        assert "WORK" in shown(r, "phase")


@pytest.mark.parametrize(
    ("bell", "flash"), [(True, True), (False, True), (True, False), (False, False)]
)
async def test_the_bell_and_the_flash_can_each_be_turned_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bell: bool, flash: bool
) -> None:
    r = rig(tmp_path, start=short_routine(), settings=Settings(bell=bell, flash=flash))
    rings: list[float] = []
    monkeypatch.setattr(r.app, "bell", lambda: rings.append(r.clock.t))
    async with r.app.run_test(size=SIZE) as pilot:
        screen = session_screen(r.app)
        flashes: list[float] = []
        monkeypatch.setattr(screen, "flash", lambda: flashes.append(r.clock.t))
        await advance(pilot, r.clock, 3)  # the lead-in ends: a step change
        # "2", "1", and the change to the hold (the start, with its "3", came before).
        marked = [1001.0, 1002.0, 1003.0]
        assert rings == ([1000.0, *marked] if bell else [])
        assert flashes == (marked if flash else [])


async def test_after_a_rest_the_next_set_waits_for_enter_when_asked_to(tmp_path: Path) -> None:
    r = rig(tmp_path, start=short_routine(), settings=Settings(auto_start_after_rest=False))
    async with r.app.run_test(size=SIZE) as pilot:
        screen = session_screen(r.app)
        await advance(pilot, r.clock, 3 + 6)
        assert screen.engine.index == REST_1  # the lead-in never waits
        await advance(pilot, r.clock, 3)
        assert screen.engine.index == BRIDGE_2
        assert screen.engine.state is EngineState.PAUSED
        assert screen.waiting_for_enter
        assert shown(r, "detail") == "Press Enter to start."
        assert "PAUSED" in shown(r, "phase")
        assert screen.query_one("#stage").has_class("-paused")
        await advance(pilot, r.clock, 20)
        assert screen.engine.view().remaining_s == 6
        await pilot.press("enter")
        assert screen.engine.state is EngineState.RUNNING
        assert "WORK" in shown(r, "phase")
        await advance(pilot, r.clock, 6)
        assert screen.engine.index == REST_2
        record = screen.engine.records[BRIDGE_2]
        assert (record.active_s, record.paused_s) == (6, 20)  # the wait is kept as paused


async def test_a_rest_skipped_does_not_make_the_set_wait(tmp_path: Path) -> None:
    r = rig(tmp_path, start=short_routine(), settings=Settings(auto_start_after_rest=False))
    async with r.app.run_test(size=SIZE) as pilot:
        screen = session_screen(r.app)
        await pilot.press("n", "n")
        assert screen.engine.index == REST_1
        await pilot.press("n")
        assert (screen.engine.index, screen.engine.state) == (BRIDGE_2, EngineState.RUNNING)


async def test_enter_starts_a_waiting_rep_set_rather_than_ending_it(tmp_path: Path) -> None:
    r = rig(tmp_path, start=short_routine(), settings=Settings(auto_start_after_rest=False))
    async with r.app.run_test(size=SIZE) as pilot:
        screen = session_screen(r.app)
        await pilot.press(*["n"] * REST_3)
        await advance(pilot, r.clock, 3)
        assert (screen.engine.index, screen.waiting_for_enter) == (BIRD_DOG, True)
        await pilot.press("enter")
        assert (screen.engine.index, screen.engine.state) == (BIRD_DOG, EngineState.RUNNING)
        await pilot.press("enter")
        assert screen.engine.state is EngineState.FINISHED


async def test_by_default_the_next_set_starts_by_itself(tmp_path: Path) -> None:
    r = rig(tmp_path, start=short_routine())
    async with r.app.run_test(size=SIZE) as pilot:
        screen = session_screen(r.app)
        await advance(pilot, r.clock, 3 + 6 + 3)
        assert (screen.engine.index, screen.engine.state) == (BRIDGE_2, EngineState.RUNNING)


async def test_the_theme_applies_app_wide_and_high_contrast_is_bold(tmp_path: Path) -> None:
    r = rig(tmp_path, start=short_routine(), settings=Settings(theme=HIGH_CONTRAST))
    async with r.app.run_test(size=SIZE):
        assert r.app.theme == HIGH_CONTRAST
        cue = session_screen(r.app).query_one("#cue")
        assert cue.rich_style.bold is True
    plain = rig(tmp_path / "plain", start=short_routine())
    async with plain.app.run_test(size=SIZE):
        assert not session_screen(plain.app).query_one("#cue").rich_style.bold


# -- the cue command ----------------------------------------------------------------------------


async def test_the_cue_command_is_given_each_steps_words(tmp_path: Path) -> None:
    out = tmp_path / "said.txt"
    settings = Settings(cue_command=recording_command(out), auto_start_after_rest=False)
    r = rig(tmp_path / "sessions", start=short_routine(), settings=settings)
    async with r.app.run_test(size=SIZE) as pilot:
        expected = ["Get ready, three seconds. Next: Glute bridge."]
        assert lines_written(out, 1) == expected
        for seconds, words in [
            (3, "Glute bridge. Set one of two. Six seconds."),
            (6, "Rest, three seconds. Next: Glute bridge."),
            (3, "Glute bridge. Set two of two. Six seconds. Press Enter to start."),
        ]:
            await advance(pilot, r.clock, seconds)
            expected.append(words)
            assert lines_written(out, len(expected)) == expected
        assert session_screen(r.app).engine.index == BRIDGE_2
        assert wait_until_finished(r.app.announcer.command) is None


@pytest.mark.parametrize(
    ("command", "problem"),
    [
        ("/nonexistent/speaker {text}", "could not be started: No such file or directory."),
        (failing_command(3), "failed (exit status 3)."),
    ],
)
async def test_a_failing_cue_command_is_reported_once_and_the_session_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, problem: str
) -> None:
    r = rig(tmp_path, start=short_routine(), settings=Settings(cue_command=command))
    notes = notes_of(r, monkeypatch)
    async with r.app.run_test(size=SIZE) as pilot:
        for _ in range(4):
            await advance(pilot, r.clock, 3)
            announcer_settled(r.app.announcer)
        screen = session_screen(r.app)
        assert screen.engine.state is EngineState.RUNNING
        assert screen.engine.index == BRIDGE_2  # lead-in, hold and rest are behind it
        cue_notes = [message for title, message in notes if title == "Cue command"]
        assert len(cue_notes) == 1
        assert cue_notes[0].startswith(f"The cue command {problem}")
