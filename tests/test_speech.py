"""The speech engines: which one is used where, how it is run, one utterance at a time."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from postchain_tui.core.speech import (
    DEFAULT_RATE,
    TEXT_VARIABLE,
    Speaker,
    SpeechEngine,
    Utterance,
    engine_rate,
    find_engines,
    launch_utterance,
    utterance,
)
from tests.cue_support import lines_written
from tests.fakes import FakeProcess


def on_path(*programs: str) -> Callable[[str], str | None]:
    """A stand-in for ``shutil.which`` that finds only ``programs``, in /opt/bin."""

    def which(name: str) -> str | None:
        return f"/opt/bin/{name}" if name in programs else None

    return which


def names(engines: list[SpeechEngine]) -> list[str]:
    return [engine.name for engine in engines]


@pytest.mark.parametrize(
    ("platform", "installed", "expected"),
    [
        ("linux", ("spd-say", "espeak-ng", "espeak", "say"), ["spd-say", "espeak-ng", "espeak"]),
        ("linux", ("espeak-ng", "espeak"), ["espeak-ng", "espeak"]),
        ("linux", ("espeak",), ["espeak"]),
        ("linux", ("say",), []),
        ("freebsd14", ("espeak-ng",), ["espeak-ng"]),
        ("darwin", ("say", "espeak-ng"), ["say"]),
        ("darwin", (), []),
        ("win32", ("powershell", "espeak-ng"), ["powershell"]),
        ("win32", ("pwsh",), ["powershell"]),
    ],
)
def test_auto_tries_the_platforms_engines_in_order(
    platform: str, installed: tuple[str, ...], expected: list[str]
) -> None:
    assert names(find_engines("auto", platform, on_path(*installed))) == expected


def test_an_engine_named_in_the_settings_is_used_alone_on_any_platform() -> None:
    which = on_path("spd-say", "espeak-ng", "say")
    assert find_engines("espeak-ng", "linux", which) == [
        SpeechEngine("espeak-ng", "/opt/bin/espeak-ng")
    ]
    assert names(find_engines("say", "linux", which)) == ["say"]
    assert find_engines("espeak", "linux", which) == []


def test_off_finds_nothing_even_with_engines_installed() -> None:
    assert find_engines("off", "linux", on_path("spd-say", "espeak-ng")) == []


def test_pwsh_stands_in_for_windows_powershell() -> None:
    assert find_engines("powershell", "win32", on_path("pwsh")) == [
        SpeechEngine("powershell", "/opt/bin/pwsh")
    ]


@pytest.mark.parametrize(
    ("name", "rate", "expected"),
    [
        ("espeak-ng", 175, 175),
        ("espeak", 120, 120),
        ("say", 220, 220),
        ("spd-say", DEFAULT_RATE, 0),
        ("spd-say", 350, 100),
        ("spd-say", 87, -50),
        ("spd-say", 450, 100),
        ("powershell", DEFAULT_RATE, 0),
        ("powershell", 350, 10),
        ("powershell", 80, -5),
    ],
)
def test_the_rate_is_put_on_each_engines_scale(name: str, rate: int, expected: int) -> None:
    assert engine_rate(name, rate) == expected


HOSTILE = '-v Bad"; rm -rf ~; $(reboot)\x1b[2J'


@pytest.mark.parametrize(
    ("name", "arguments"),
    [
        ("espeak-ng", ["/x/espeak-ng", "-s", "175", 'v Bad"; rm -rf ~; $(reboot) [2J']),
        ("espeak", ["/x/espeak", "-s", "175", 'v Bad"; rm -rf ~; $(reboot) [2J']),
        ("say", ["/x/say", "-r", "175", 'v Bad"; rm -rf ~; $(reboot) [2J']),
        ("spd-say", ["/x/spd-say", "-C", "-w", "-r", "0", 'v Bad"; rm -rf ~; $(reboot) [2J']),
    ],
)
def test_the_words_are_one_argument_that_cannot_pass_for_an_option(
    name: str, arguments: list[str]
) -> None:
    spoken = utterance(SpeechEngine(name, f"/x/{name}"), HOSTILE, DEFAULT_RATE)
    assert spoken == Utterance(arguments, {})


def test_powershell_reads_the_words_from_the_environment_never_from_its_script() -> None:
    spoken = utterance(SpeechEngine("powershell", "C:/ps.exe"), HOSTILE, 350)
    assert spoken.arguments[:4] == ["C:/ps.exe", "-NoProfile", "-NonInteractive", "-Command"]
    script = spoken.arguments[4]
    assert "System.Speech" in script and "$voice.Rate = 10;" in script
    assert "reboot" not in script
    assert spoken.environment == {TEXT_VARIABLE: 'v Bad"; rm -rf ~; $(reboot) [2J'}


class SpeechProcess(FakeProcess):
    """A speech process whose end the test decides, with what it was asked to say."""

    def __init__(self, spoken: Utterance) -> None:
        super().__init__()
        self.spoken = spoken


class FakeLauncher:
    """Starts fake processes; a program in ``missing`` cannot be started."""

    def __init__(self, *missing: str) -> None:
        self.processes: list[SpeechProcess] = []
        self.missing = missing

    def __call__(self, spoken: Utterance) -> SpeechProcess:
        if spoken.arguments[0] in self.missing:
            raise FileNotFoundError(2, "No such file or directory")
        process = SpeechProcess(spoken)
        self.processes.append(process)
        return process

    def said(self) -> list[str]:
        return [process.spoken.arguments[-1] for process in self.processes]

    def running(self) -> list[str]:
        return [p.spoken.arguments[-1] for p in self.processes if p.status is None]


ESPEAK_NG = SpeechEngine("espeak-ng", "espeak-ng")
SPD_SAY = SpeechEngine("spd-say", "spd-say")


def test_a_new_utterance_ends_the_one_still_speaking() -> None:
    launcher = FakeLauncher()
    speaker = Speaker([ESPEAK_NG], launch=launcher)
    assert speaker.say("Rest, ninety seconds. Next: Box jumps.") is None
    assert speaker.say("three") is None
    assert launcher.said() == ["Rest, ninety seconds. Next: Box jumps.", "three"]
    assert launcher.running() == ["three"]
    assert launcher.processes[0].terminated


def test_an_utterance_that_ended_by_itself_is_not_ended_again() -> None:
    launcher = FakeLauncher()
    speaker = Speaker([ESPEAK_NG], launch=launcher)
    speaker.say("two")
    launcher.processes[0].status = 0
    speaker.say("one")
    assert not launcher.processes[0].terminated
    assert speaker.processes == 1


def test_silence_ends_every_process_and_collects_them_without_waiting() -> None:
    launcher = FakeLauncher()
    speaker = Speaker([ESPEAK_NG], launch=launcher)
    speaker.say("Glute bridge. Thirty seconds.")
    speaker.silence()
    assert launcher.running() == []
    assert speaker.processes == 0


def test_silencing_speech_dispatcher_cancels_what_its_server_says() -> None:
    launcher = FakeLauncher()
    speaker = Speaker([SPD_SAY], launch=launcher)
    speaker.say("Glute bridge. Thirty seconds.")
    speaker.silence()
    assert launcher.processes[0].terminated
    assert launcher.processes[1].spoken.arguments == ["spd-say", "-C"]


def test_close_ends_the_silencer_too() -> None:
    launcher = FakeLauncher()
    speaker = Speaker([SPD_SAY], launch=launcher)
    speaker.say("Go")
    speaker.close()
    assert launcher.running() == []


def test_an_engine_that_fails_hands_over_to_the_next_and_says_so_once() -> None:
    launcher = FakeLauncher()
    speaker = Speaker([SPD_SAY, ESPEAK_NG], launch=launcher)
    speaker.say("three")
    launcher.processes[0].status = 1  # no speech-dispatcher server
    assert speaker.say("two") == "spd-say could not speak (exit status 1); using espeak-ng instead."
    assert speaker.say("one") is None
    assert [p.spoken.arguments[0] for p in launcher.processes] == [
        "spd-say",
        "espeak-ng",
        "espeak-ng",
    ]


def test_an_engine_that_cannot_be_started_is_dropped_at_once() -> None:
    launcher = FakeLauncher("spd-say")
    speaker = Speaker([SPD_SAY, ESPEAK_NG], launch=launcher)
    problem = speaker.say("Go")
    assert problem == (
        "spd-say could not speak (No such file or directory); using espeak-ng instead."
    )
    assert launcher.said() == ["Go"]
    assert speaker.engine == ESPEAK_NG


def test_with_no_engine_left_nothing_is_started() -> None:
    launcher = FakeLauncher("espeak-ng")
    speaker = Speaker([ESPEAK_NG], launch=launcher)
    assert speaker.say("Go") == "espeak-ng could not speak (No such file or directory)."
    assert speaker.say("Go") is None
    assert launcher.processes == []
    assert speaker.engine is None


def test_a_real_process_gets_the_words_and_the_variables_in_a_session_of_its_own(
    tmp_path: Path,
) -> None:
    out = tmp_path / "heard.txt"
    script = (
        "import os, sys; "
        f"open({str(out)!r}, 'a').write(' | '.join("
        f"[sys.argv[1], os.environ['{TEXT_VARIABLE}'], str(os.getsid(0) == os.getpid())])"
        " + chr(10))"
    )
    process = launch_utterance(
        Utterance([sys.executable, "-c", script, "three"], {TEXT_VARIABLE: "two"})
    )
    assert lines_written(out, 1) == ["three | two | True"]
    process.terminate()
