"""The cue command: how it is run, the words safe inside it, failures reported once."""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

from postchain_tui.core import cue_command as cue_module
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
from tests.fakes import FakeClock, FakeProcess
from tests.waiting import LIMIT_S, wait_until


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
    assert not any(process.status == 0 for process in launcher.processes)  # none waited for
    assert command.reap() is None


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
    assert command.reap() is None
    launcher.processes[0].status = 3
    assert command.reap() == "The cue command failed (exit status 3)."
    assert command.running == 0
    command.say("Rest")
    launcher.processes[-1].status = 1
    assert command.reap() is None


def test_a_new_cue_ends_the_one_before_so_one_runs_at_a_time() -> None:
    launcher = FakeLauncher()
    command = CueCommand("speaker {text}", launcher, clock=FakeClock(0.0))
    for words in ("Rest", "Bridge", "Rest", "Plank"):
        assert command.say(words) is None
    first_three, last = launcher.processes[:3], launcher.processes[3]
    assert all(process.terminated for process in first_three)
    assert not last.terminated
    assert command.reap() is None  # the ones ended are not failures
    assert command.running == 1


def test_a_cue_that_hangs_is_ended_at_its_time_limit_and_reported_once() -> None:
    launcher = FakeLauncher()
    clock = FakeClock(0.0)
    command = CueCommand("sleep 987654", launcher, clock=clock, time_limit_s=30)
    command.say("Rest")
    clock.advance(30)
    assert command.reap() is None
    clock.advance(1)
    assert command.reap() == "The cue command was still running after 30 seconds and was ended."
    assert launcher.processes[0].terminated
    command.say("Bridge")
    clock.advance(31)
    assert command.reap() is None  # said once
    assert launcher.processes[1].terminated


def test_no_cue_process_outlives_the_app() -> None:
    command = CueCommand("sleep 987654")
    assert command.say("Rest") is None
    trial = CueCommand("sleep 987655")
    assert trial.say("Bridge") is None
    processes = [
        process
        for process in cue_module._LIVE
        if isinstance(process, subprocess.Popen) and process.args[0] == "sleep"
    ]
    assert len(processes) == 2
    cue_module.end_every_cue()
    for process in processes:
        assert isinstance(process, subprocess.Popen)
        assert process.wait(LIMIT_S) == -signal.SIGTERM


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
