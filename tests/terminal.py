"""Driving the real ``postchain`` in a detached tmux session, and reading it from outside."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


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

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-S", str(self.socket), *args],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        return result.stdout

    def start(
        self,
        *postchain_args: str,
        env: dict[str, str] | None = None,
        status_file: Path | None = None,
    ) -> None:
        """Start postchain (this interpreter's copy) with the given arguments.

        Args:
            postchain_args: its command-line arguments.
            env: variables to set for it.
            status_file: where to write its exit status once it has ended.
        """
        exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in (env or {}).items())
        command = " ".join(
            shlex.quote(part) for part in (sys.executable, "-m", "postchain_tui", *postchain_args)
        )
        keep_status = f"echo $? > {shlex.quote(str(status_file))};" if status_file else ""
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
                f"env TERM=xterm-256color {exports} {command}; {keep_status} sleep 30",
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

    def watch(self, until: Callable[[], bool], timeout: float, interval: float = 0.01) -> None:
        """Poll the title every ``interval`` seconds, recording changes, until ``until()``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            title = self.title()
            if not self.titles or self.titles[-1].title != title:
                self.titles.append(TitleChange(time.monotonic(), title))
            if until():
                return
            time.sleep(interval)
        last = self.titles[-1].title if self.titles else None
        raise AssertionError(f"timed out after {timeout}s; last title {last!r}\n{self.screen()}")

    def wait_for_text(self, text: str, timeout: float) -> None:
        """Wait until ``text`` is on screen."""
        self.watch(lambda: text in self.screen(), timeout, interval=0.05)

    def app_pid(self) -> int:
        """The process id of postchain itself, the child of the shell running in the pane."""
        shell = int(self.tmux("display-message", "-p", "#{pane_pid}"))
        # Linux lists a process's children here; the shell's first child runs postchain (env
        # replaces itself with it).
        children = Path(f"/proc/{shell}/task/{shell}/children").read_text(encoding="ascii")
        return int(children.split()[0])

    def stop(self) -> None:
        self.tmux("kill-server")
