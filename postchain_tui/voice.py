"""The voice, wired into the app: the speaker the settings ask for, and what to tell the user.

Finding the engine and running it (one utterance at a time, never waiting) is Textual-free and
lives in ``postchain_tui.core.speech``; this adds the app's part: notes when no engine is found
or one fails, and turning the voice on and off.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from textual.app import App

from postchain_tui.core.settings import Settings
from postchain_tui.core.speech import (
    AUTO,
    OFF,
    Speaker,
    SpeechLauncher,
    find_engines,
    install_advice,
    launch_utterance,
)


@dataclass(frozen=True, slots=True)
class SpeechSystem:
    """What the voice needs of the machine; tests pass their own.

    Attributes:
        platform: ``sys.platform``.
        which: finds a program on PATH.
        launch: starts a speech process.
    """

    platform: str = sys.platform
    which: Callable[[str], str | None] = field(default=shutil.which)
    launch: SpeechLauncher = field(default=launch_utterance)


def this_machine() -> SpeechSystem:
    """The machine postchain runs on."""
    return SpeechSystem()


def toggled_voice(current: str, earlier: str = AUTO) -> str:
    """The ``voice`` setting after the voice key.

    Args:
        current: the setting now.
        earlier: the choice before it was last turned off, to go back to.

    Returns:
        ``off`` for a voice that is on; the earlier choice (``auto`` if none) for one that is off.
    """
    return earlier if current == OFF else OFF


class Voice:
    """Says the session's words through the speech engine the settings choose.

    Args:
        app: the app, for notifications.
        system: the machine's facts; :func:`this_machine` when None.
    """

    def __init__(self, app: App[Any], system: SpeechSystem | None = None) -> None:
        self.app = app
        self.system = system or this_machine()
        self.choice = OFF
        self.rate = 0
        self.speaker = Speaker([], launch=self.system.launch)
        self.last_on = AUTO
        """The last choice that was not ``off``, for the voice key to go back to."""

    @property
    def speaking(self) -> bool:
        """Whether there is an engine to speak through."""
        return self.speaker.engine is not None

    def use(self, settings: Settings) -> None:
        """Speak as these settings say from now on; engines are looked for again on a change."""
        if (settings.voice, settings.voice_rate) == (self.choice, self.rate):
            return
        self.speaker.silence()
        self.choice, self.rate = settings.voice, settings.voice_rate
        if self.choice != OFF:
            self.last_on = self.choice
        engines = find_engines(self.choice, self.system.platform, self.system.which)
        self.speaker = Speaker(engines, self.rate, self.system.launch)

    def missing(self) -> str | None:
        """One line saying the voice cannot speak and how to change that, or None when it can."""
        if self.choice == OFF or self.speaking:
            return None
        advice = install_advice(self.system.platform)
        if self.choice == AUTO:
            return f"No speech engine found: for spoken cues, {advice}."
        return f"The voice {self.choice} is not installed: {advice}, or set the voice to auto."

    def say(self, words: str) -> None:
        """Say ``words``, ending whatever is being said; returns at once."""
        if self.speaking:
            self._report(self.speaker.say(words))

    def silence(self) -> None:
        """End what is being said."""
        self.speaker.silence()

    def close(self) -> None:
        """End every speech process; the app is exiting."""
        self.speaker.close()

    def status(self) -> str:
        """The voice in a few words, e.g. ``on (espeak-ng)``."""
        engine = self.speaker.engine
        if engine is not None:
            return f"on ({engine.name})"
        return "off" if self.choice == OFF else "on, but no speech engine was found"

    def _report(self, problem: str | None) -> None:
        if problem is None:
            return
        self.app.notify(problem, title="Voice", severity="warning", timeout=10, markup=False)
