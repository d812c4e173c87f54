"""The training log's session list: its columns fitted to the width, its rows added as they come
into reach rather than all at once (the table measures every cell it is given, which for
thousands of sessions would hold the screen up)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable

from postchain_tui.core.history import SessionSummary
from postchain_tui.screens.log_text import fitted_columns, sessions_count, summary_row

FIRST_ROWS = 200
"""Rows put in the list at once: more than any terminal shows."""
MORE_ROWS = 200
"""Rows added at a time once the cursor or the scrolling comes near the last row listed."""
NEAR_END_ROWS = 50
"""How close to the last row listed the next rows are added."""

SIDE_BY_SIDE_WIDTH = 160
"""From this width on, the list is beside the detail (and the calendar beside the balance)."""
LIST_SHARE_SIDE_BY_SIDE = 0.6
"""The most of the width the list takes beside the detail (its ``max-width``)."""
LIST_FRAME = 4
"""Cells of the list's width that its frame and scroll bar take."""


class SessionTable(DataTable[Text]):
    """The session list, newest first: ``ctrl+end`` lists every row before it goes.

    Args:
        id: the widget's id.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.shown_columns: tuple[tuple[str, str, int], ...] = ()
        """The columns as shown: (heading, key, cells)."""
        self.rows_waiting: list[SessionSummary] = []
        """Sessions not listed yet, in the order they come."""
        self._listed: dict[str, SessionSummary] = {}

    def on_mount(self) -> None:
        """Add the next rows whenever the scrolling comes near the last one."""
        self.watch(self, "scroll_y", self.more_rows_if_near_the_end, init=False)

    def fit_to(self, screen_width: int) -> None:
        """Show the columns that fit the list's width uncut (see ``fitted_columns``).

        Args:
            screen_width: the screen's width; beside the detail, the list takes a share of it.
        """
        width = screen_width
        if width >= SIDE_BY_SIDE_WIDTH:
            width = int(width * LIST_SHARE_SIDE_BY_SIDE)
        columns = fitted_columns(width - LIST_FRAME)
        if columns == self.shown_columns:
            return
        self.shown_columns = columns
        listed = [self._listed[str(key.value)] for key in self.rows]
        cursor = self.cursor_row
        self.clear(columns=True)
        for label, key, cells in columns:
            self.add_column(label, key=key, width=cells)
        for summary in listed:
            self.add_row(*summary_row(summary, columns), key=summary.id)
        if listed:
            self.move_cursor(row=cursor, animate=False)

    def show_sessions(self, summaries: Sequence[SessionSummary]) -> None:
        """List these sessions in place of those listed: the first rows now, the rest later.

        Args:
            summaries: the sessions, newest first.
        """
        self.clear()
        self._listed = {}
        self.rows_waiting = list(summaries)
        self.add_next_rows(FIRST_ROWS)
        self.count_sessions(len(summaries))

    def count_sessions(self, count: int) -> None:
        """Say in the frame how many sessions the log holds.

        Args:
            count: the sessions in the log.
        """
        self.border_title = sessions_count(count)

    def add_next_rows(self, count: int | None) -> None:
        """List the next ``count`` sessions not listed yet.

        Args:
            count: the rows to add; None adds all of them.
        """
        batch = self.rows_waiting if count is None else self.rows_waiting[:count]
        self.rows_waiting = self.rows_waiting[len(batch) :]
        for summary in batch:
            self._listed[summary.id] = summary
            self.add_row(*summary_row(summary, self.shown_columns), key=summary.id)

    def more_rows_if_near_the_end(self) -> None:
        """Add the next rows if the cursor or the scrolling is near the last one listed."""
        near_by_cursor = self.cursor_row >= self.row_count - NEAR_END_ROWS
        near_by_scrolling = 0 < self.max_scroll_y <= self.scroll_y + NEAR_END_ROWS
        if self.rows_waiting and (near_by_cursor or near_by_scrolling):
            self.add_next_rows(MORE_ROWS)

    def update_session(self, edited: SessionSummary) -> None:
        """Show a session's new summary in its row.

        Args:
            edited: the summary, with the id of the one it replaces.
        """
        self.rows_waiting = [edited if s.id == edited.id else s for s in self.rows_waiting]
        if edited.id not in self._listed:
            return
        self._listed[edited.id] = edited
        cells = summary_row(edited, self.shown_columns)
        for (_, key, _), cell in zip(self.shown_columns, cells, strict=True):
            self.update_cell(edited.id, key, cell)

    def remove_session(self, summary: SessionSummary) -> None:
        """Take a session out of the list.

        Args:
            summary: the session.
        """
        self.rows_waiting = [waiting for waiting in self.rows_waiting if waiting is not summary]
        if self._listed.pop(summary.id, None) is not None:
            self.remove_row(summary.id)

    def action_scroll_bottom(self) -> None:
        """Go to the oldest session, listing every row first."""
        self.add_next_rows(None)
        super().action_scroll_bottom()
