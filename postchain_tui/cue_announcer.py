"""The cue command, wired into the app: run at each step change, a failure reported once.

The running itself (splitting the template, starting the program, never waiting, one cue at a
time within a time limit, none left running at exit) is Textual-free and lives in
``postchain_tui.core.cue_command``; this adds the app's part: a notification when the command
fails, and a timer that collects finished processes while any are running.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.timer import Timer

from postchain_tui.core.cue_command import CueCommand, Launcher, launch_detached


class CueAnnouncer:
    """Says each step's words through the user's cue command, if they have one.

    Args:
        app: the app, for notifications and the collecting timer.
        launch: starts a process; tests may pass their own.
        advice: said after a failure, about what happens next.
    """

    REAP_INTERVAL_S = 1.0
    SESSION_ADVICE = (
        "The session goes on without spoken cues; the command can be changed in Settings."
    )

    def __init__(
        self, app: App[Any], launch: Launcher = launch_detached, advice: str = SESSION_ADVICE
    ) -> None:
        self.app = app
        self._launch = launch
        self.advice = advice
        self.command: CueCommand | None = None
        self._reaper: Timer | None = None

    def use(self, template: str) -> None:
        """Run this command from now on; an empty one turns cues off.

        A new command gets a fresh chance: its failure is reported even if the old one's was.

        Args:
            template: the command, with ``{text}`` where the words go.
        """
        if self.command is not None and self.command.template == template:
            return
        if self.command is not None:
            self.command.stop()
        self.command = CueCommand(template, self._launch) if template.strip() else None

    def say(self, words: str) -> None:
        """Run the command with ``words``; returns at once.

        Args:
            words: what to say.
        """
        if self.command is None:
            return
        self._report(self.command.say(words))
        if self.command.running and self._reaper is None:
            self._reaper = self.app.set_interval(self.REAP_INTERVAL_S, self.reap, name="cue-reaper")

    def reap(self) -> None:
        """Collect finished processes without waiting; stop the timer when none are left."""
        if self.command is not None:
            self._report(self.command.reap())
        if (self.command is None or not self.command.running) and self._reaper is not None:
            self._reaper.stop()
            self._reaper = None

    def _report(self, problem: str | None) -> None:
        if problem is None:
            return
        self.app.notify(
            f"{problem} {self.advice}".strip(),
            title="Cue command",
            severity="warning",
            timeout=10,
            markup=False,
        )
