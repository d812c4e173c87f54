"""The read side of the training log: an index that lists thousands of sessions at once.

The session files are the truth. Parsing a session's TOML takes a millisecond or two, so
``SessionIndex`` keeps a cache of them in SQLite (``index.sqlite3`` in the data folder) and
re-reads only what changed. The cache is checked against the folder on every refresh:

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

Files are read before the index is locked, so a refresh holds the write lock only while it
stores rows; many files at once are read by one process per CPU where that is safe. Reading
never changes or removes a session file. Each indexed session keeps summary columns for
filtering, ordering and the history table, and the whole session as JSON
(:func:`session_to_json`), so listings and exports never touch the TOML.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
import stat
import time
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from postchain_tui.core.record import (
    SCHEMA_VERSION,
    Pain,
    SessionFileError,
    SessionLog,
    StepLog,
)
from postchain_tui.core.store import SessionStore

INDEX_FORMAT = 1
"""Bumped whenever the table or the stored JSON changes; an index of another format is rebuilt."""

UNSETTLED_NS = 2_000_000_000
"""Files modified this recently (in nanoseconds) before a listing are read again next time."""

LOCK_TIMEOUT_S = 5.0
"""How long to wait for another process's write to the index before reading the files."""

PARALLEL_FROM = 400
"""Reading at least this many files at once is shared among processes, one per CPU."""

_USER_VERSION = INDEX_FORMAT * 1000 + SCHEMA_VERSION  # a postchain that reads newer files rebuilds

