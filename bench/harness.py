"""Running programs in a private tmux server and reading them from outside, as a user would.

Every program runs in its own tmux session of ``WIDTH`` x ``HEIGHT`` cells on a private socket,
so nothing touches the user's own tmux. One control-mode client (``tmux -C``) carries every
command and answer over a pipe: starting a program, reading its screen or its title, sending
keys. No process is spawned per poll, so the screen can be read every few milliseconds and a
program's start is timed from the moment the tmux server is asked to spawn it.

Times are read on ``CLOCK_BOOTTIME``, the clock postchain's sessions run on, so a deadline the
app computed and a moment the benchmark saw can be compared directly.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

WIDTH = 100
HEIGHT = 30
TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")
CONTROL_SESSION = "control"
TERM = "xterm-256color"
UNSET = ("PYTHONDONTWRITEBYTECODE",)
"""Programs run as after a normal install, which compiles their bytecode once; where the
environment turns that off, the benchmark turns it back on (see ``Workspace.env``)."""
BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent


def now() -> float:
    """Seconds on ``CLOCK_BOOTTIME`` (the session clock), or the monotonic clock elsewhere."""
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    if boottime is not None:
        return time.clock_gettime(boottime)
    return time.monotonic()


def wall_minus_now() -> float:
    """How far the wall clock is ahead of :func:`now`; read twice and take the closer pair."""
    best: tuple[float, float] | None = None
    for _ in range(5):
        before = now()
        wall = time.time()
        after = now()
        if best is None or after - before < best[0]:
            best = (after - before, wall - (before + after) / 2)
    assert best is not None
    return best[1]


class TmuxError(RuntimeError):
    """tmux refused a command."""


class Control:
    """A tmux control-mode client: one command at a time, its answer as lines.

    Args:
        socket: the server's socket.
        session: the session the client attaches to (one of its own, so it sizes nothing).
    """

    def __init__(self, socket: Path, session: str) -> None:
        self.process = subprocess.Popen(
            ["tmux", "-S", str(socket), "-C", "attach-session", "-t", session],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self._read_block()  # the answer to the attach itself
        self.command("refresh-client -f no-output")

    def command(self, line: str) -> list[str]:
        """Run one tmux command line and return what it printed, line by line.

        Raises:
            TmuxError: when tmux answers with an error.
        """
        stdin = self.process.stdin
        assert stdin is not None
        stdin.write(line.encode() + b"\n")
        stdin.flush()
        return self._read_block(line)

    def _read_block(self, line: str = "") -> list[str]:
        stdout = self.process.stdout
        assert stdout is not None
        while True:  # skip notifications until the answer starts
            raw = stdout.readline()
            if not raw:
                raise TmuxError(f"the tmux control client went away (after {line!r})")
            if raw.startswith(b"%begin"):
                break
        lines: list[str] = []
        while True:
            raw = stdout.readline()
            if not raw:
                raise TmuxError(f"the tmux control client went away (after {line!r})")
            if raw.startswith((b"%end", b"%error")):
                if raw.startswith(b"%error"):
                    raise TmuxError(f"{line!r}: {' '.join(lines)}")
                return lines
            lines.append(raw.decode("utf-8", "replace").rstrip("\n"))

    def close(self) -> None:
        """Detach and wait for the client to end."""
        if self.process.poll() is None:
            try:
                assert self.process.stdin is not None
                self.process.stdin.close()
            except OSError:
                pass
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@dataclass
class Pane:
    """One program running in its own tmux session.

    Attributes:
        server: the tmux server it runs in.
        name: its session's name.
        started: :func:`now` just before the server was asked to spawn it.
        pid: the program's process id (the command is exec'd, so it is the program itself).
    """

    server: TmuxServer
    name: str
    started: float
    pid: int

    def screen(self) -> str:
        """The visible text."""
        return "\n".join(self.server.command(f"capture-pane -p -t {self.name}"))

    def title(self) -> str:
        """The title the program set with OSC 2."""
        lines = self.server.command(f"display-message -p -t {self.name} '#{{pane_title}}'")
        return lines[0] if lines else ""

    def press(self, *keys: str) -> None:
        """Send keys by their tmux names (``Space``, ``Enter``, ``+``)."""
        quoted = " ".join(shlex.quote(key) for key in keys)
        self.server.command(f"send-keys -t {self.name} {quoted}")

    def alive(self) -> bool:
        """Whether the program is still running (a zombie counts as gone)."""
        try:
            state = Path(f"/proc/{self.pid}/stat").read_text().rpartition(")")[2].split()[0]
        except (OSError, IndexError):
            return False
        return state not in ("Z", "X")

    def cpu_seconds(self) -> float:
        """User plus system CPU time the program has used (all its threads)."""
        return cpu_seconds(self.pid)

    def peak_rss_kib(self) -> int:
        """The program's peak resident memory so far (VmHWM), in KiB."""
        return peak_rss_kib(self.pid)

    def wait_for(
        self,
        ready: Callable[[str], bool],
        timeout: float,
        interval: float = 0.010,
        phase: float = 0.0,
    ) -> float:
        """Poll the screen every ``interval`` seconds until ``ready(screen)``.

        Args:
            ready: whether a screen is the one waited for.
            timeout: seconds to wait at most.
            interval: seconds between polls.
            phase: seconds after the start to poll first, before the polls at every
                ``interval`` from then on (a frame cannot appear that soon).

        Returns:
            The estimated moment the ready frame appeared: halfway between the last poll that
            did not see it and the first that did.

        Raises:
            TimeoutError: with the last screen, when it never appeared.
        """
        deadline = now() + timeout
        previous = self.started
        screen = ""
        first_poll = self.started + phase - now()
        if first_poll > 0:
            time.sleep(first_poll)
        while now() < deadline:
            asked = now()
            screen = self.screen()
            if ready(screen):
                return (previous + now()) / 2
            if not self.alive():
                raise RuntimeError(f"{self.name} ended before it was ready; screen:\n{screen}")
            previous = asked
            pause = interval - (now() - asked)
            if pause > 0:
                time.sleep(pause)
        raise TimeoutError(f"{self.name}: not ready after {timeout} s; screen:\n{screen}")

    def stop(self, timeout: float = 5.0) -> None:
        """End the program (its session is killed, which hangs it up) and wait for it to go."""
        with contextlib.suppress(TmuxError):
            self.server.command(f"kill-session -t {self.name}")
        deadline = now() + timeout
        while self.alive() and now() < deadline:
            time.sleep(0.01)
        if self.alive():
            os.kill(self.pid, signal.SIGKILL)


