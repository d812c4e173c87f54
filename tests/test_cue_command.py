"""The cue command: how it is run, the words safe inside it, failures reported once."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from postchain_tui.core.cue_command import (
    CueCommand,
    CueCommandError,
    clean_words,
    command_arguments,
)
from postchain_tui.core.settings import Settings, load_settings
from tests.cue_support import (
    failing_command,
    lines_written,
    recording_command,
    wait_until_finished,
)
from tests.waiting import wait_until


def test_the_words_go_inside_one_argument_and_are_never_parsed_by_a_shell() -> None:
    words = 'Bridge"; rm -rf ~; echo "$(reboot)'
    assert command_arguments('espeak-ng -s 140 "{text}"', words) == [
        "espeak-ng",
        "-s",
        "140",
        words,
    ]
    assert command_arguments("notify-send postchain {text}", "Rest, 60 seconds") == [
        "notify-send",
        "postchain",
        "Rest, 60 seconds",
    ]


def test_a_template_without_the_placeholder_runs_as_written() -> None:
    assert command_arguments("paplay /usr/share/sounds/bell.oga", "Rest") == [
        "paplay",
        "/usr/share/sounds/bell.oga",
    ]


def test_words_cannot_pass_for_options_or_carry_control_characters() -> None:
    assert clean_words("--output=/tmp/x\x1b[2J  Bridge\n") == "output=/tmp/x [2J Bridge"
    assert command_arguments("say {text}", "-v Bad") == ["say", "v Bad"]


@pytest.mark.parametrize("template", ["", "   ", 'espeak-ng "{text}'])
def test_a_template_that_cannot_be_split_is_an_error(template: str) -> None:
    with pytest.raises(CueCommandError):
        command_arguments(template, "Rest")


class FakeProcess:
    """A process whose exit status the test decides."""

    def __init__(self) -> None:
        self.status: int | None = None

    def poll(self) -> int | None:
        return self.status


class FakeLauncher:
    """Records what it was asked to start; fails when told to."""

    def __init__(self, error: OSError | None = None) -> None:
        self.started: list[list[str]] = []
        self.processes: list[FakeProcess] = []
        self.error = error

    def __call__(self, arguments: Sequence[str]) -> FakeProcess:
        if self.error is not None:
            raise self.error
        self.started.append(list(arguments))
        process = FakeProcess()
        self.processes.append(process)
        return process


def test_the_command_is_started_with_the_words_and_never_waited_for() -> None:
    launcher = FakeLauncher()
    command = CueCommand('espeak-ng "{text}"', launcher)
    assert command.say("Rest, 3 seconds") is None
    assert command.say("Glute bridge, set 2 of 2, 6 seconds") is None
    assert launcher.started == [
        ["espeak-ng", "Rest, 3 seconds"],
        ["espeak-ng", "Glute bridge, set 2 of 2, 6 seconds"],
    ]
    assert command.running == 2  # both still running: nothing waited for them
    launcher.processes[0].status = 0
    assert command.reap() is None
    assert command.running == 1


def test_a_command_that_cannot_start_is_reported_once() -> None:
    launcher = FakeLauncher(FileNotFoundError(2, "No such file or directory"))
    command = CueCommand("no-such-speaker {text}", launcher)
    first = command.say("Rest")
    assert first == "The cue command could not be started: No such file or directory."
    assert [command.say("Bridge"), command.say("Rest")] == [None, None]
    assert command.failure == first


def test_a_failing_exit_is_noticed_when_reaped_and_reported_once() -> None:
    launcher = FakeLauncher()
    command = CueCommand("speaker {text}", launcher)
    command.say("Rest")
    command.say("Bridge")
    assert command.reap() is None
    for process in launcher.processes:
        process.status = 3
    assert command.reap() == "The cue command failed (exit status 3)."
    assert command.running == 0
    command.say("Rest")
    launcher.processes[-1].status = 1
    assert command.reap() is None


def test_a_real_command_gets_the_words_as_one_argument(tmp_path: Path) -> None:
    out = tmp_path / "said.txt"
    words = 'Rest, 3 seconds; echo "hi" > $HOME/x'
    command = CueCommand(recording_command(out))
    assert command.say(words) is None
    assert lines_written(out, 1) == [words]
    assert wait_until_finished(command) is None
    assert (command.running, command.failure) == (0, None)


def test_a_real_command_that_fails_is_reported_once_it_is_reaped() -> None:
    command = CueCommand(failing_command(3))
    assert command.say("Rest") is None
    problems: list[str | None] = []

    def ended() -> bool:
        problems.append(command.reap())
        return not command.running

    wait_until(ended, "the failing command ended")
    assert [problem for problem in problems if problem] == [
        "The cue command failed (exit status 3)."
    ]


def test_a_cue_command_in_the_file_that_cannot_be_split_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("bell = false\ncue_command = 'espeak-ng \"{text}'\n", encoding="utf-8")
    settings, problems = load_settings(path)
    assert settings == Settings(bell=False)
    assert [str(problem).split(" (allowed")[0] for problem in problems] == [
        f"{path}:2: cue_command: cannot be split into words: No closing quotation"
    ]
