"""The training log: every session step by step, the weeks against the goal, and the trends.

The list comes from the session index's summaries, so thousands of sessions show at once; a
session's steps are read from its file only when it is highlighted. The index is brought up to
date in a worker thread, and the calendar's weeks are read in full there too, for the trends
and the left/right balance, so the screen never waits on the disk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from postchain_tui.core.history import SessionSummary
from postchain_tui.core.overview import week_goal
from postchain_tui.core.record import SessionFileError, SessionLog
from postchain_tui.core.results_text import sets_text
from postchain_tui.core.running import is_running
from postchain_tui.core.stats import DEFAULT_WEEKLY_GOAL
from postchain_tui.core.store import SessionStore
from postchain_tui.screens.confirm import ConfirmationModal
from postchain_tui.screens.feedback import FeedbackModal
from postchain_tui.screens.history_detail import SessionDetail
from postchain_tui.screens.history_files import (
    SessionChanged,
    SessionRead,
    delete_session,
    folder_stamp,
    read_session,
    save_edit,
)
from postchain_tui.screens.history_index import LogListed, LogMeasured, LogUnreadable, read_log
from postchain_tui.screens.history_list import SIDE_BY_SIDE_WIDTH, SessionTable
from postchain_tui.screens.history_progress import ProgressTab
from postchain_tui.screens.log_text import (
    skipped_files_text,
    week_goal_text,
    when_text,
)
from postchain_tui.widgets.key_bar import KeyBar


class HistoryScreen(Screen[None]):
    """The training log.

    Args:
        store: the session files.
        index_path: the session index file; None keeps the index in memory.
        today: the day that counts as today for the week, the streak and the calendar.
        weekly_goal: workouts a week that meet the goal.
        load_unit: what loads are counted in, ``kg`` or ``lb``.
        running_dir: the running sessions' markers: a session still running (here or in
            another window) is neither edited nor deleted.
    """

    CSS_PATH = "history.tcss"
    FOLLOW_S = 2.0
    """How often the sessions folder is looked at for sessions saved elsewhere."""
    AUTO_FOCUS = "#session-table"
    # Very wide terminals put the list beside the detail and the calendar beside the balance.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-wide"), (SIDE_BY_SIDE_WIDTH, "-side-by-side")]

    BINDINGS = [
        Binding("escape,q", "close", "Back", id="history.close"),
        Binding("e", "edit", "Edit notes/RPE", id="history.edit"),
        Binding("d,delete", "delete", "Delete", key_display="d", id="history.delete"),
        Binding("1", "show_tab('sessions')", "Sessions", id="history.sessions"),
        Binding("2", "show_tab('progress')", "Progress", id="history.progress"),
    ]

    def __init__(
        self,
        store: SessionStore,
        *,
        index_path: Path | None,
        today: date,
        weekly_goal: int = DEFAULT_WEEKLY_GOAL,
        load_unit: str = "kg",
        running_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.load_unit = load_unit
        self.running_dir = running_dir
        self._folder_seen: tuple[int, int] | None = None
        self.index_path = index_path
        self.today = today
        self.weekly_goal = weekly_goal
        self.summaries: list[SessionSummary] = []
        self.listed = False
        """True once the list has been filled from the index (later rows come into reach)."""
        self.measured = False
        """True once the trends and the balance are shown."""

    # -- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """The week on top, then the sessions and the progress in two tabs."""
        yield Static("postchain · training log", id="history-heading")
        yield Static("Reading the training log…", id="week-goal", markup=False)
        with TabbedContent(id="history-tabs"):
            with TabPane("Sessions (1)", id="sessions"), Horizontal(id="sessions-body"):
                yield SessionTable(id="session-table")
                yield SessionDetail(self.load_unit, id="detail-scroll")
            with TabPane("Progress (2)", id="progress"):
                yield ProgressTab(
                    today=self.today,
                    weekly_goal=self.weekly_goal,
                    load_unit=self.load_unit,
                    id="progress-scroll",
                )
        yield KeyBar()

    def on_mount(self) -> None:
        """Set up the list and read the log."""
        self.fit_columns()
        self.load()
        self.set_interval(self.FOLLOW_S, self.follow_folder, name="follow-folder")

    @work(thread=True, exclusive=True, group="history-follow")
    def follow_folder(self) -> None:
        """List the log again when its folder has changed: a session saved in another window,
        or one a sync tool brought from another computer."""
        stamp = folder_stamp(self.store.folder)
        seen, self._folder_seen = self._folder_seen, stamp
        if seen is not None and stamp != seen:
            self.app.call_from_thread(self.load)

    def on_resize(self) -> None:
        """Fit the list's columns to the new width."""
        self.fit_columns()

    def fit_columns(self) -> None:
        """Show the list's columns that fit the screen's width uncut."""
        self.query_one(SessionTable).fit_to(self.size.width)

    # -- reading the log ----------------------------------------------------------------------

    def load(self, list_sessions: bool = True) -> None:
        """Bring the index up to date, list the sessions, then measure the recent weeks.

        Args:
            list_sessions: False only measures again (after a session was deleted).
        """
        since = self.query_one(ProgressTab).first_day
        self.run_worker(
            partial(read_log, self, self.store.folder, self.index_path, since, list_sessions),
            thread=True,
            exclusive=True,
            group="history-load",
        )

    def on_log_listed(self, message: LogListed) -> None:
        """Fill the list, show the week and the calendar, and report skipped files."""
        self.summaries = message.summaries
        self.listed = True
        if message.problems:
            self.notify(
                skipped_files_text(message.problems),
                title="Not sessions",
                severity="warning",
                timeout=12,
                markup=False,
            )
        self._show_overview()
        self.query_one(SessionTable).show_sessions(self.summaries)
        if not self.summaries:
            self.query_one(SessionDetail).say(
                "No sessions logged yet. Start one from the list of routines, or with "
                "postchain start ROUTINE."
            )
        else:
            self.show_detail(self.summaries[0].id)

    def on_log_measured(self, message: LogMeasured) -> None:
        """Draw the trends and the side balance."""
        self.measured = True
        self.query_one(ProgressTab).show_measures(message.measures)

    def on_log_unreadable(self, message: LogUnreadable) -> None:
        """Say the log could not be read."""
        self.notify(
            f"Could not read the training log: {message.reason}",
            title="Training log",
            severity="error",
            timeout=12,
            markup=False,
        )

    def _show_overview(self) -> None:
        goal = week_goal(self.summaries, self.today, self.weekly_goal)
        self.query_one("#week-goal", Static).update(week_goal_text(goal))
        self.query_one(ProgressTab).show_calendar(self.summaries)

    # -- the highlighted session --------------------------------------------------------------

    @property
    def highlighted_id(self) -> str | None:
        """The id of the session under the cursor, if any."""
        table = self.query_one("#session-table", DataTable)
        if not table.row_count:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    def _read(self, session_id: str, *, to_edit: bool = False) -> None:
        """Read a session's file in a worker; a :class:`SessionRead` brings it back."""
        self.run_worker(
            partial(read_session, self, self.store, session_id, to_edit),
            thread=True,
            group="history-edit" if to_edit else "history-read",
            exclusive=not to_edit,
        )

    def show_detail(self, session_id: str) -> None:
        """Show every step of a session in the detail pane (once read from its file).

        Args:
            session_id: the session.
        """
        if not self.query_one(SessionDetail).show(session_id):
            self._read(session_id)

    def on_session_read(self, message: SessionRead) -> None:
        """Show the session read, if it is still the one highlighted; or edit it."""
        self.query_one(SessionDetail).remember(message.session_id, message.found)
        if message.to_edit:
            self._edit(message.found)
        elif message.session_id == self.highlighted_id:
            self.show_detail(message.session_id)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Show the highlighted session."""
        event.stop()
        if event.row_key.value is not None:
            self.show_detail(event.row_key.value)
        self.query_one(SessionTable).more_rows_if_near_the_end()

    # -- keys ---------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Edit and delete are on the sessions tab only, and need a session under the cursor."""
        if action in ("edit", "delete"):
            if self.query_one("#history-tabs", TabbedContent).active != "sessions":
                return False
            return self.highlighted_id is not None or None
        return True

    def action_close(self) -> None:
        """Leave the training log."""
        self.dismiss(None)

    def action_show_tab(self, tab: str) -> None:
        """Show a tab.

        Args:
            tab: ``sessions`` or ``progress``.
        """
        self.query_one("#history-tabs", TabbedContent).active = tab
        # Move the focus into the tab shown: left on the hidden one, it would bring it back.
        self.query_one("#session-table" if tab == "sessions" else "#progress-scroll").focus()
        self.refresh_bindings()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        """Offer edit and delete only where they apply."""
        event.stop()
        self.refresh_bindings()

    def _still_running(self, session_id: str) -> bool:
        # Asked again in the worker that writes: this is only to say so at once.
        if not is_running(self.running_dir, session_id):
            return False
        self._say_still_running()
        return True

    def _say_still_running(self) -> None:
        self.notify(
            "This session is still running, here or in another window, and saves itself after "
            "every step. Edit or delete it once it has ended.",
            title="Still running",
            severity="warning",
            timeout=8,
        )

    def action_edit(self) -> None:
        """Edit the highlighted session's effort, notes and pain flag."""
        session_id = self.highlighted_id
        if session_id is None:
            return
        found = self.query_one(SessionDetail).known(session_id)
        if found is None:
            self._read(session_id, to_edit=True)
        else:
            self._edit(found)

    def _edit(self, found: SessionLog | SessionFileError) -> None:
        if isinstance(found, SessionFileError):
            self.notify(f"This session cannot be read: {found.message}", severity="error")
            return
        if self._still_running(found.id):
            return
        self.app.push_screen(FeedbackModal(found), callback=self._edited)

    def _edited(self, log: SessionLog | None) -> None:
        if log is not None:
            self._write(partial(save_edit, self, self.store, self.running_dir, log))

    def _write(self, change: Callable[[], None]) -> None:
        # One change at a time, in the order asked.
        self.run_worker(change, thread=True, group="history-write")

    def on_session_changed(self, message: SessionChanged) -> None:
        """Show an edit saved or a session deleted, or say why not."""
        if message.running:
            self._say_still_running()
        elif message.error:
            self.notify(
                f"Could not delete the session: {message.error}."
                if message.deleting
                else f"Could not save to {self.store.folder}: {message.error}. "
                "The session is as it was.",
                title="Not deleted" if message.deleting else "Not saved",
                severity="error",
                timeout=10,
                markup=False,
            )
        elif isinstance(message.done, SessionSummary):
            self._deleted(message.done)
        elif message.done is not None:
            self._saved_edit(message.done)

    def _saved_edit(self, log: SessionLog) -> None:
        self.query_one(SessionDetail).remember(log.id, log)
        summary = self._summary(log.id)
        if summary is not None:
            edited = replace(summary, rpe=log.rpe, notes=log.notes, pain=log.pain)
            self.summaries[self.summaries.index(summary)] = edited
            self.query_one(SessionTable).update_session(edited)
        self.show_detail(log.id)
        self.notify("Saved.", title=log.title or log.routine, markup=False)

    def action_delete(self) -> None:
        """Delete the highlighted session, once confirmed."""
        session_id = self.highlighted_id
        summary = self._summary(session_id) if session_id is not None else None
        if summary is None or self._still_running(summary.id):
            return
        self.app.push_screen(
            ConfirmationModal(
                "Delete this session?",
                f"{summary.title or summary.routine}, {when_text(summary)}: "
                f"{sets_text(summary.counts)}. Its file is deleted from your training log; "
                "this cannot be undone.",
                yes_label="Delete",
                no_label="Keep it",
            ),
            callback=lambda delete: self._delete(summary) if delete else None,
        )

    def _delete(self, summary: SessionSummary) -> None:
        """Delete a session's file (in a worker); it then leaves the list, week and calendar."""
        self._write(partial(delete_session, self, self.store, self.running_dir, summary))

    def _deleted(self, summary: SessionSummary) -> None:
        if summary in self.summaries:
            self.summaries.remove(summary)
        self.query_one(SessionDetail).forget(summary.id)
        table = self.query_one(SessionTable)
        table.remove_session(summary)
        table.count_sessions(len(self.summaries))
        following = self.highlighted_id
        if following is None:
            self.query_one(SessionDetail).say("No sessions left in the log.")
        else:
            self.show_detail(following)
        self._show_overview()
        self.refresh_bindings()
        self.notify("Deleted.", title=summary.title or summary.routine, markup=False)
        self.load(list_sessions=False)

    def _summary(self, session_id: str) -> SessionSummary | None:
        return next((s for s in self.summaries if s.id == session_id), None)
