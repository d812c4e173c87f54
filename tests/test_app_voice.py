"""The voice in the app: what a session says and when, the voice key, and no engine found."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from postchain_tui.app import PostchainApp
from postchain_tui.core.engine_types import EngineState
from postchain_tui.core.loader import parse_routine
from postchain_tui.core.routine import Routine
from postchain_tui.core.settings import Settings
from postchain_tui.voice import SpeechSystem, toggled_voice
from tests.speech_support import silent_machine
from tests.ui_support import Rig, advance, rig, session_screen

SIZE = (100, 30)

TWO_HOLDS = """
title = "Two holds"
id = "two-holds"
[defaults]
lead_in = "4s"
rest = "5s"
[[exercise]]
name = "Glute bridge"
hold = "20s"
sets = 2
"""


def two_holds() -> Routine:
    return parse_routine(TWO_HOLDS)


def words(heard: list[list[str]]) -> list[str]:
    """The words of each utterance (the last argument of an espeak-ng process)."""
    return [arguments[-1] for arguments in heard]


def notes_of(app: PostchainApp, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    notes: list[tuple[str, str]] = []
    monkeypatch.setattr(
        app, "notify", lambda message, **kw: notes.append((kw.get("title", ""), message))
    )
    return notes


def on_machine(monkeypatch: pytest.MonkeyPatch, machine: SpeechSystem) -> None:
    from postchain_tui import voice

    monkeypatch.setattr(voice, "this_machine", lambda: machine)


async def test_a_session_says_each_step_its_last_three_seconds_and_halfway(
    tmp_path: Path, heard: list[list[str]]
) -> None:
    r = rig(tmp_path, start=two_holds())
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert words(heard) == ["Get ready, four seconds. Next: Glute bridge."]
        await advance(pilot, r.clock, 4, step=0.25)
        assert words(heard)[1:] == [
            "three",
            "two",
            "one",
            "Glute bridge. Set one of two. Twenty seconds.",
        ]
        await advance(pilot, r.clock, 10, step=0.25)
        assert words(heard)[-1] == "Halfway"
        await advance(pilot, r.clock, 10, step=0.25)
        assert words(heard)[-4:] == [
            "three",
            "two",
            "one",
            "Rest, five seconds. Next: Glute bridge.",
        ]
    assert heard[0][:3] == ["/usr/bin/espeak-ng", "-s", "175"]


async def test_each_word_starts_at_its_flip_and_ends_the_one_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    machine, _heard = silent_machine()
    processes = []

    def launch(spoken):  # type: ignore[no-untyped-def]
        process = machine.launch(spoken)
        processes.append((r.clock.t, process))
        return process

    on_machine(monkeypatch, SpeechSystem(machine.platform, machine.which, launch))
    r = rig(tmp_path, start=two_holds())
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        started = r.clock.t
        for _ in range(4):
            await advance(pilot, r.clock, 1)
        assert [round(at - started, 2) for at, _ in processes] == [0, 1, 2, 3, 4]
        assert [process.poll() for _, process in processes] == [-15, -15, -15, -15, None]


async def test_pause_and_resume_are_said_and_silence_what_was_being_said(
    tmp_path: Path, heard: list[list[str]]
) -> None:
    r = rig(tmp_path, start=two_holds())
    async with r.app.run_test(size=SIZE) as pilot:
        await advance(pilot, r.clock, 5.5)
        await pilot.press("space")
        await pilot.press("space")
        assert words(heard)[-2:] == ["Paused", "Go"]


async def test_the_voice_key_turns_the_voice_off_and_on_and_keeps_the_choice(
    tmp_path: Path, heard: list[list[str]]
) -> None:
    path = tmp_path / "config" / "settings.toml"
    r = rig(tmp_path / "sessions", start=two_holds(), settings_path=path)
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.press("v")
        await pilot.app.workers.wait_for_complete()
        assert tomllib.loads(path.read_text(encoding="utf-8"))["voice"] == "off"
        said = len(heard)
        await advance(pilot, r.clock, 4)
        assert len(heard) == said  # the counts and the hold are not said
        await pilot.press("v")
        await pilot.app.workers.wait_for_complete()
        assert tomllib.loads(path.read_text(encoding="utf-8"))["voice"] == "auto"
        await advance(pilot, r.clock, 10)
        assert words(heard)[-1] == "Halfway"
        assert session_screen(r.app).engine.state is EngineState.RUNNING


def test_the_voice_key_goes_back_to_the_engine_chosen_before() -> None:
    assert toggled_voice("espeak-ng") == "off"
    assert toggled_voice("off", "espeak-ng") == "espeak-ng"
    assert toggled_voice("off") == "auto"


async def test_with_no_engine_the_app_says_once_how_to_get_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    machine, heard = silent_machine("tmux")
    on_machine(monkeypatch, machine)
    r = rig(tmp_path, start=two_holds())
    notes = notes_of(r.app, monkeypatch)
    async with r.app.run_test(size=SIZE) as pilot:
        await advance(pilot, r.clock, 8)
    voice_notes = [message for title, message in notes if title == "Voice"]
    assert voice_notes == [
        "No speech engine found: for spoken cues, install espeak-ng "
        "(for example: sudo apt install espeak-ng)."
    ]
    assert heard == []


@pytest.mark.parametrize("voice", ["off", "espeak-ng"])
async def test_no_note_when_the_voice_is_off_or_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, voice: str
) -> None:
    r = rig(tmp_path, start=two_holds(), settings=Settings(voice=voice))
    notes = notes_of(r.app, monkeypatch)
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
    assert [message for title, message in notes if title == "Voice"] == []


async def test_an_engine_that_fails_is_reported_and_the_next_one_speaks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    machine, heard = silent_machine("spd-say", "espeak-ng")
    processes = []

    def launch(spoken):  # type: ignore[no-untyped-def]
        process = machine.launch(spoken)
        if spoken.arguments[0].endswith("spd-say"):
            process.status = 1  # speech-dispatcher is not running
        processes.append(process)
        return process

    on_machine(monkeypatch, SpeechSystem(machine.platform, machine.which, launch))
    r = rig(tmp_path, start=two_holds())
    notes = notes_of(r.app, monkeypatch)
    async with r.app.run_test(size=SIZE) as pilot:
        await advance(pilot, r.clock, 2)
    assert [a[0] for a in heard] == ["/usr/bin/spd-say", "/usr/bin/espeak-ng", "/usr/bin/espeak-ng"]
    assert [m for t, m in notes if t == "Voice"] == [
        "spd-say could not speak (exit status 1); using espeak-ng instead."
    ]


async def test_every_speech_process_is_ended_when_the_app_exits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    machine, _heard = silent_machine()
    processes = []

    def launch(spoken):  # type: ignore[no-untyped-def]
        process = machine.launch(spoken)
        processes.append(process)
        return process

    on_machine(monkeypatch, SpeechSystem(machine.platform, machine.which, launch))
    r: Rig = rig(tmp_path, start=two_holds())
    async with r.app.run_test(size=SIZE) as pilot:
        await advance(pilot, r.clock, 5)
        assert processes[-1].poll() is None
    assert [process.poll() for process in processes] == [-15] * len(processes)
