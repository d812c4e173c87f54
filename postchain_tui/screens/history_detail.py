"""The training log's detail pane: every step of the highlighted session, with the sessions
read lately kept in memory so that going back over them reads no file again."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from postchain_tui.core.record import SessionFileError, SessionLog
from postchain_tui.screens.log_text import session_detail

LOGS_KEPT = 64
"""Sessions kept in memory once read for the detail; the least recently shown goes first."""


class SessionDetail(VerticalScroll):
    """A session step by step, once read from its file.

    Args:
        load_unit: what loads are counted in, ``kg`` or ``lb``.
        id: the widget's id.
    """

    def __init__(self, load_unit: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.load_unit = load_unit
        self._logs: dict[str, SessionLog | SessionFileError] = {}

    def compose(self) -> ComposeResult:
        """The session's text."""
        yield Static(id="detail")

    def known(self, session_id: str) -> SessionLog | SessionFileError | None:
        """The session as read lately, or why it could not be; None if it has to be read."""
        return self._logs.get(session_id)

    def remember(self, session_id: str, found: SessionLog | SessionFileError) -> None:
        """Keep a session read (or why it could not be), as the one read most recently.

        Args:
            session_id: the session.
            found: the session, or why it could not be read.
        """
        self._logs.pop(session_id, None)
        self._logs[session_id] = found  # last in the order: read most recently
        if len(self._logs) > LOGS_KEPT:
            del self._logs[next(iter(self._logs))]

    def forget(self, session_id: str) -> None:
        """Drop a session deleted from the log."""
        self._logs.pop(session_id, None)

    def say(self, text: str) -> None:
        """Show a line in place of a session."""
        self.query_one("#detail", Static).update(text)

    def show(self, session_id: str) -> bool:
        """Show every step of a session read already.

        Args:
            session_id: the session.

        Returns:
            False when the session has not been read yet: it says so, and is to be read.
        """
        found = self._logs.get(session_id)
        if found is None:
            self.say("Reading the session…")
            return False
        self.remember(session_id, found)
        detail = self.query_one("#detail", Static)
        if isinstance(found, SessionFileError):
            detail.update(f"This session cannot be read: {found.message}")
        else:
            detail.update(session_detail(found, self.load_unit))
        self.scroll_home(animate=False)
        return True
