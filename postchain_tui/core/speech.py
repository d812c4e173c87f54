"""Speaking through the platform's own speech command, one utterance at a time.

The engine is found on PATH at start: speech-dispatcher's ``spd-say``, ``espeak-ng`` or
``espeak`` on Linux, ``say`` on macOS, the built-in synthesiser through PowerShell on Windows.
Each utterance is a process of its own, started from an argument list and never through a
shell. A new utterance ends the one still speaking, so speech never lags the screen and a
count is never queued behind a long announcement. Nothing here ever waits for a process:
finished ones are collected without blocking whenever the speaker is used.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from postchain_tui.core.cue_command import clean_words

AUTO = "auto"
OFF = "off"
SPD_SAY = "spd-say"
ESPEAK_NG = "espeak-ng"
ESPEAK = "espeak"
SAY = "say"
POWERSHELL = "powershell"
ENGINE_NAMES = (SPD_SAY, ESPEAK_NG, ESPEAK, SAY, POWERSHELL)
VOICE_CHOICES = (AUTO, OFF, *ENGINE_NAMES)

DEFAULT_RATE = 175
"""Words per minute: espeak-ng's and macOS's own default pace."""
MIN_RATE = 80
MAX_RATE = 450

#: Where the text goes for PowerShell: an environment variable, so no quoting can break out.
TEXT_VARIABLE = "POSTCHAIN_SAY"
_POWERSHELL_SCRIPT = (
    "Add-Type -AssemblyName System.Speech; "
    "$voice = New-Object System.Speech.Synthesis.SpeechSynthesizer; "
    "$voice.Rate = {rate}; $voice.Speak($env:" + TEXT_VARIABLE + ")"
)

INSTALL_ADVICE = {
    "linux": "install espeak-ng (for example: sudo apt install espeak-ng)",
    "darwin": "the say command should be there: check that /usr/bin is on PATH",
    "win32": "PowerShell should be there: check that it is on PATH",
}


@dataclass(frozen=True, slots=True)
class SpeechEngine:
    """A speech command found on this machine.

    Attributes:
        name: one of ``ENGINE_NAMES``.
        program: the program's path, as found on PATH.
    """

    name: str
    program: str


@dataclass(frozen=True, slots=True)
class Utterance:
    """One process to start: its arguments, and variables to add to its environment."""

    arguments: list[str]
    environment: Mapping[str, str]


def _platform_order(platform: str) -> tuple[str, ...]:
    if platform == "darwin":
        return (SAY,)
    if platform == "win32":
        return (POWERSHELL,)
    return (SPD_SAY, ESPEAK_NG, ESPEAK)


def _programs(name: str) -> tuple[str, ...]:
    # Windows PowerShell first: it comes with Windows, and its .NET Framework has the speech
    # synthesiser. PowerShell 7 (pwsh) stands in where it is missing; its early releases
    # could not speak through it.
    return ("powershell", "pwsh") if name == POWERSHELL else (name,)


def find_engines(
    choice: str, platform: str, which: Callable[[str], str | None]
) -> list[SpeechEngine]:
    """The speech engines to use, best first.

    Args:
        choice: the ``voice`` setting: ``auto``, ``off``, or an engine's name.
        platform: ``sys.platform``.
        which: finds a program on PATH (``shutil.which``; tests pass their own).

    Returns:
        For ``auto``, every engine of the platform that is installed, in the order they are
        tried; for an engine's name, that engine when it is installed; none for ``off``.
    """
    if choice == OFF:
        return []
    names = _platform_order(platform) if choice == AUTO else (choice,)
    found = []
    for name in names:
        program = next((path for path in map(which, _programs(name)) if path), None)
        if program is not None:
            found.append(SpeechEngine(name, program))
    return found


def install_advice(platform: str) -> str:
    """How to get a speech engine on this platform, in a few words."""
    return INSTALL_ADVICE.get(platform, INSTALL_ADVICE["linux"])


def engine_rate(name: str, words_per_minute: int) -> int:
    """The ``voice_rate`` setting on the engine's own scale.

    Args:
        name: the engine.
        words_per_minute: the setting.

    Returns:
        Words per minute for espeak and say; -100 to 100 for spd-say and -10 to 10 for
        PowerShell, 0 being each one's default pace (``DEFAULT_RATE``).
    """
    if name == SPD_SAY:
        return max(-100, min(100, round((words_per_minute - DEFAULT_RATE) * 100 / DEFAULT_RATE)))
    if name == POWERSHELL:
        return max(-10, min(10, round((words_per_minute - DEFAULT_RATE) * 10 / DEFAULT_RATE)))
    return words_per_minute


def utterance(engine: SpeechEngine, text: str, words_per_minute: int) -> Utterance:
    """The process that says ``text``.

    Args:
        engine: the engine.
        text: the words; names from routine files among them, so they are cleaned first.
        words_per_minute: the ``voice_rate`` setting.

    Returns:
        The arguments (the words one argument of their own) and any variables to set.
    """
    words = clean_words(text)
    rate = str(engine_rate(engine.name, words_per_minute))
    if engine.name == SPD_SAY:
        # Cancel what speech-dispatcher is saying, and wait while it speaks: the process lives
        # exactly as long as the utterance, like the others.
        return Utterance([engine.program, "-C", "-w", "-r", rate, words], {})
    if engine.name == SAY:
        return Utterance([engine.program, "-r", rate, words], {})
    if engine.name == POWERSHELL:
        script = _POWERSHELL_SCRIPT.format(rate=rate)
        arguments = [engine.program, "-NoProfile", "-NonInteractive", "-Command", script]
        return Utterance(arguments, {TEXT_VARIABLE: words})
    return Utterance([engine.program, "-s", rate, words], {})


def silencer(engine: SpeechEngine) -> Utterance | None:
    """A process that ends speech the engine's own processes no longer hold.

    speech-dispatcher speaks in a server of its own: ending ``spd-say`` does not end the
    speech it asked for. The others speak in the process itself.
    """
    if engine.name == SPD_SAY:
        return Utterance([engine.program, "-C"], {})
    return None


class SpeechProcess(Protocol):
    """The part of :class:`subprocess.Popen` the speaker uses."""

    def poll(self) -> int | None:
        """The exit status, or None while it runs."""
        ...

    def terminate(self) -> None:
        """Ask it to end now."""
        ...


SpeechLauncher = Callable[[Utterance], SpeechProcess]


def launch_utterance(spoken: Utterance) -> SpeechProcess:
    """Start a speech process with no input or output, in a session of its own.

    Its own session keeps a Ctrl+C meant for postchain from reaching it, and its output can
    never draw over the full-screen app.

    Raises:
        OSError: when the program cannot be started.
    """
    environment = {**os.environ, **spoken.environment} if spoken.environment else None
    return subprocess.Popen(
        spoken.arguments,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=environment,
        start_new_session=True,
    )


class Speaker:
    """Says one thing at a time through the first engine that works.

    Args:
        engines: the engines to use, best first; when one fails the next takes over.
        rate: words per minute.
        launch: starts a process; tests pass their own.
    """

    def __init__(
        self,
        engines: Sequence[SpeechEngine],
        rate: int = DEFAULT_RATE,
        launch: SpeechLauncher = launch_utterance,
    ) -> None:
        self.engines = list(engines)
        self.rate = rate
        self._launch = launch
        self._speaking: SpeechProcess | None = None
        self._ending: list[SpeechProcess] = []

    @property
    def engine(self) -> SpeechEngine | None:
        """The engine in use, or None when there is none (left)."""
        return self.engines[0] if self.engines else None

    @property
    def processes(self) -> int:
        """Speech processes started and not yet seen to end."""
        return len(self._ending) + (self._speaking is not None)

    def say(self, text: str) -> str | None:
        """End what is being said and start saying ``text``; never waits.

        Returns:
            A problem to report (an engine that failed, and what is used instead), or None.
        """
        problem = self.reap()
        self._end_speaking()
        while self.engine is not None:
            try:
                self._speaking = self._launch(utterance(self.engine, text, self.rate))
                break
            except OSError as error:
                problem = self._drop(error.strerror or str(error))
        return problem

    def silence(self) -> None:
        """End every speech process now (pause, end, exit); never waits."""
        self._end_speaking()
        engine = self.engine
        quieter = silencer(engine) if engine is not None else None
        if quieter is not None:
            # When it cannot start, the next utterance fails too and says why.
            with contextlib.suppress(OSError):
                self._ending.append(self._launch(quieter))
        self.reap()

    def close(self) -> None:
        """End every speech process, those still being collected too (the app is exiting)."""
        self.silence()
        for process in self._ending:
            if process.poll() is None:
                process.terminate()

    def reap(self) -> str | None:
        """Collect the processes that have ended, without blocking.

        Returns:
            A problem to report when the speaking one failed by itself (not ended by us).
        """
        problem = None
        if self._speaking is not None:
            status = self._speaking.poll()
            if status is not None:
                self._speaking = None
                if status > 0:
                    problem = self._drop(f"exit status {status}")
        self._ending = [process for process in self._ending if process.poll() is None]
        return problem

    def _end_speaking(self) -> None:
        if self._speaking is not None:
            if self._speaking.poll() is None:
                self._speaking.terminate()
            self._ending.append(self._speaking)
            self._speaking = None

    def _drop(self, reason: str) -> str:
        failed = self.engines.pop(0)
        after = f"; using {self.engine.name} instead" if self.engine is not None else ""
        return f"{failed.name} could not speak ({reason}){after}."
