"""The read side of the training log: an index that lists thousands of sessions at once.

The session files are the truth. Parsing every session's TOML at each start would not scale
to thousands of sessions, so ``SessionIndex`` keeps a cache of them in SQLite
(``index.sqlite3`` in the data folder, see ``core.index_schema``) and re-reads only what
changed. The cache is checked against the folder on every full refresh
(:meth:`SessionIndex.refresh`, by way of ``core.index_refresh``):

- new and changed files are read, rows of vanished files are dropped, and a file that is not a
  valid session is reported on every refresh but read again only once it changes;
- an index written by another version, or one SQLite cannot read, is deleted and rebuilt;
- when the index cannot be written (locked by another process for too long, read-only, or
  impossible to create), the files are read into an index in memory for that call instead.

A complete refresh also records the sessions folder's own modification time. Sessions are
saved by renaming a finished file into the folder, which changes that time, so while it is
unchanged the index is current without listing a single file (:meth:`SessionIndex.freshness`,
what a session's start relies on). A file rewritten in place leaves the folder's time alone:
only a full refresh notices that, so everything that shows the log itself refreshes in full.

Many files at once are read by one process per CPU where that is safe (``core.index_reading``);
a refresh in a background thread (``core.index_background``) stores its rows in batches
instead, and can be stopped between two. Reading never changes or removes a session file.

Each indexed session keeps summary columns for filtering, ordering and the history table, and
the whole session as JSON (``core.session_json``), so listings and exports never touch the
TOML.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from types import TracebackType
from typing import Self

from postchain_tui.core import index_refresh
from postchain_tui.core.counting import SessionCounts, session_counts
from postchain_tui.core.index_queries import entry_by_id, select_entries
from postchain_tui.core.index_refresh import FolderStamp
from postchain_tui.core.index_schema import (
    A_COPY,
    SUMMARY_COLUMNS,
    SummaryRow,
    memory_index,
    prepared,
    remove_index,
)
from postchain_tui.core.record import Pain, SessionFileError, SessionLog
from postchain_tui.core.routine import RoutineKind
from postchain_tui.core.session_json import session_from_json

LOCK_TIMEOUT_S = 5.0
"""How long to wait for another process's write to the index before reading the files."""

INDEX_ERRORS: tuple[type[Exception], ...] = (OSError, sqlite3.Error)
"""What opening, refreshing and reading the index can raise, for callers that report it."""


class Freshness(Enum):
    """How far an index can be trusted without listing the folder (see ``freshness``)."""

    UNCHANGED = "unchanged"
    """A complete refresh listed the folder as it is now: the index is current."""
    CHANGED = "changed"
    """The folder changed since the last complete refresh, or too soon before it to tell."""
    UNBUILT = "unbuilt"
    """No refresh has completed into this index: new, rebuilt, stopped halfway, or in memory."""


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """A session without its steps: one line of the history.

    Attributes:
        id: the session's id.
        routine: the routine's id.
        title: the routine's title.
        started_at: when it began.
        ended_at: when it ended (or was last saved).
        counts: its sets done and planned, and whether it counts as a workout, as
            ``core.counting`` counted them when the file was indexed.
        rpe: effort from 1 to 10, if given.
        pain: the pain flag.
        notes: free text.
    """

    id: str
    routine: str
    title: str
    started_at: datetime
    ended_at: datetime
    counts: SessionCounts
    rpe: int | None
    pain: Pain
    notes: str

    @property
    def wall_s(self) -> float:
        """Seconds from start to end."""
        return (self.ended_at - self.started_at).total_seconds()

    @property
    def counts_toward_goal(self) -> bool:
        """Whether the session counts towards the weekly goal and the streak."""
        return self.counts.counts_toward_goal

    @classmethod
    def of(cls, log: SessionLog) -> SessionSummary:
        """The line of the history for a session, counted as ``core.counting`` counts it."""
        return cls(
            id=log.id,
            routine=log.routine,
            title=log.title,
            started_at=log.started_at,
            ended_at=log.ended_at,
            counts=session_counts(log),
            rpe=log.rpe,
            pain=log.pain,
            notes=log.notes,
        )