_SUMMARY_COLUMNS = (
    "id",
    "routine",
    "title",
    "started_at",
    "ended_at",
    "completed",
    "sets_done",
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
        completed INTEGER,
        sets_done INTEGER,
        rpe INTEGER,
        pain TEXT,
        notes TEXT,
        epoch REAL,                 -- the start as a Unix time, to order across time zones
        day TEXT,                   -- the local start date, YYYY-MM-DD
        document TEXT               -- the whole session as JSON
    )
    """,
    "CREATE INDEX entries_by_start ON entries (epoch)",
    "CREATE INDEX entries_by_id ON entries (id)",
)

_UPSERT = (
    f"INSERT OR REPLACE INTO entries ({', '.join(_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in _COLUMNS)})"
)

_Row = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class FileStamp:
    """What the listing says about one file; a file whose stamp is unchanged is not re-read.

    Attributes:
        size: bytes.
        mtime_ns: modification time in nanoseconds, or -1 while it cannot be trusted yet.
    """

    size: int
    mtime_ns: int


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """A session without its steps: one line of the history.

    Attributes:
        id: the session's id.
        routine: the routine's id.
        title: the routine's title.
        started_at: when it began.
        ended_at: when it ended (or was last saved).
        completed: False when it was ended early or cut off.
        sets_done: holds and rep sets done rather than skipped, left or cut off.
        rpe: effort from 1 to 10, if given.
        pain: the pain flag.
        notes: free text.
    """

    id: str
    routine: str
    title: str
    started_at: datetime
    ended_at: datetime
    completed: bool
    sets_done: int
    rpe: int | None
    pain: Pain
    notes: str

    @property
    def wall_s(self) -> float:
        """Seconds from start to end."""
        return (self.ended_at - self.started_at).total_seconds()


class SessionIndex:
    """Every session in a folder, listed from a cache that follows the files.

    Open it with :meth:`open`, call :meth:`refresh`, then query; use it as a context manager or
    call :meth:`close` when done.

    Args:
        sessions_dir: the sessions folder.
        index_path: the SQLite file to keep the index in; None keeps it in memory only.
    """

    def __init__(self, sessions_dir: Path, index_path: Path | None) -> None:
        self.sessions_dir = sessions_dir
        self.index_path = index_path
        self._connection = _memory_index()
        self.in_memory = True
        """True when the index lives in memory only (none asked for, or the file was unusable)."""

    @classmethod
    def open(cls, sessions_dir: Path, index_path: Path | None) -> SessionIndex:
        """Open (or create) the index for a sessions folder; a corrupt index is rebuilt.

        Args:
            sessions_dir: the sessions folder; it need not exist.
            index_path: the index file, e.g. ``<data dir>/index.sqlite3``; None for memory only.
                It is created only once the sessions folder exists.

        Returns:
            The index, not yet refreshed.
        """
        index = cls(sessions_dir, index_path)
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

    def refresh(self) -> list[SessionFileError]:
        """Bring the index up to date with the folder.

        Returns:
            One error per file that is not a valid session (each names the file and why), in
            file-name order; such files are left as they are.
        """
        listing, misnamed = self._list_folder()
        try:
            self._update(listing)
        except sqlite3.OperationalError:
            # Locked by another process for too long, read-only, or the disk refused: read the
            # files into memory for this call and leave the index file to a later run.
            self._use_memory()
            self._update(listing)
        except sqlite3.DatabaseError:
            if self.in_memory or self.index_path is None:
                raise
            self._attach_file(self.index_path, rebuild=True)  # a cache: start it afresh
            try:
                self._update(listing)
            except sqlite3.DatabaseError:
                self._use_memory()
                self._update(listing)
        return sorted(misnamed + self._problems(), key=lambda error: str(error.path))

    def _list_folder(self) -> tuple[dict[str, FileStamp], list[SessionFileError]]:
        """The stamp of every session file, and the files whose names cannot be indexed."""
        listed_at = time.time_ns()
        listing: dict[str, FileStamp] = {}
        misnamed: list[SessionFileError] = []
        for path in SessionStore(self.sessions_dir).session_files():
            if not _is_utf8(path.name):
                misnamed.append(SessionFileError(path, "its name is not UTF-8 text; rename it"))
                continue
            try:
                status = path.stat()
            except OSError:
                continue  # removed since the listing
            if not stat.S_ISREG(status.st_mode):
                continue
            settled = listed_at - status.st_mtime_ns > UNSETTLED_NS
            listing[path.name] = FileStamp(status.st_size, status.st_mtime_ns if settled else -1)
        return listing, misnamed

    def _update(self, listing: dict[str, FileStamp]) -> None:
        """Read new and changed files, then record them and drop vanished ones in one go."""
        recorded = {
            name: FileStamp(size, mtime_ns)
            for name, size, mtime_ns in self._connection.execute(
                "SELECT name, size, mtime_ns FROM entries"
            )
        }
        vanished = [(name,) for name in recorded.keys() - listing.keys()]
        changed = sorted(
            (name, stamp)
            for name, stamp in listing.items()
            if stamp.mtime_ns < 0 or recorded.get(name) != stamp
        )
        if not vanished and not changed:
            return
        rows = read_entries_in_parallel(self.sessions_dir, changed)
        with _transaction(self._connection):
            self._connection.executemany("DELETE FROM entries WHERE name = ?", vanished)
            self._connection.executemany(_UPSERT, rows)

    def _problems(self) -> list[SessionFileError]:
        rows = self._connection.execute(
            "SELECT name, problem FROM entries WHERE problem IS NOT NULL ORDER BY name"
        )
        return [SessionFileError(self.sessions_dir / name, problem) for name, problem in rows]

    # -- queries ------------------------------------------------------------------------------

    def summaries(
        self, since: date | None = None, routine: str | None = None
    ) -> list[SessionSummary]:
        """The matching sessions without their steps, newest first.

        Args:
            since: only sessions that started on this local date or later.
            routine: only sessions of this routine id.
        """
        return [_summary(row) for row in self._select(_SUMMARY_COLUMNS, since, routine)]

    def documents(self, since: date | None = None, routine: str | None = None) -> list[str]:
        """Each matching session as JSON text (see :func:`session_to_json`), newest first.

        Args:
            since: only sessions that started on this local date or later.
            routine: only sessions of this routine id.
        """
        return [document for (document,) in self._select(("document",), since, routine)]

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
        """The session with this id (the newest, should two files claim it), or None."""
        row = self._connection.execute(
            "SELECT name, document FROM entries WHERE id = ? ORDER BY epoch DESC, name DESC",
            (session_id,),
        ).fetchone()
        if row is None:
            return None
        name, document = row
        return session_from_json(json.loads(document), self.sessions_dir / name)

    def _select(
        self, columns: tuple[str, ...], since: date | None, routine: str | None
    ) -> list[_Row]:
        conditions = ["problem IS NULL"]
        parameters: list[str] = []
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
        return self._connection.execute(query, parameters).fetchall()

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
            rows.append((name, stamp.size, stamp.mtime_ns, error.message) + (None,) * 13)
            continue
        document = json.dumps(session_to_json(log), ensure_ascii=False, separators=(",", ":"))
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
                log.completed,
                log.work_sets_done,
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
    import multiprocessing
    import threading

    workers = _usable_cpus()
    can_fork = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    if len(files) < PARALLEL_FROM or workers < 2 or not can_fork:
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
        if _version(connection) != _USER_VERSION:
            with _transaction(connection):
                if _version(connection) != _USER_VERSION:  # unless another process just did
                    connection.execute("DROP TABLE IF EXISTS entries")
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
    identifier, routine, title, started, ended, completed, sets_done, rpe, pain, notes = row
    return SessionSummary(
        id=identifier,
        routine=routine,
        title=title,
        started_at=datetime.fromisoformat(started),
        ended_at=datetime.fromisoformat(ended),
        completed=bool(completed),
        sets_done=sets_done,
        rpe=rpe,
        pain=Pain(pain),
        notes=notes,
    )


# -- the JSON form of a session -------------------------------------------------------------------


def session_to_json(log: SessionLog) -> dict[str, Any]:
    """A session as plain JSON values: what ``postchain history --json`` prints per session.

    Every key is always present; unset values are null. Times are ISO 8601 with their offset.
    ``wall_s`` and ``sets_done`` are derived, for convenience.
    """
    return {
        "id": log.id,
        "routine": log.routine,
        "title": log.title,
        "started_at": log.started_at.isoformat(),
        "ended_at": log.ended_at.isoformat(),
        "completed": log.completed,
        "wall_s": round(log.wall_s, 3),
        "sets_done": log.work_sets_done,
        "rpe": log.rpe,
        "notes": log.notes,
        "pain": log.pain.value,
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
        rpe=document["rpe"],
        notes=document["notes"],
        pain=Pain(document["pain"]),
        path=path,
    )


def _step_to_json(step: StepLog) -> dict[str, Any]:
    return {
        "index": step.index,
        "name": step.name,
        "kind": step.kind,
        "exercise": step.exercise,
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
    )
