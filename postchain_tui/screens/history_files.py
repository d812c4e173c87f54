"""What the History screen does to session files, in worker threads: reading one to show it,
saving an edit, deleting one. Each posts a message back to the screen with what it came to, so
a slow disk never holds up a key or a frame."""

from __future__ import annotations

from pathlib import Path

from textual.message import Message
from textual.message_pump import MessagePump

from postchain_tui.core.history import SessionSummary
from postchain_tui.core.record import SessionFileError, SessionLog
from postchain_tui.core.running import is_running
from postchain_tui.core.store import SessionStore


class SessionRead(Message, bubble=False):
    """A session's file has been read (or could not be).

    Attributes:
        session_id: the session.
        found: the session, or why it could not be read.
        to_edit: it was read to be edited.
    """

    def __init__(
        self, session_id: str, found: SessionLog | SessionFileError, to_edit: bool
    ) -> None:
        super().__init__()
        self.session_id = session_id
        self.found = found
        self.to_edit = to_edit


class SessionChanged(Message, bubble=False):
    """An edit was saved or a session deleted, or why not.

    Attributes:
        deleting: it was a delete, not an edit.
        done: the session as saved (an edit) or as it was listed (a delete); None when not done.
        running: not done because the session is still running.
        error: not done because the disk refused: why.
    """

    def __init__(
        self,
        *,
        deleting: bool,
        done: SessionLog | SessionSummary | None = None,
        running: bool = False,
        error: str = "",
    ) -> None:
        super().__init__()
        self.deleting = deleting
        self.done = done
        self.running = running
        self.error = error


def read_session(
    screen: MessagePump, store: SessionStore, session_id: str, to_edit: bool = False
) -> None:
    """Read a session's file and post a :class:`SessionRead` to ``screen``."""
    try:
        found: SessionLog | SessionFileError = store.load(store.path_for(session_id))
    except SessionFileError as error:
        found = error
    screen.post_message(SessionRead(session_id, found, to_edit))


def save_edit(
    screen: MessagePump, store: SessionStore, running_dir: Path | None, log: SessionLog
) -> None:
    """Save an edited session, unless it is running; post a :class:`SessionChanged`."""
    if is_running(running_dir, log.id):
        screen.post_message(SessionChanged(deleting=False, running=True))
        return
    try:
        store.save(log)
    except OSError as error:
        screen.post_message(SessionChanged(deleting=False, error=str(error.strerror or error)))
        return
    screen.post_message(SessionChanged(deleting=False, done=log))


def delete_session(
    screen: MessagePump, store: SessionStore, running_dir: Path | None, summary: SessionSummary
) -> None:
    """Delete a session's file, unless it is running; post a :class:`SessionChanged`."""
    if is_running(running_dir, summary.id):
        screen.post_message(SessionChanged(deleting=True, running=True))
        return
    try:
        store.delete(summary.id)
    except OSError as error:
        screen.post_message(SessionChanged(deleting=True, error=str(error.strerror or error)))
        return
    screen.post_message(SessionChanged(deleting=True, done=summary))


def folder_stamp(folder: Path) -> tuple[int, int]:
    """What changes when a file of the folder is added, removed or replaced.

    Args:
        folder: the sessions folder.
    """
    try:
        status = folder.stat()
    except OSError:
        return (0, 0)
    return (status.st_ino, status.st_mtime_ns)
