"""A real cue command for the tests: it appends the words it is given to a file."""

from __future__ import annotations

import shlex
import sys
import time
from pathlib import Path

from postchain_tui.core.cue_command import CueCommand
from postchain_tui.cue_announcer import CueAnnouncer

WAIT_FOR_PROCESS_S = 10.0


def recording_command(out: Path) -> str:
    """A cue command template that appends its ``{text}`` argument, one line each, to ``out``."""
    script = f"import sys; open({str(out)!r}, 'a', encoding='utf-8').write(sys.argv[1] + chr(10))"
    return f"{shlex.quote(sys.executable)} -c {shlex.quote(script)} {{text}}"


def failing_command(status: int = 3) -> str:
    """A cue command template that starts, then exits with ``status``."""
    return f"{shlex.quote(sys.executable)} -c {shlex.quote(f'raise SystemExit({status})')} {{text}}"


def lines_written(out: Path, count: int) -> list[str]:
    """The lines in ``out`` once there are ``count`` of them (the commands run on their own).

    Waits at most ``WAIT_FOR_PROCESS_S``; returns whatever is there by then.
    """
    deadline = time.monotonic() + WAIT_FOR_PROCESS_S
    while True:
        lines = out.read_text(encoding="utf-8").splitlines() if out.exists() else []
        if len(lines) >= count or time.monotonic() > deadline:
            return lines
        time.sleep(0.02)


def wait_until_finished(command: CueCommand | None) -> str | None:
    """Collect the command's processes until none is left running (the test is over).

    Returns:
        A problem reported while collecting them, if any.
    """
    problem = None
    deadline = time.monotonic() + WAIT_FOR_PROCESS_S
    while command is not None and command.running and time.monotonic() < deadline:
        problem = command.reap() or problem
        time.sleep(0.01)
    return problem


def announcer_settled(announcer: CueAnnouncer) -> None:
    """Let the app's announcer collect its processes, as its timer would, until none is left."""
    deadline = time.monotonic() + WAIT_FOR_PROCESS_S
    while announcer.command is not None and announcer.command.running:
        if time.monotonic() > deadline:
            return
        announcer.reap()
        time.sleep(0.01)
