"""The read side of the training log: an index that lists thousands of sessions at once.

The session files are the truth. Parsing every session's TOML at each start would not scale
to thousands of sessions, so ``SessionIndex`` keeps a cache of them in SQLite
(``index.sqlite3`` in the data folder) and re-reads only what changed. The cache is checked
against the folder on every full refresh (:meth:`SessionIndex.refresh`):

- each ``.toml`` file's name, size and modification time is compared with what the index
  recorded; new and changed files are read, rows of vanished files are dropped;
- a file modified within ``UNSETTLED_NS`` of the listing is recorded as unverified and read
  again next time, since a second save within the file system's timestamp granularity could
  leave both its size and its time unchanged;
- a file that is not a valid session is remembered with its reason, so it is reported on every
  refresh but read again only once it changes;
- an index written by another version, or one SQLite cannot read, is deleted and rebuilt;
- when the index cannot be written (locked by another process for too long, read-only, or
  impossible to create), the files are read into an index in memory for that call instead.

A complete refresh also records the sessions folder's own modification time. Sessions are
saved by renaming a finished file into the folder, which changes that time, so while it is
unchanged the index is current without listing a single file (:meth:`SessionIndex.freshness`,
what a session's start relies on). A file rewritten in place leaves the folder's time alone:
only a full refresh notices that, so everything that shows the log itself refreshes in full.

Files are read before the index is locked, so a refresh holds the write lock only while it
stores rows; many files at once are read by one process per CPU where that is safe. A refresh
in a background thread (:class:`BackgroundRefresh`) stores its rows in batches instead, and
can be stopped between two; until its last batch is stored the index counts as unbuilt, and
the next refresh reads what is missing. Reading never changes or removes a session file.

Each indexed session keeps summary columns for filtering, ordering and the history table, and
the whole session as JSON (:func:`session_to_json`), so listings and exports never touch the
TOML.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import sqlite3
import stat
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple, Self

from postchain_tui.core.counting import SessionCounts, session_counts
from postchain_tui.core.record import (
    SCHEMA_VERSION,
    Pain,
    PlannedExercise,
    SessionFileError,
    SessionLog,
    StepLog,
)
from postchain_tui.core.routine import RoutineKind
from postchain_tui.core.store import UNSETTLED_NS, SessionStore, is_session_file_name

INDEX_FORMAT = 3
"""Bumped whenever the table or the stored JSON changes; an index of another format is rebuilt."""

LOCK_TIMEOUT_S = 5.0
"""How long to wait for another process's write to the index before reading the files."""

PARALLEL_FROM = 400
"""Reading at least this many files at once is shared among processes, one per CPU."""

BACKGROUND_BATCH = 100
"""A refresh that can be stopped stores its rows every this many files, so it stops soon."""

STOP_WAIT_S = 2.0
"""How long closing waits for a background refresh to store its batch and stop."""

CACHE_KIB = 512
"""SQLite's page cache per connection: the queries walk indexes or read each row once, so a
bigger cache (the default is 2 MiB) costs memory and saves no time."""

INDEX_ERRORS: tuple[type[Exception], ...] = (OSError, sqlite3.Error)
"""What opening, refreshing and reading the index can raise, for callers that report it."""

_USER_VERSION = INDEX_FORMAT * 1000 + SCHEMA_VERSION  # a postchain that reads newer files rebuilds

_SUMMARY_COLUMNS = (
    "id",
    "routine",
    "title",
    "started_at",
    "ended_at",
    "completed",
    "sets_done",
    "sets_planned",
    "kind",
    "rpe",
    "pain",
    "notes",
)
_COLUMNS = ("name", "size", "mtime_ns", "problem", *_SUMMARY_COLUMNS, "epoch", "day", "document")

