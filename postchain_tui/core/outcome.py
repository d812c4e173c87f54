"""What a session left behind when it ended: for the summary, and for the line said on exit."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from postchain_tui.core.counting import session_counts
from postchain_tui.core.durations import format_duration
from postchain_tui.core.record import SessionLog
from postchain_tui.core.routine import Routine

NOTHING_LOGGED = "Nothing done; not logged."


@dataclass(frozen=True, slots=True)
class SessionOutcome:
    """How a session ended.

    Attributes:
        routine: the routine that was done.
        log: the session as last saved (or as it would have been saved); None when it ended
            before any set began, so that nothing was logged.
        saved_to: the file the log is in, or None when it was not saved.
        save_error: why the last save failed, or empty.
    """

    routine: Routine
    log: SessionLog | None
    saved_to: Path | None
    save_error: str = ""


def exit_line(outcome: SessionOutcome) -> str:
    """One line about a session, printed when the app it was started in closes.

    Returns:
        e.g. ``pre-run-activation: 4:21, 10/10 sets, saved to .../sessions/....toml``.
    """
    log = outcome.log
    if log is None:
        return f"{outcome.routine.id}: {NOTHING_LOGGED}"
    counts = session_counts(log)
    state = "" if counts.complete else f" ({counts.state})"
    if outcome.saved_to is not None:
        where = f"saved to {outcome.saved_to}"
    else:
        where = f"NOT saved: {outcome.save_error}"
    time = format_duration(log.wall_s)
    return f"{outcome.routine.id}: {time}, {counts.sets_text} sets{state}, {where}"
