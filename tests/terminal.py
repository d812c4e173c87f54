"""Driving the real ``postchain`` in a detached tmux session, and reading it from outside."""

from __future__ import annotations

import json
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

SPEECH_ENGINES = ("spd-say", "espeak-ng", "espeak", "say")
SECONDS_PER_CHARACTER = 0.06
"""How long the stand-in speech takes, about as long as espeak-ng at its default pace."""

STAND_IN_SPEECH = """\
#!{python} -IS
import json, os, signal, sys, time

started = time.monotonic()


def write(entry):
    with open({record!r}, "a", encoding="utf-8") as out:
        out.write(json.dumps(entry) + "\\n")


def ended(*_):
    write({{"pid": os.getpid(), "ended": time.monotonic()}})
    os._exit(0)


signal.signal(signal.SIGTERM, ended)
name = os.path.basename(sys.argv[0])
write({{"pid": os.getpid(), "started": started, "name": name, "args": sys.argv[1:]}})
time.sleep(len(sys.argv[-1]) * {pace})
ended()
"""


@dataclass
class Utterance:
    """One stand-in speech process: when it started and ended, and what it was given."""

    pid: int
    started: float
    name: str
    args: list[str]
    ended: float | None = None

    @property
    def words(self) -> str:
        return self.args[-1] if self.args else ""


def stand_in_speech(folder: Path) -> Path:
    """A folder of silent speech commands (every engine postchain looks for), to put on PATH.

    Each records in ``folder / "said.jsonl"`` when it started (``time.monotonic``), what it was
    given and when it ended, and takes as long to "speak" as a real engine would.
    """
    folder.mkdir(parents=True, exist_ok=True)
    script = STAND_IN_SPEECH.format(
        python=sys.executable, record=str(folder / "said.jsonl"), pace=SECONDS_PER_CHARACTER
    )
    for name in SPEECH_ENGINES:
        path = folder / name
        path.write_text(script, encoding="utf-8")
        path.chmod(0o755)
    return folder


def utterances(folder: Path) -> list[Utterance]:
    """What the stand-in speech commands in ``folder`` recorded, in the order they started."""
    record = folder / "said.jsonl"
    if not record.exists():
        return []
    started: dict[int, Utterance] = {}
    for line in record.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if "started" in entry:
            started[entry["pid"]] = Utterance(
                entry["pid"], entry["started"], entry["name"], entry["args"]
            )
        elif entry["pid"] in started:
            started[entry["pid"]].ended = entry["ended"]
    return sorted(started.values(), key=lambda utterance: utterance.started)


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

    def start(
        self,
        *postchain_args: str,
        env: dict[str, str] | None = None,
        status_file: Path | None = None,
    ) -> None:
        """Start postchain (this interpreter's copy) with the given arguments.

        Its speech goes to silent stand-ins (see :func:`stand_in_speech`) in ``speech/``
        beside the socket, never to a loudspeaker.

        Args:
            postchain_args: its command-line arguments.
            env: variables to set for it.
            status_file: where to write its exit status once it has ended.
        """
        speech = stand_in_speech(self.speech_folder)
        variables = {"PATH": f"{speech}{os.pathsep}{os.environ.get('PATH', '')}", **(env or {})}
        exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in variables.items())
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

    @property
    def speech_folder(self) -> Path:
        """Where the stand-in speech commands are, and what they recorded."""
        return self.socket.parent / "speech"

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
