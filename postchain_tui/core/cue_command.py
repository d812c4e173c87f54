"""Spoken cues and desktop notifications: a user's command, run at every step change.

The command is a template such as ``espeak-ng "{text}"`` or ``notify-send postchain "{text}"``.
It is split like a shell would split it, ``{text}`` is replaced inside the arguments by the
step's words (``core.spoken``), and the program is started directly, never through a shell, so
nothing in a routine file can run a command of its own. The runner never waits for the program:
finished ones are collected without blocking whenever the runner is used, so a slow speech
synthesizer never holds up the countdown. A command that fails is reported once, not at every step.
"""

from __future__ import annotations

import re
import subprocess
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


def split_template(template: str) -> list[str]:
    """Split a cue command template into its program and arguments, as a shell would.

    Args:
        template: the user's command.

    Returns:
        The words, ``{text}`` still in them.

    Raises:
        CueCommandError: when the template is empty or its quotes do not close.
    """
    import shlex  # only with a cue command set

    try:
        parts = shlex.split(template)
    except ValueError as error:
        raise CueCommandError(f"cannot be split into words: {error}") from None
    if not parts:
        raise CueCommandError("is empty")
    return parts


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


class Process(Protocol):
    """The part of :class:`subprocess.Popen` the runner uses."""

    def poll(self) -> int | None:
        """The exit status, or None while it runs."""
        ...


Launcher = Callable[[Sequence[str]], Process]


def launch_detached(arguments: Sequence[str]) -> Process:
    """Start a program with no input or output, in a session of its own.

    Its own session keeps a Ctrl+C meant for postchain from reaching it, and its output can
    never draw over the full-screen app.

    Args:
        arguments: the program and its arguments.

    Returns:
        The running process.

    Raises:
        OSError: when the program cannot be started (not found, not executable).
    """
    return subprocess.Popen(
        list(arguments),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


class CueCommand:
    """Runs the user's cue command, one process per cue, without ever waiting for it.

    Args:
        template: the command, with ``{text}`` where the words go.
        launch: starts a process; tests may pass their own.
    """

    def __init__(self, template: str, launch: Launcher = launch_detached) -> None:
        self.template = template
        self._launch = launch
        self._running: list[Process] = []
        self.failure: str | None = None
        """Why the command failed, once it has; later failures are not reported again."""

    @property
    def running(self) -> int:
        """How many started processes have not been seen to finish yet."""
        return len(self._running)

    def say(self, text: str) -> str | None:
        """Run the command with ``text``; never waits for it.

        Args:
            text: the words.

        Returns:
            A problem to report, the first time the command fails (also one noticed now
            about an earlier cue); None otherwise.
        """
        problem = self.reap()
        try:
            arguments = command_arguments(self.template, text)
            self._running.append(self._launch(arguments))
        except CueCommandError as error:
            problem = problem or self._failed(f"The cue command {error}.")
        except OSError as error:
            reason = error.strerror or str(error)
            problem = problem or self._failed(f"The cue command could not be started: {reason}.")
        return problem

    def reap(self) -> str | None:
        """Collect the processes that have finished, without blocking.

        Returns:
            A problem to report, the first time one of them exited with a failure status.
        """
        problem = None
        still_running = []
        for process in self._running:
            status = process.poll()
            if status is None:
                still_running.append(process)
            elif status != 0 and problem is None:
                problem = self._failed(f"The cue command failed (exit status {status}).")
        self._running = still_running
        return problem

    def _failed(self, reason: str) -> str | None:
        if self.failure is not None:
            return None
        self.failure = reason
        return reason
