"""A real cue command for the tests: it appends the words it is given to a file."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from postchain_tui.core.cue_command import CueCommand
from postchain_tui.cue_announcer import CueAnnouncer
from tests.waiting import wait_until


def recording_command(out: Path) -> str:
    """A cue command template that appends its ``{text}`` argument, one line each, to ``out``."""
    script = f"import sys; open({str(out)!r}, 'a', encoding='utf-8').write(sys.argv[1] + chr(10))"
    return f"{shlex.quote(sys.executable)} -c {shlex.quote(script)} {{text}}"


def failing_command(status: int = 3) -> str:
    """A cue command template that starts, then exits with ``status``."""
    return f"{shlex.quote(sys.executable)} -c {shlex.quote(f'raise SystemExit({status})')} {{text}}"


def lines_written(out: Path, count: int) -> list[str]:
    """The lines in ``out`` once there are ``count`` of them (the commands run on their own)."""

    def lines() -> list[str]:
        return out.read_text(encoding="utf-8").splitlines() if out.exists() else []

    wait_until(lambda: len(lines()) >= count, f"{count} lines written to {out.name}", detail=lines)
    return lines()


def wait_until_finished(command: CueCommand | None) -> str | None:
    """Collect the command's processes until none is left running (the test is over).

    Returns:
        A problem reported while collecting them, if any.
    """
    problems: list[str | None] = []

    def finished() -> bool:
        if command is None:
            return True
        problems.append(command.reap())
        return not command.running

    wait_until(finished, "every cue command process ended")
    return next((problem for problem in reversed(problems) if problem), None)


def announcer_settled(announcer: CueAnnouncer) -> None:
    """Let the app's announcer collect its processes, as its timer would, until none is left."""

    def settled() -> bool:
        if announcer.command is None or not announcer.command.running:
            return True
        announcer.reap()
        return False

    wait_until(settled, "every cue command process of the app ended")
