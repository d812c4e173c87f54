"""What the History screen reads from the session index, in a worker thread: the index brought
up to date, every session's summary, then the calendar's weeks read in full and measured. Each
step posts a message back to the screen, so a long log never holds up a key or a frame."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.message import Message
from textual.message_pump import MessagePump
from textual.worker import get_current_worker

from postchain_tui.core.history import INDEX_ERRORS, SessionIndex, SessionSummary
from postchain_tui.core.record import SessionFileError
from postchain_tui.screens.history_progress import Measures, measure


class LogListed(Message, bubble=False):
    """The index is up to date.

    Attributes:
        summaries: the sessions, newest first.
        problems: the files skipped, and why.
    """

    def __init__(self, summaries: list[SessionSummary], problems: list[SessionFileError]) -> None:
        super().__init__()
        self.summaries = summaries
        self.problems = problems


class LogMeasured(Message, bubble=False):
    """The calendar's weeks have been read in full: trends and side balance."""

    def __init__(self, measures: Measures) -> None:
        super().__init__()
        self.measures = measures


class LogUnreadable(Message, bubble=False):
    """The log could not be read.

    Attributes:
        reason: why.
    """

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


def read_log(
    screen: MessagePump,
    sessions_dir: Path,
    index_path: Path | None,
    since: date,
    list_sessions: bool,
) -> None:
    """Bring the index up to date, list the sessions, then measure the weeks since a day.

    Args:
        screen: where the messages go.
        sessions_dir: the sessions folder.
        index_path: the session index file; None keeps the index in memory.
        since: the calendar's first day.
        list_sessions: False only measures again (after a session was deleted).
    """
    worker = get_current_worker()
    try:
        with SessionIndex.open(sessions_dir, index_path) as index:
            problems = index.refresh()
            if list_sessions and not worker.is_cancelled:
                screen.post_message(LogListed(index.summaries(), problems))
            measured = LogMeasured(measure(index, since))
    except INDEX_ERRORS as error:
        screen.post_message(LogUnreadable(str(error)))
        return
    if not worker.is_cancelled:
        screen.post_message(measured)