@dataclass
class TmuxServer:
    """A private tmux server in ``folder``, driven through one control-mode client.

    Args:
        folder: where the socket goes (a temporary folder of the benchmark's own).
        env: variables set for every program started (on top of the benchmark's own).
    """

    folder: Path
    env: Mapping[str, str] = field(default_factory=dict)
    _control: Control | None = None
    _count: int = 0

    def __post_init__(self) -> None:
        self.socket = self.folder / "tmux.sock"
        subprocess.run(
            [
                "tmux",
                "-S",
                str(self.socket),
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                CONTROL_SESSION,
                "-x",
                str(WIDTH),
                "-y",
                str(HEIGHT),
                "sleep 1000000",
            ],
            check=True,
            timeout=10,
        )
        self._control = Control(self.socket, CONTROL_SESSION)
        for option in (
            f"set-option -g default-terminal {TERM}",
            "set-option -g remain-on-exit on",  # keep a crashed program's last words
            "set-option -g status off",
            "set-option -g history-limit 0",
        ):
            self.command(option)

    def command(self, line: str) -> list[str]:
        """Run a tmux command line through the control client."""
        assert self._control is not None
        return self._control.command(line)

    def start(
        self, argv: Sequence[str], env: Mapping[str, str] | None = None, name: str = ""
    ) -> Pane:
        """Start ``argv`` in a new detached session of ``WIDTH`` x ``HEIGHT``.

        The command is exec'd by the shell, so the session's process is the program itself. It
        runs in the server's folder, so ``python -m`` imports what is installed, not what happens
        to be in the current folder.
        """
        self._count += 1
        name = name or f"p{self._count}"
        variables = {"TERM": TERM, **self.env, **(env or {})}
        exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in variables.items())
        unset = " ".join(f"-u {name}" for name in UNSET)
        shell = f"exec env {unset} {exports} {' '.join(shlex.quote(part) for part in argv)}"
        line = (
            f"new-session -d -s {name} -x {WIDTH} -y {HEIGHT} -c {shlex.quote(str(self.folder))} "
            f"-P -F '#{{pane_pid}}' {shlex.quote(shell)}"
        )
        started = now()
        answer = self.command(line)
        return Pane(self, name, started, int(answer[0]))

    def close(self) -> None:
        """Stop every program and the server."""
        with contextlib.suppress(TmuxError):
            self.command("kill-server")
        if self._control is not None:
            self._control.close()
            self._control = None
        subprocess.run(
            ["tmux", "-S", str(self.socket), "kill-server"],
            capture_output=True,
            check=False,
            timeout=10,
        )

    def __enter__(self) -> TmuxServer:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process from ``/proc/PID/stat``, in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    # After the command name: state is field 3 of the file, utime 14 and stime 15.
    return (int(fields[11]) + int(fields[12])) / TICKS_PER_SECOND


