"""Spoken cues and desktop notifications: a user's command, run at every step change.

The command is a template such as ``espeak-ng "{text}"`` or ``notify-send postchain "{text}"``.
It is split like a shell would split it (on Windows, by the rules of its command lines),
``{text}`` is replaced inside the arguments by the step's words (``core.spoken``), and the
program is started directly, never through a shell, so nothing in a routine file can run a
command of its own. The runner never waits for the program: finished ones are collected without
blocking whenever the runner is used, so a slow speech synthesizer never holds up the countdown.
One cue runs at a time, for a limited time, and none
outlives postchain. A command that fails or hangs is reported once, not at every step.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from typing import Protocol

PLACEHOLDER = "{text}"

# Control characters could garble a notification or a terminal a command writes to.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class CueCommandError(ValueError):
    """A cue command template that cannot be used."""


def command_arguments(template: str, text: str) -> list[str]:
    """The program and arguments to run for one cue.

    Args:
        template: the user's command, e.g. ``espeak-ng "{text}"``.
        text: the words to say; they end up inside arguments, never parsed as shell syntax.

    Returns:
        The argument list, with every ``{text}`` replaced by the words.

    Raises:
        CueCommandError: when the template is empty or its quotes do not close.
    """
    words = clean_words(text)
    return [part.replace(PLACEHOLDER, words) for part in split_template(template)]


def split_template(template: str, platform: str = sys.platform) -> list[str]:
    """Split a cue command template into its program and arguments, as the platform would.

    On Windows, by the rules its programs read their command line with (the inverse of
    ``subprocess.list2cmdline``, which joins the arguments again), so that a quoted path
    such as ``"C:\\Program Files\\eSpeak NG\\espeak-ng.exe"`` keeps its backslashes; elsewhere
    as a POSIX shell would.

    Args:
        template: the user's command.
        platform: ``sys.platform``.

    Returns:
        The words, ``{text}`` still in them.

    Raises:
        CueCommandError: when the template is empty or its quotes do not close.
    """
    if platform == "win32":
        parts = split_windows_command_line(template)
    else:
        import shlex  # only with a cue command set

        try:
            parts = shlex.split(template)
        except ValueError as error:
            raise CueCommandError(f"cannot be split into words: {error}") from None
    if not parts:
        raise CueCommandError("is empty")
    return parts


def split_windows_command_line(line: str) -> list[str]:
    """Split a command line by the Microsoft C runtime's rules, as Windows programs do.

    Spaces and tabs separate arguments; double quotes group, and may sit inside an argument.
    Backslashes are plain characters, except before a double quote: there each pair of them is
    one backslash, and an odd one left over makes the quote a plain character. Inside quotes,
    two double quotes in a row are one plain quote. The program's name (the first word) takes
    no backslash escapes at all.

    Raises:
        CueCommandError: when a quote does not close.
    """
    parts: list[str] = []
    index, length = 0, len(line)
    while True:
        while index < length and line[index] in " \t":
            index += 1
        if index == length:
            return parts
        word, index = _windows_word(line, index, program=not parts)
        parts.append(word)


def _windows_word(line: str, index: int, *, program: bool) -> tuple[str, int]:
    word: list[str] = []
    quoted = False
    length = len(line)
    while index < length:
        char = line[index]
        if char in " \t" and not quoted:
            break
        if char == "\\" and not program:
            end = index
            while end < length and line[end] == "\\":
                end += 1
            slashes, index = end - index, end
            if index < length and line[index] == '"':
                word.append("\\" * (slashes // 2))
                if slashes % 2:
                    word.append('"')
                    index += 1
            else:
                word.append("\\" * slashes)
            continue
        if char == '"':
            if quoted and not program and line.startswith('""', index):
                word.append('"')
                index += 2
                continue
            quoted = not quoted
        else:
            word.append(char)
        index += 1
    if quoted:
        raise CueCommandError("cannot be split into words: a quote does not close")
    return "".join(word), index


def clean_words(text: str) -> str:
    """Make step words safe to hand to a program as one argument.

    Args:
        text: the words, which include names from routine files.

    Returns:
        The words on one line, without control characters, and never starting with ``-``
        (so a name cannot pass itself off as one of the program's options).
    """
    spaced = _CONTROL.sub(" ", text)
    return " ".join(spaced.split()).lstrip("-").strip()


CUE_TIME_LIMIT_S = 30.0
"""How long one cue may run: a spoken step is said in seconds, and a command still running this
long has hung (or is not a speaker at all, such as ``sleep``)."""


class Process(Protocol):
    """The part of :class:`subprocess.Popen` the runner uses."""

    def poll(self) -> int | None:
        """The exit status, or None while it runs."""
        ...

    def terminate(self) -> None:
        """Ask it to end now."""
        ...


Launcher = Callable[[Sequence[str]], Process]

_LIVE: set[Process] = set()
"""Every cue process started and not yet seen to end, whichever runner started it."""


class _CueProcess(subprocess.Popen[bytes]):
    def terminate(self) -> None:
        # Its own session is its own process group: end what it started too. Windows has no
        # process groups to signal (nor os.killpg): the process alone is ended there.
        killpg = getattr(os, "killpg", None)
        try:
            if killpg is None:
                raise OSError("no process groups")
            killpg(self.pid, signal.SIGTERM)
        except OSError:
            super().terminate()


def launch_detached(arguments: Sequence[str]) -> Process:
    """Start a program with no input or output, in a session of its own.

    Its own session keeps a Ctrl+C meant for postchain from reaching it, and its output can
    never draw over the full-screen app. Whatever still runs when postchain exits is ended.

    Args:
        arguments: the program and its arguments.

    Returns:
        The running process.

    Raises:
        OSError: when the program cannot be started (not found, not executable).
    """
    if not _LIVE:
        atexit.unregister(end_every_cue)
        atexit.register(end_every_cue)
    process = _CueProcess(
        list(arguments),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    _LIVE.add(process)
    return process


def end_every_cue() -> None:
    """End every cue process still running, without waiting for any (postchain is exiting)."""
    for process in list(_LIVE):
        _end(process)
    _LIVE.clear()


def _end(process: Process) -> None:
    if process.poll() is None:
        with contextlib.suppress(OSError):
            process.terminate()


class CueCommand:
    """Runs the user's cue command, one process at a time, without ever waiting for it.

    A new cue ends the one before if it still runs (the step it spoke of is over), and a cue
    that runs longer than ``time_limit_s`` is ended and reported, once.

    Args:
        template: the command, with ``{text}`` where the words go.
        launch: starts a process; tests may pass their own.
        clock: seconds on a monotonic clock; tests may pass their own.
        time_limit_s: how long one cue may run.
    """

    def __init__(
        self,
        template: str,
        launch: Launcher = launch_detached,
        clock: Callable[[], float] = time.monotonic,
        time_limit_s: float = CUE_TIME_LIMIT_S,
    ) -> None:
        self.template = template
        self._launch = launch
        self._clock = clock
        self.time_limit_s = time_limit_s
        self._current: Process | None = None
        self._started_at = 0.0
        self._ending: list[Process] = []
        self.failure: str | None = None
        """Why the command failed, once it has; later failures are not reported again."""

    @property
    def running(self) -> int:
        """How many started processes have not been seen to finish yet (ended ones included)."""
        return len(self._ending) + (self._current is not None)

    def say(self, text: str) -> str | None:
        """Run the command with ``text``, ending the cue before if it still runs; never waits.

        Args:
            text: the words.

        Returns:
            A problem to report, the first time the command fails (also one noticed now
            about an earlier cue); None otherwise.
        """
        problem = self.reap()
        self._end_current()
        try:
            arguments = command_arguments(self.template, text)
            process = self._launch(arguments)
        except CueCommandError as error:
            return problem or self._failed(f"The cue command {error}.")
        except OSError as error:
            reason = error.strerror or str(error)
            return problem or self._failed(f"The cue command could not be started: {reason}.")
        self._current, self._started_at = process, self._clock()
        return problem

    def reap(self) -> str | None:
        """Collect the processes that have finished and end the one over its time, never waiting.

        Returns:
            A problem to report, the first time a cue exited with a failure status or hung.
        """
        problem = None
        for process in list(self._ending):
            if process.poll() is not None:
                self._ending.remove(process)
                _LIVE.discard(process)
        current = self._current
        if current is None:
            return None
        status = current.poll()
        if status is None and self._clock() - self._started_at > self.time_limit_s:
            self._end_current()
            limit = f"{self.time_limit_s:g}"
            problem = self._failed(
                f"The cue command was still running after {limit} seconds and was ended."
            )
        elif status is not None:
            self._current = None
            _LIVE.discard(current)
            if status != 0:
                problem = self._failed(f"The cue command failed (exit status {status}).")
        return problem

    def stop(self) -> None:
        """End every process of this command now (the app is closing, or the command changed)."""
        self._end_current()
        for process in self._ending:
            _end(process)

    def _end_current(self) -> None:
        if self._current is None:
            return
        _end(self._current)
        self._ending.append(self._current)
        self._current = None

    def _failed(self, reason: str) -> str | None:
        if self.failure is not None:
            return None
        self.failure = reason
        return reason
