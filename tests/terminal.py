"""Driving the real ``postchain`` in a detached tmux session, and reading it from outside."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.waiting import wait_until

UNDER_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
TMUX_MISSING = shutil.which("tmux") is None

# On a developer's machine the terminal tests are skipped without tmux; under CI they run, and
# fail, so that a CI without tmux never passes having tested nothing in a real terminal.
needs_tmux = pytest.mark.skipif(TMUX_MISSING and not UNDER_CI, reason="tmux is not installed")


@dataclass
class TitleChange:
    """The terminal title became ``title`` at ``at`` (time.monotonic seconds)."""

    at: float
    title: str


@dataclass
class TmuxApp:
    """One ``postchain`` process running in its own tmux server.

    Args:
        socket: a private tmux socket, so tests never touch the user's tmux.
        width: terminal columns.
        height: terminal rows.
    """

    socket: Path
    width: int = 100
    height: int = 30
    titles: list[TitleChange] = field(default_factory=list)

    def __post_init__(self) -> None:
        if TMUX_MISSING:
            pytest.fail("tmux is not installed, and under CI the terminal tests must run")

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-S", str(self.socket), *args],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        return result.stdout

    def start(self, *postchain_args: str, env: dict[str, str] | None = None) -> None:
        """Start postchain (this interpreter's copy) with the given arguments."""
        exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in (env or {}).items())
        command = " ".join(
            shlex.quote(part) for part in (sys.executable, "-m", "postchain_tui", *postchain_args)
        )
        # Keep the pane after exit so its last screen can still be read.
        subprocess.run(
            [
                "tmux",
                "-S",
                str(self.socket),
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-x",
                str(self.width),
                "-y",
                str(self.height),
                f"env TERM=xterm-256color {exports} {command}; sleep 30",
            ],
            check=True,
            timeout=10,
        )

    def screen(self) -> str:
        """The visible text of the pane."""
        return self.tmux("capture-pane", "-p")

    def title(self) -> str:
        """The pane's title, as set by the app through OSC 2."""
        return self.tmux("display-message", "-p", "#{pane_title}").rstrip("\n")

    def press(self, *keys: str) -> None:
        """Send keys, tmux names (``Space``, ``Enter``) or literal text."""
        self.tmux("send-keys", *keys)

    def watch(
        self, until: Callable[[], bool], what: str, timeout: float, interval: float = 0.01
    ) -> None:
        """Poll the title every ``interval`` seconds, recording changes, until ``until()``.

        Raises:
            AssertionError: naming ``what`` never happened, with the last title and the screen.
        """

        def polled() -> bool:
            title = self.title()
            if not self.titles or self.titles[-1].title != title:
                self.titles.append(TitleChange(time.monotonic(), title))
            return until()

        wait_until(
            polled,
            what,
            timeout=timeout,
            interval=interval,
            detail=lambda: f"last title {self.title()!r}\n{self.screen()}",
        )

    def wait_for_text(self, text: str, timeout: float) -> None:
        """Wait until ``text`` is on screen."""
        self.watch(lambda: text in self.screen(), f"{text!r} on screen", timeout, interval=0.05)

    def app_pid(self) -> int:
        """The process id of postchain itself, the child of the shell running in the pane."""
        shell = int(self.tmux("display-message", "-p", "#{pane_pid}"))
        # Linux lists a process's children here; the shell's first child runs postchain (env
        # replaces itself with it).
        children = Path(f"/proc/{shell}/task/{shell}/children").read_text(encoding="ascii")
        return int(children.split()[0])

    def stop(self) -> None:
        self.tmux("kill-server")