_CREATE = (
    """
    CREATE TABLE entries (
        name TEXT PRIMARY KEY,      -- the file's name in the sessions folder
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,  -- -1 while the file is too new to trust its time
        problem TEXT,               -- why the file is skipped; NULL for a session
        id TEXT,                    -- the rest is NULL for a skipped file
        routine TEXT,
        title TEXT,
        started_at TEXT,            -- ISO 8601 with the offset
        ended_at TEXT,
        completed INTEGER,          -- the rest of a row is what core.counting makes of it
        sets_done INTEGER,
        sets_planned INTEGER,
        kind TEXT,
        rpe INTEGER,
        pain TEXT,
        notes TEXT,
        epoch REAL,                 -- the start as a Unix time, to order across time zones
        day TEXT,                   -- the local start date, YYYY-MM-DD
        document TEXT               -- the whole session as JSON
    )
    """,
    "CREATE INDEX entries_by_start ON entries (epoch, name)",
    "CREATE INDEX entries_by_id ON entries (id)",
    "CREATE INDEX entries_by_routine ON entries (routine, epoch, name)",
    # Comparing stamps reads this small index rather than every row with its document.
    "CREATE INDEX entries_by_stamp ON entries (name, size, mtime_ns)",
    """
    CREATE TABLE folder (           -- no row until a refresh has completed into this index
        inode INTEGER NOT NULL,     -- the sessions folder as that refresh listed it
        mtime_ns INTEGER NOT NULL,
        settled INTEGER NOT NULL    -- 0 when it or a file changed too soon before the listing
    )
    """,
)

_A_COPY = """EXISTS (
    SELECT 1 FROM entries AS kept
    WHERE kept.id = entries.id AND kept.problem IS NULL AND kept.name != entries.name
    AND (kept.name = kept.id || '.toml'
         OR (entries.name != entries.id || '.toml' AND kept.name < entries.name))
)"""
"""A session file that another file of the same id takes precedence over: a copy made by a sync
tool (``<id> (conflicted copy).toml``) or by hand. The file named after the id is the session;
failing that, the first by name. A copy is listed as a file skipped, never as a session."""

_UPSERT = (
    f"INSERT OR REPLACE INTO entries ({', '.join(_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in _COLUMNS)})"
)

_Row = tuple[Any, ...]


class FileStamp(NamedTuple):
    """What the listing says about one file; a file whose stamp is unchanged is not re-read.

    A tuple, so that thousands of them cost little and compare with rows of the index as is.

    Attributes:
        size: bytes.
        mtime_ns: modification time in nanoseconds, or -1 while it cannot be trusted yet.
    """

    size: int
    mtime_ns: int


class FolderStamp(NamedTuple):
    """The sessions folder as a complete refresh listed it.

    Attributes:
        inode: the folder's inode number, so that another folder put in its place is noticed.
        mtime_ns: its modification time in nanoseconds.
        settled: False when the folder or a file in it had changed within ``UNSETTLED_NS``
            of the listing: a change in the same step of a coarse clock could follow unseen.
    """

    inode: int
    mtime_ns: int
    settled: bool


class Freshness(Enum):
    """How far an index can be trusted without listing the folder (see ``freshness``)."""

    UNCHANGED = "unchanged"
    """A complete refresh listed the folder as it is now: the index is current."""
    CHANGED = "changed"
    """The folder changed since the last complete refresh, or too soon before it to tell."""
    UNBUILT = "unbuilt"
    """No refresh has completed into this index: new, rebuilt, stopped halfway, or in memory."""


class TooManyToRead(Exception):
    """A refresh would have had to read more files than it was allowed; nothing was changed."""


