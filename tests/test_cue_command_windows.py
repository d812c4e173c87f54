"""Cue commands on Windows: split by the rules Windows programs read their command line with,
and ended without process groups."""

from __future__ import annotations

import os
import signal
import subprocess

import pytest
from hypothesis import given
from hypothesis import strategies as st

from postchain_tui.core.cue_command import (
    CueCommandError,
    end_every_cue,
    launch_detached,
    split_template,
)
from tests.waiting import LIMIT_S

ESPEAK = r"C:\Program Files\eSpeak NG\espeak-ng.exe"


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        (rf'"{ESPEAK}" -s 140 "{{text}}"', [ESPEAK, "-s", "140", "{text}"]),
        (r"C:\Tools\balcon.exe -t {text}", [r"C:\Tools\balcon.exe", "-t", "{text}"]),
        (
            r'notify.exe "{text}" C:\Sounds\bell.wav',
            ["notify.exe", "{text}", r"C:\Sounds\bell.wav"],
        ),
        (r'play.exe "C:\My Sounds\\" {text}', ["play.exe", "C:\\My Sounds\\", "{text}"]),
        (r'say.exe "a \"quoted\" word" {text}', ["say.exe", 'a "quoted" word', "{text}"]),
        ("say.exe it's\t{text}", ["say.exe", "it's", "{text}"]),
        (r'say.exe ""', ["say.exe", ""]),
    ],
)
def test_a_windows_template_keeps_its_backslashes_and_quotes(
    template: str, expected: list[str]
) -> None:
    assert split_template(template, "win32") == expected


@pytest.mark.parametrize("template", ["", " \t ", r'"C:\Tools\say.exe {text}', 'say.exe "{text}'])
def test_a_windows_template_that_cannot_be_split_is_an_error(template: str) -> None:
    with pytest.raises(CueCommandError):
        split_template(template, "win32")


def test_elsewhere_a_template_is_split_as_a_shell_would() -> None:
    assert split_template(r"say it\'s '{text}'", "darwin") == ["say", "it's", "{text}"]


PROGRAM = st.text(st.characters(blacklist_characters='" \t\x00'), min_size=1)
ARGUMENT = st.text(st.characters(blacklist_characters="\x00"))


@given(PROGRAM, st.lists(ARGUMENT, max_size=5))
def test_splitting_undoes_what_python_joins_for_windows(program: str, arguments: list[str]) -> None:
    words = [program, *arguments]
    assert split_template(subprocess.list2cmdline(words), "win32") == words


def test_without_process_groups_a_cue_is_still_ended(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "killpg")
    process = launch_detached(["sleep", "987656"])
    assert isinstance(process, subprocess.Popen)
    end_every_cue()
    assert process.wait(LIMIT_S) == -signal.SIGTERM