class SessionIndex:
    """Every session in a folder, listed from a cache that follows the files.

    Open it with :meth:`open`, call :meth:`refresh`, then query; use it as a context manager or
    call :meth:`close` when done.

    Args:
        sessions_dir: the sessions folder.
        index_path: the SQLite file to keep the index in; None keeps it in memory only.
        clock_ns: the wall clock in nanoseconds since the epoch, against which file times are
            judged settled; tests pass a fake one.
    """

    def __init__(
        self,
        sessions_dir: Path,
        index_path: Path | None,
        clock_ns: Callable[[], int] = time.time_ns,
    ) -> None:
        self.sessions_dir = sessions_dir
        self.index_path = index_path
        self.clock_ns = clock_ns
        self._connection = memory_index()
        self.in_memory = True
        """True when the index lives in memory only (none asked for, or the file was unusable)."""

    @classmethod
    def open(
        cls,
        sessions_dir: Path,
        index_path: Path | None,
        clock_ns: Callable[[], int] = time.time_ns,
    ) -> SessionIndex:
        """Open (or create) the index for a sessions folder; a corrupt index is rebuilt.

        Args:
            sessions_dir: the sessions folder; it need not exist.
            index_path: the index file, e.g. ``<data dir>/index.sqlite3``; None for memory only.
                It is created only once the sessions folder exists.
            clock_ns: the wall clock in nanoseconds since the epoch.

        Returns:
            The index, not yet refreshed.
        """
        index = cls(sessions_dir, index_path, clock_ns)
        if index_path is not None and sessions_dir.is_dir():  # no log, nothing worth keeping
            index._attach_file(index_path)
        return index

    def close(self) -> None:
        """Close the index file."""
        self._connection.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    # -- keeping up with the folder -----------------------------------------------------------

    def refresh(
        self, *, read_at_most: int | None = None, stop: threading.Event | None = None
    ) -> list[SessionFileError]:
        """Bring the index up to date with the folder: list every file, read what changed.

        Args:
            read_at_most: read no more files than this; when more have changed, the index is
                left as it was and ``index_refresh.TooManyToRead`` is raised.
            stop: for a refresh in a background thread: the files are read and stored in
                batches of ``index_refresh.BACKGROUND_BATCH``, and the refresh ends after the
                batch during which this is set, before the index is complete. An index that
                cannot be written is then left alone rather than read into memory.

        Returns:
            One error per file that is not a valid session (each names the file and why), in
            file-name order; such files are left as they are.

        Raises:
            TooManyToRead: when ``read_at_most`` files are not enough.
        """
        if read_at_most is not None:
            index_refresh.stop_if_clearly_too_many(
                self._connection, self.sessions_dir, read_at_most
            )
        listing = index_refresh.list_folder(self.sessions_dir, self.clock_ns())

        def update() -> None:  # on whichever connection the index has by then
            index_refresh.update(self._connection, self.sessions_dir, listing, read_at_most, stop)

        try:
            update()
        except sqlite3.OperationalError:
            # Locked by another process for too long, read-only, or the disk refused: read the
            # files into memory for this call and leave the index file to a later run.
            if stop is not None:
                raise
            self._use_memory()
            update()
        except sqlite3.DatabaseError:
            if self.in_memory or self.index_path is None:
                raise
            self._attach_file(self.index_path, rebuild=True)  # a cache: start it afresh
            try:
                update()
            except sqlite3.DatabaseError:
                if stop is not None:
                    raise
                self._use_memory()
                update()
        return sorted(listing.misnamed + self._problems(), key=lambda error: str(error.path))

    def freshness(self) -> Freshness:
        """Whether the index is current without listing the folder: one stat and one query.

        The folder's modification time changes whenever a file in it is added, removed or
        replaced by renaming, which is how sessions are saved; a file rewritten in place (by
        hand, or by another tool) leaves it alone. So the answer suits a session's start, which
        must not wait for a listing, and not what shows the log itself: that refreshes in full.
        """
        try:
            recorded = index_refresh.recorded_folder(self._connection)
        except sqlite3.DatabaseError:
            return Freshness.UNBUILT
        if recorded is None:
            return Freshness.UNBUILT
        try:
            status = os.stat(self.sessions_dir)
        except OSError:
            return Freshness.CHANGED
        now = FolderStamp(status.st_ino, status.st_mtime_ns, settled=True)
        return Freshness.UNCHANGED if recorded == now else Freshness.CHANGED

    def _problems(self) -> list[SessionFileError]:
        rows = self._connection.execute(
            "SELECT name, problem FROM entries WHERE problem IS NOT NULL ORDER BY name"
        )
        problems = [SessionFileError(self.sessions_dir / name, problem) for name, problem in rows]
        copies = self._connection.execute(
            f"SELECT name, id FROM entries WHERE problem IS NULL AND {A_COPY} ORDER BY name"
        )
        problems += [
            SessionFileError(
                self.sessions_dir / name,
                f"a duplicate of session {session_id}; left as it is",
            )
            for name, session_id in copies
        ]
        return problems

    # -- queries ------------------------------------------------------------------------------

    def summaries(
        self, since: date | None = None, routine: str | None = None, limit: int | None = None
    ) -> list[SessionSummary]:
        """The matching sessions without their steps, newest first.

        Args:
            since: only sessions that started on this local date or later.
            routine: only sessions of this routine id.
            limit: at most this many, the newest; all of them when None.
        """
        rows = select_entries(self._connection, SUMMARY_COLUMNS, since, routine, limit)
        return [_summary(SummaryRow._make(row)) for row in rows]

    def documents(self, since: date | None = None, routine: str | None = None) -> Iterator[str]:
        """Each matching session as JSON text (see :func:`session_to_json`), newest first.

        The documents are read from the index as they are taken, so a long log (tens of
        thousands of sessions, a hundred megabytes of JSON) is never held in memory at once.

        Args:
            since: only sessions that started on this local date or later.
            routine: only sessions of this routine id.
        """
        rows = select_entries(self._connection, ("document",), since, routine)
        return (document for (document,) in rows)

    def sessions(self, since: date | None = None, routine: str | None = None) -> list[SessionLog]:
        """The matching sessions, newest first.

        Args:
            since: only sessions that started on this local date or later.
            routine: only sessions of this routine id.
        """
        rows = select_entries(self._connection, ("name", "document"), since, routine)
        return [
            session_from_json(json.loads(document), self.sessions_dir / name)
            for name, document in rows
        ]

    def get(self, session_id: str) -> SessionLog | None:
        """The session with this id, or None; of two files that claim it (a sync tool's
        conflict copy), the one named after it, else the first by name."""
        row = entry_by_id(self._connection, session_id)
        if row is None:
            return None
        name, document = row
        return session_from_json(json.loads(document), self.sessions_dir / name)

    # -- the index file -----------------------------------------------------------------------

    def _attach_file(self, index_path: Path, *, rebuild: bool = False) -> None:
        """Use the index file, creating it, or rebuilding it when it is corrupt or outdated.

        When the file cannot be used at all, the index stays in memory.
        """
        self._connection.close()
        if rebuild:
            remove_index(index_path)
        try:
            index_path.parent.mkdir(parents=True, exist_ok=True)
            self._connection = prepared(
                sqlite3.connect(index_path, timeout=LOCK_TIMEOUT_S, isolation_level=None)
            )
            self.in_memory = False
        except (sqlite3.OperationalError, OSError):
            self._use_memory()
        except sqlite3.DatabaseError:
            if rebuild:
                self._use_memory()
            else:
                self._attach_file(index_path, rebuild=True)

    def _use_memory(self) -> None:
        self._connection.close()
        self._connection = memory_index()
        self.in_memory = True


def _summary(row: SummaryRow) -> SessionSummary:
    return SessionSummary(
        id=row.id,
        routine=row.routine,
        title=row.title,
        started_at=datetime.fromisoformat(row.started_at),
        ended_at=datetime.fromisoformat(row.ended_at),
        counts=SessionCounts(
            sets_done=row.sets_done,
            sets_planned=row.sets_planned,
            reached_end=bool(row.completed),
            kind=RoutineKind(row.kind),
        ),
        rpe=row.rpe,
        pain=Pain(row.pain),
        notes=row.notes,
    )