@dataclass(frozen=True, slots=True)
class _Listing:
    """What one listing of the sessions folder found."""

    files: dict[str, FileStamp]
    misnamed: list[SessionFileError]
    folder: FolderStamp | None  # None when there is no sessions folder


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
        self._connection = _memory_index()
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
                left as it was and ``TooManyToRead`` is raised.
            stop: for a refresh in a background thread: the files are read and stored in
                batches of ``BACKGROUND_BATCH``, and the refresh ends after the batch during
                which this is set, before the index is complete. An index that cannot be
                written is then left alone rather than read into memory.

        Returns:
            One error per file that is not a valid session (each names the file and why), in
            file-name order; such files are left as they are.

        Raises:
            TooManyToRead: when ``read_at_most`` files are not enough.
        """
        if read_at_most is not None:
            self._stop_if_clearly_too_many(read_at_most)
        listing = self._list_folder()
        update = partial(self._update, listing, read_at_most, stop)
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
            recorded = self._recorded_folder()
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

    def _stop_if_clearly_too_many(self, read_at_most: int) -> None:
        """Raise ``TooManyToRead`` when an index never completed lacks too many files.

        Such an index is usually empty. Counting names takes a tenth of the time of the
        listing, which asks every file for its size and time.
        """
        try:
            if self._recorded_folder() is not None:
                return
            (recorded,) = self._connection.execute("SELECT count(*) FROM entries").fetchone()
            with os.scandir(self.sessions_dir) as entries:
                names = sum(1 for entry in entries if is_session_file_name(entry.name))
        except (OSError, sqlite3.DatabaseError):
            return  # the listing finds out what is wrong
        if names - recorded > read_at_most:
            raise TooManyToRead(f"{names - recorded} session files not indexed yet")

    def _list_folder(self) -> _Listing:
        """The stamp of every session file and of the folder, and the misnamed files."""
        listed_at = self.clock_ns()
        try:
            # Before the listing: a file added while it runs leaves a newer time than this.
            status = os.stat(self.sessions_dir)
            entries = os.scandir(self.sessions_dir)
        except OSError:
            return _Listing({}, [], None)
        settled = listed_at - status.st_mtime_ns > UNSETTLED_NS
        files: dict[str, FileStamp] = {}
        misnamed: list[SessionFileError] = []
        with entries:
            for entry in entries:
                name = entry.name
                if not is_session_file_name(name):
                    continue
                if not _is_utf8(name):
                    path = self.sessions_dir / name
                    misnamed.append(SessionFileError(path, "its name is not UTF-8 text; rename it"))
                    continue
                try:
                    file_status = entry.stat()  # one call per file; DirEntry keeps it
                except OSError:
                    continue  # removed since the listing
                if not stat.S_ISREG(file_status.st_mode):
                    continue
                mtime_ns = file_status.st_mtime_ns
                if listed_at - mtime_ns <= UNSETTLED_NS:
                    mtime_ns = -1
                    settled = False
                files[name] = FileStamp(file_status.st_size, mtime_ns)
        return _Listing(files, misnamed, FolderStamp(status.st_ino, status.st_mtime_ns, settled))

    def _update(
        self, listing: _Listing, read_at_most: int | None, stop: threading.Event | None
    ) -> None:
        """Read new and changed files, record them, drop vanished ones and stamp the folder.

        Without ``stop`` all of it is one transaction; with it, each batch is one, and the
        folder's stamp, the sign of a complete refresh, is removed with the first batch and
        recorded with the last.
        """
        # The recorded stamps are compared one row at a time, never all held at once.
        unrecorded = dict(listing.files)
        vanished: list[tuple[str]] = []
        changed: list[tuple[str, FileStamp]] = []
        for name, size, mtime_ns in self._connection.execute(
            "SELECT name, size, mtime_ns FROM entries"
        ):
            stamp = unrecorded.pop(name, None)
            if stamp is None:
                vanished.append((name,))
            elif stamp.mtime_ns < 0 or stamp != (size, mtime_ns):
                changed.append((name, stamp))
        changed.extend(unrecorded.items())
        changed.sort()
        if read_at_most is not None and len(changed) > read_at_most:
            raise TooManyToRead(f"{len(changed)} session files to read, {read_at_most} allowed")
        if not vanished and not changed:
            if self._recorded_folder() != listing.folder:
                # Only the shortcut of a later start is at stake: a read-only index does
                # without it rather than have the files read into memory.
                with (
                    contextlib.suppress(sqlite3.OperationalError),
                    _transaction(self._connection),
                ):
                    self._record_folder(listing.folder)
            return
        size = BACKGROUND_BATCH if stop is not None else max(len(changed), 1)
        batches = [changed[start : start + size] for start in range(0, len(changed), size)]
        for number, batch in enumerate(batches or [[]], start=1):
            if stop is not None and stop.is_set():
                return
            rows = read_entries_in_parallel(self.sessions_dir, batch)
            with _transaction(self._connection):
                if number == 1:
                    self._connection.executemany("DELETE FROM entries WHERE name = ?", vanished)
                self._connection.executemany(_UPSERT, rows)
                self._record_folder(listing.folder if number >= len(batches) else None)

    def _recorded_folder(self) -> FolderStamp | None:
        row = self._connection.execute("SELECT inode, mtime_ns, settled FROM folder").fetchone()
        return None if row is None else FolderStamp(row[0], row[1], bool(row[2]))

    def _record_folder(self, folder: FolderStamp | None) -> None:
        """Record the folder's stamp, or that no refresh is complete (None); in a transaction."""
        self._connection.execute("DELETE FROM folder")
        if folder is not None:
            self._connection.execute("INSERT INTO folder VALUES (?, ?, ?)", folder)

    def _problems(self) -> list[SessionFileError]:
        rows = self._connection.execute(
            "SELECT name, problem FROM entries WHERE problem IS NOT NULL ORDER BY name"
        )
        problems = [SessionFileError(self.sessions_dir / name, problem) for name, problem in rows]
        copies = self._connection.execute(
            f"SELECT name, id FROM entries WHERE problem IS NULL AND {_A_COPY} ORDER BY name"
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
        return [_summary(row) for row in self._select(_SUMMARY_COLUMNS, since, routine, limit)]

    def documents(self, since: date | None = None, routine: str | None = None) -> Iterator[str]:
        """Each matching session as JSON text (see :func:`session_to_json`), newest first.

        The documents are read from the index as they are taken, so a long log (tens of
        thousands of sessions, a hundred megabytes of JSON) is never held in memory at once.

        Args:
            since: only sessions that started on this local date or later.
            routine: only sessions of this routine id.
        """
        return (document for (document,) in self._select(("document",), since, routine))

    def sessions(self, since: date | None = None, routine: str | None = None) -> list[SessionLog]:
        """The matching sessions, newest first.

        Args:
            since: only sessions that started on this local date or later.
            routine: only sessions of this routine id.
        """
        return [
            session_from_json(json.loads(document), self.sessions_dir / name)
            for name, document in self._select(("name", "document"), since, routine)
        ]

    def get(self, session_id: str) -> SessionLog | None:
        """The session with this id, or None; of two files that claim it (a sync tool's
        conflict copy), the one named after it, else the first by name."""
        row = self._connection.execute(
            "SELECT name, document FROM entries "
            f"WHERE id = ? AND problem IS NULL AND NOT {_A_COPY}",
            (session_id,),
        ).fetchone()
        if row is None:
            return None
        name, document = row
        return session_from_json(json.loads(document), self.sessions_dir / name)

    def _select(
        self,
        columns: tuple[str, ...],
        since: date | None,
        routine: str | None,
        limit: int | None = None,
    ) -> Iterator[_Row]:
        conditions = ["problem IS NULL", f"NOT {_A_COPY}"]
        parameters: list[str | int] = []
        if since is not None:
            conditions.append("day >= ?")
            parameters.append(since.isoformat())
        if routine is not None:
            conditions.append("routine = ?")
            parameters.append(routine)
        query = (
            f"SELECT {', '.join(columns)} FROM entries WHERE {' AND '.join(conditions)} "
            "ORDER BY epoch DESC, name DESC"
        )
        if limit is not None:
            query += " LIMIT ?"
            parameters.append(limit)
        return iter(self._connection.execute(query, parameters))

    # -- the index file -----------------------------------------------------------------------

    def _attach_file(self, index_path: Path, *, rebuild: bool = False) -> None:
        """Use the index file, creating it, or rebuilding it when it is corrupt or outdated.

        When the file cannot be used at all, the index stays in memory.
        """
        self._connection.close()
        if rebuild:
            _remove_index(index_path)
        try:
            index_path.parent.mkdir(parents=True, exist_ok=True)
            self._connection = _prepared(
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
        self._connection = _memory_index()
        self.in_memory = True


class BackgroundRefresh:
    """A full refresh of an index file in a thread of its own, which can be stopped.

    The thread has its own connection (SQLite connections stay in the thread that opened
    them), runs at the lowest priority where the system sets that per thread, and reads the
    files itself: worker processes would take CPU from whatever the program is busy with, and
    forking a process that runs threads is not safe. Its batches are stored as they are read,
    and a stopped or failed refresh leaves an index that counts as unbuilt
    (:meth:`SessionIndex.refresh`), so nothing is lost but time.

    Args:
        sessions_dir: the sessions folder.
        index_path: the index file to bring up to date.
        clock_ns: the wall clock in nanoseconds since the epoch.
    """

    def __init__(
        self,
        sessions_dir: Path,
        index_path: Path,
        clock_ns: Callable[[], int] = time.time_ns,
    ) -> None:
        self.sessions_dir = sessions_dir
        self.index_path = index_path
        self.clock_ns = clock_ns
        self._stop = threading.Event()
        # A daemon, so that a refresh stuck on a slow disk cannot keep the program from
        # exiting; one cut off mid-write leaves SQLite's journal, which the next reader rolls
        # back.
        self._thread = threading.Thread(target=self._run, name="postchain-index", daemon=True)

    def start(self) -> None:
        """Start refreshing."""
        self._thread.start()

    @property
    def running(self) -> bool:
        """True from :meth:`start` until the refresh has ended, complete or not."""
        return self._thread.is_alive()

    def stop(self, wait_s: float | None = None) -> None:
        """Ask the refresh to stop after the batch it is reading, and wait for it to.

        Args:
            wait_s: the longest wait, in seconds; ``STOP_WAIT_S`` when None.
        """
        self._stop.set()
        self.wait(STOP_WAIT_S if wait_s is None else wait_s)

    def wait(self, timeout_s: float | None = None) -> bool:
        """Wait for the refresh to end, complete or not.

        Args:
            timeout_s: the longest wait in seconds; None waits as long as it takes.

        Returns:
            True when it has ended (or was never started).
        """
        if self._thread.ident is not None:
            self._thread.join(timeout_s)
        return not self._thread.is_alive()

    def _run(self) -> None:
        _lower_this_threads_priority()
        try:
            with SessionIndex.open(self.sessions_dir, self.index_path, self.clock_ns) as index:
                if not index.in_memory:  # a refresh kept in memory would be lost with it
                    index.refresh(stop=self._stop)
        except (OSError, sqlite3.Error):
            pass  # the index is a cache: whoever reads the log next refreshes it again


def _lower_this_threads_priority() -> None:
    # Linux keeps a nice value per thread; elsewhere the call would slow the whole program.
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)


# -- reading session files ------------------------------------------------------------------------


def read_entries(sessions_dir: Path, files: list[tuple[str, FileStamp]]) -> list[_Row]:
    """The index rows for some files of the sessions folder: each session, or why it is skipped.

    Args:
        sessions_dir: the sessions folder.
        files: each file's name and the stamp it was listed with.
    """
    store = SessionStore(sessions_dir)
    rows: list[_Row] = []
    for name, stamp in files:
        try:
            log = store.load(sessions_dir / name)
        except SessionFileError as error:
            rows.append((name, stamp.size, stamp.mtime_ns, error.message) + (None,) * 15)
            continue
        try:
            document = json.dumps(
                session_to_json(log), ensure_ascii=False, separators=(",", ":"), allow_nan=False
            )
        except ValueError:  # NaN or infinity: not JSON, and not a session worth a row
            problem = "a number is not finite"
            rows.append((name, stamp.size, stamp.mtime_ns, problem) + (None,) * 15)
            continue
        counts = session_counts(log)
        rows.append(
            (
                name,
                stamp.size,
                stamp.mtime_ns,
                None,
                log.id,
                log.routine,
                log.title,
                log.started_at.isoformat(),
                log.ended_at.isoformat(),
                counts.reached_end,
                counts.sets_done,
                counts.sets_planned,
                counts.kind.value,
                log.rpe,
                log.pain.value,
                log.notes,
                log.started_at.timestamp(),
                log.started_at.date().isoformat(),
                document,
            )
        )
    return rows


def read_entries_in_parallel(sessions_dir: Path, files: list[tuple[str, FileStamp]]) -> list[_Row]:
    """:func:`read_entries`, shared among one process per CPU when there are many files.

    Worker processes are forked, which is only safe while this process runs no other thread
    (true of the command line, not of the app) and is not available everywhere; otherwise, or
    when processes cannot be started, the files are read here.
    """
    if len(files) < PARALLEL_FROM:
        return read_entries(sessions_dir, files)
    import multiprocessing  # only here: a session's start reads few files, if any

    workers = _usable_cpus()
    can_fork = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    if workers < 2 or not can_fork:
        return read_entries(sessions_dir, files)
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    size = math.ceil(len(files) / (workers * 4))
    chunks = [files[start : start + size] for start in range(0, len(files), size)]
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            parts = list(pool.map(partial(read_entries, sessions_dir), chunks))
    except (OSError, BrokenProcessPool):
        return read_entries(sessions_dir, files)
    return [row for part in parts for row in part]


def _usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


# -- the index file -------------------------------------------------------------------------------


def _memory_index() -> sqlite3.Connection:
    return _prepared(sqlite3.connect(":memory:", isolation_level=None))


def _prepared(connection: sqlite3.Connection) -> sqlite3.Connection:
    """The connection with the current tables, created afresh when missing or outdated."""
    try:
        connection.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        if _version(connection) != _USER_VERSION:
            with _transaction(connection):
                if _version(connection) != _USER_VERSION:  # unless another process just did
                    connection.execute("DROP TABLE IF EXISTS entries")
                    connection.execute("DROP TABLE IF EXISTS folder")
                    for statement in _CREATE:
                        connection.execute(statement)
                    connection.execute(f"PRAGMA user_version = {_USER_VERSION}")
    except BaseException:
        connection.close()
        raise
    return connection


def _version(connection: sqlite3.Connection) -> int:
    (version,) = connection.execute("PRAGMA user_version").fetchone()
    return int(version)


class _transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``, rolled back on any error.

    Taking the write lock at the start means two processes refreshing at once take turns
    instead of failing halfway.
    """

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def __enter__(self) -> sqlite3.Connection:
        self.connection.execute("BEGIN IMMEDIATE")
        return self.connection

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is None:
            self.connection.execute("COMMIT")
        elif self.connection.in_transaction:
            self.connection.execute("ROLLBACK")


def _remove_index(index_path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        index_path.with_name(index_path.name + suffix).unlink(missing_ok=True)


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _summary(row: _Row) -> SessionSummary:
    (identifier, routine, title, started, ended, completed, sets_done, sets_planned, kind, rpe,
     pain, notes) = row  # fmt: skip
    return SessionSummary(
        id=identifier,
        routine=routine,
        title=title,
        started_at=datetime.fromisoformat(started),
        ended_at=datetime.fromisoformat(ended),
        counts=SessionCounts(
            sets_done=sets_done,
            sets_planned=sets_planned,
            reached_end=bool(completed),
            kind=RoutineKind(kind),
        ),
        rpe=rpe,
        pain=Pain(pain),
        notes=notes,
    )


# -- the JSON form of a session -------------------------------------------------------------------


def session_to_json(log: SessionLog) -> dict[str, Any]:
    """A session as plain JSON values: what ``postchain history --json`` prints per session.

    Every key is always present; unset values are null. Times are ISO 8601 with their offset.
    ``wall_s``, ``sets_done``, ``sets_planned`` and ``counts_toward_goal`` are derived (by
    ``core.counting``), for convenience.
    """
    counts = session_counts(log)
    return {
        "id": log.id,
        "routine": log.routine,
        "title": log.title,
        "kind": log.kind.value,
        "started_at": log.started_at.isoformat(),
        "ended_at": log.ended_at.isoformat(),
        "completed": log.completed,
        "wall_s": round(log.wall_s, 3),
        "sets_done": counts.sets_done,
        "sets_planned": counts.sets_planned,
        "counts_toward_goal": counts.counts_toward_goal,
        "rpe": log.rpe,
        "notes": log.notes,
        "pain": log.pain.value,
        "routine_file": log.routine_file or None,
        "routine_digest": log.routine_digest or None,
        "plan": [_planned_to_json(exercise) for exercise in log.plan],
        "steps": [_step_to_json(step) for step in log.steps],
    }


def session_from_json(document: dict[str, Any], path: Path | None = None) -> SessionLog:
    """The session that :func:`session_to_json` made this document from.

    Args:
        document: the JSON document, trusted to be one ``session_to_json`` wrote.
        path: the session's file.
    """
    return SessionLog(
        id=document["id"],
        routine=document["routine"],
        title=document["title"],
        started_at=datetime.fromisoformat(document["started_at"]),
        ended_at=datetime.fromisoformat(document["ended_at"]),
        completed=document["completed"],
        steps=tuple(_step_from_json(step) for step in document["steps"]),
        kind=RoutineKind(document["kind"]),
        plan=tuple(_planned_from_json(exercise) for exercise in document["plan"]),
        routine_file=document["routine_file"] or "",
        routine_digest=document["routine_digest"] or "",
        rpe=document["rpe"],
        notes=document["notes"],
        pain=Pain(document["pain"]),
        path=path,
    )


def _planned_to_json(exercise: PlannedExercise) -> dict[str, Any]:
    return {
        "exercise": exercise.name,
        "kind": exercise.kind,
        "sets": exercise.sets,
        "per_side": exercise.per_side,
        "planned_s": exercise.planned_s,
        "target_reps": exercise.target_reps or None,
        "load": exercise.uses_load,
    }


def _planned_from_json(exercise: dict[str, Any]) -> PlannedExercise:
    return PlannedExercise(
        name=exercise["exercise"],
        kind=exercise["kind"],
        sets=exercise["sets"],
        per_side=exercise["per_side"],
        planned_s=exercise["planned_s"],
        target_reps=exercise["target_reps"] or "",
        uses_load=exercise["load"],
    )


def _step_to_json(step: StepLog) -> dict[str, Any]:
    return {
        "index": step.index,
        "name": step.name,
        "kind": step.kind,
        "exercise": step.exercise,
        "exercise_index": step.exercise_index,
        "set": step.set_number,
        "sets": step.total_sets,
        "side": step.side or None,
        "planned_s": step.planned_s,
        "actual_s": step.actual_s,
        "paused_s": step.paused_s,
        "ended_by": step.ended_by,
        "skipped": step.skipped,
        "adjust_s": step.adjust_s,
        "target_reps": step.target_reps or None,
        "reps": step.reps,
        "load": step.load,
        "load_unit": step.load_unit or None,
    }


def _step_from_json(step: dict[str, Any]) -> StepLog:
    return StepLog(
        index=step["index"],
        kind=step["kind"],
        exercise=step["exercise"],
        set_number=step["set"],
        total_sets=step["sets"],
        side=step["side"] or "",
        planned_s=step["planned_s"],
        actual_s=step["actual_s"],
        paused_s=step["paused_s"],
        ended_by=step["ended_by"],
        target_reps=step["target_reps"] or "",
        reps=step["reps"],
        load=step["load"],
        adjust_s=step["adjust_s"],
        exercise_index=step["exercise_index"],
        load_unit=step["load_unit"] or "",
    )