def peak_rss_kib(pid: int) -> int:
    """VmHWM of a process from ``/proc/PID/status``, in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmHWM for process {pid}")


def python_argv(*args: str) -> list[str]:
    """This interpreter, with arguments."""
    return [sys.executable, *args]


def postchain_argv(data: Path, config: Path, *args: str) -> list[str]:
    """postchain (this interpreter's copy) on a data folder and a config folder of its own.

    The ``postchain`` command installed beside the interpreter, as a user starts it; with no
    such command, ``python -m postchain_tui``, which also loads ``runpy``.
    """
    folders = ("--data-dir", str(data), "--config-dir", str(config))
    command = Path(sys.executable).parent / "postchain"
    if command.is_file():
        return [str(command), *folders, *args]
    return python_argv("-m", "postchain_tui", *folders, *args)


def contains_all(*texts: str) -> Callable[[str], bool]:
    """A readiness test: every text is on screen."""
    return lambda screen: all(text in screen for text in texts)


def contains_count(text: str, count: int) -> Callable[[str], bool]:
    """A readiness test: ``text`` is on screen at least ``count`` times."""
    return lambda screen: screen.count(text) >= count


def all_of(*tests: Callable[[str], bool]) -> Callable[[str], bool]:
    """A readiness test: every one of ``tests`` passes."""
    return lambda screen: all(test(screen) for test in tests)


# -- figures ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spread:
    """The median, minimum and maximum of some measurements, and how many there were."""

    median: float
    low: float
    high: float
    count: int

    @classmethod
    def of(cls, values: Iterable[float]) -> Spread:
        """The spread of ``values`` (at least one)."""
        items = sorted(values)
        if not items:
            raise ValueError("no measurements")
        return cls(statistics.median(items), items[0], items[-1], len(items))


def ratio(value: float, reference: float) -> float:
    """value / reference, infinite when the reference is zero and the value is not."""
    if reference == 0:
        return 0.0 if value == 0 else float("inf")
    return value / reference


def table(headings: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """Rows as a Markdown table with columns padded to line up."""
    body = [list(headings), *(list(row) for row in rows)]
    widths = [max(len(row[column]) for row in body) for column in range(len(headings))]
    numeric = [
        all(_looks_numeric(row[column]) for row in body[1:]) for column in range(len(headings))
    ]

    def line(row: Sequence[str]) -> str:
        cells = [
            cell.rjust(width) if right else cell.ljust(width)
            for cell, width, right in zip(row, widths, numeric, strict=True)
        ]
        return "| " + " | ".join(cells) + " |"

    rule = (
        "|"
        + "|".join(
            "-" * (width + 1) + ":" if right else "-" * (width + 2)
            for width, right in zip(widths, numeric, strict=True)
        )
        + "|"
    )
    return "\n".join([line(body[0]), rule, *(line(row) for row in body[1:])])


def _looks_numeric(cell: str) -> bool:
    stripped = cell.strip().rstrip("x%").replace(".", "", 1).replace("-", "", 1)
    return stripped.isdigit() or cell.strip() in ("", "-", "n/a")
