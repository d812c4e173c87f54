"""The read side of the training log: an index that lists thousands of sessions at once.

The session files are the truth. Parsing TOML costs about half a millisecond a file, so
``SessionIndex`` keeps a cache of them in SQLite (``index.sqlite3`` in the data folder) and
re-reads only what changed. The cache is checked against the folder on every refresh:

- each ``.toml`` file's name, size and modification time is compared with what the index
  recorded; new and changed files are read, rows of vanished files are dropped;
- a file modified within ``UNSETTLED_NS`` of the listing is recorded as unverified and read
  again next time, since a second save within the file system's timestamp granularity could
  leave both the size and the time unchanged;
- a file that is not a valid session is remembered with its reason, so it is reported on every
  refresh but read again only once it changes;
- an index written by another version, or one SQLite cannot read, is deleted and rebuilt;
- when the index cannot be written (locked by another process for too long, read-only, or it
  cannot be created), the files are read into an index in memory for that call instead.

Reading never changes or removes a session file. Each indexed session keeps its summary
columns for filtering and ordering, and the whole session as JSON (``session_to_json``), so
listings and exports never touch the TOML.
"""

from __future__ import annotations

import json
import sqlite3
import stat
import time
from dataclasses import dataclass
from datetime import date, datetime
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
"""Bumped whenever the table or the stored JSON changes; a different index is rebuilt."""

UNSETTLED_NS = 2_000_000_000
"""Files modified this recently (in nanoseconds) before a listing are read again next time."""

LOCK_TIMEOUT_S = 5.0
"""How long to wait for another process's write to the index before reading the files."""

_USER_VERSION = INDEX_FORMAT * 1000 + SCHEMA_VERSION  # a postchain reading a newer schema re-reads

_CREATE = (
    """
    CREATE TABLE entries (
        name TEXT PRIMARY KEY,      -- the file's name in the sessions folder
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,  -- -1 when the file was too new to trust its time
        problem TEXT,               -- why the file is skipped; NULL for a session
        id TEXT,
        routine TEXT,
        started_epoch REAL,         -- for ordering across time zones
        day TEXT,                   -- the local start date, YYYY-MM-DD
        document TEXT               -- the session as JSON
    )
    """,
    "CREATE INDEX entries_by_start ON entries (started_epoch)",
    "CREATE INDEX entries_by_id ON entries (id)",
)

_UPSERT = """
INSERT OR REPLACE INTO entries
    (name, size, mtime_ns, problem, id, routine, started_epoch, day, document)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
"""

_Row = tuple[
    str, int, int, str | None, str | None, str | None, float | None, str | None, str | None
]


@dataclass(frozen=True, slots=True)
class FileStamp:
    """What the listing says about one file; a file whose stamp is unchanged is not re-read.

    Attributes:
        size: bytes.
        mtime_ns: modification time in nanoseconds, or -1 when it cannot be trusted yet.
    """

    size: int
    mtime_ns: int


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
        self._store = SessionStore(sessions_dir)
        self._connection = _memory_index()
        self.in_memory = True
        """True when the index lives in memory only (none asked for, or the file was unusable)."""

    @classmethod
    def open(cls, sessions_dir: Path, index_path: Path | None) -> SessionIndex:
        """Open (or create) the index for a sessions folder; a corrupt index is rebuilt.

        Args:
            sessions_dir: the sessions folder; it need not exist.
            index_path: the index file, e.g. ``<data dir>/index.sqlite3``; None for memory only.

        Returns:
            The index, not yet refreshed.
        """
        index = cls(sessions_dir, index_path)
        if index_path is not None:
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
        listing, unreadable = self._list_folder()
        try:
            self._update(listing)
        except sqlite3.OperationalError:
            # Locked by another process for too long, read-only, or the disk refused: read the
            # files into memory for this call and leave the index file to a later run.
            self._use_memory()
            self._update(listing)
        except sqlite3.DatabaseError:
            assert self.index_path is not None
            self._connection.close()
            self._attach_file(self.index_path, rebuild=True)
            try:
                self._update(listing)
            except sqlite3.DatabaseError:
                self._use_memory()
                self._update(listing)
        return sorted(unreadable + self._problems(), key=lambda error: str(error.path))

    def _list_folder(self) -> tuple[dict[str, FileStamp], list[SessionFileError]]:
        """The stamp of every session file, and the files whose names cannot be indexed."""
        listed_at = time.time_ns()
        listing: dict[str, FileStamp] = {}
        unreadable: list[SessionFileError] = []
        for path in self._store.session_files():
            if not _is_utf8(path.name):
                unreadable.append(SessionFileError(path, "its name is not UTF-8 text; rename it"))
                continue
            try:
                status = path.stat()
            except OSError:
                continue  # removed since the listing
            if not stat.S_ISREG(status.st_mode):
                continue
            settled = listed_at - status.st_mtime_ns > UNSETTLED_NS
            listing[path.name] = FileStamp(status.st_size, status.st_mtime_ns if settled else -1)
        return listing, unreadable

    def _update(self, listing: dict[str, FileStamp]) -> None:
        """Read new and changed files, then record them and drop vanished ones in one go."""
        recorded = {
            name: FileStamp(size, mtime_ns)
            for name, size, mtime_ns in self._connection.execute(
                "SELECT name, size, mtime_ns FROM entries"
            )
        }
        vanished = [(name,) for name in recorded.keys() - listing.keys()]
        changed = [
            name
            for name, stamp in listing.items()
            if stamp.mtime_ns < 0 or recorded.get(name) != stamp
        ]
        if not vanished and not changed:
            return
        rows = [self._read(name, listing[name]) for name in sorted(changed)]
        with _transaction(self._connection):
            self._connection.executemany("DELETE FROM entries WHERE name = ?", vanished)
            self._connection.executemany(_UPSERT, rows)

    def _read(self, name: str, stamp: FileStamp) -> _Row:
        """The index row for one file: its session, or why it is skipped."""
        try:
            log = self._store.load(self.sessions_dir / name)
        except SessionFileError as error:
            return (name, stamp.size, stamp.mtime_ns, error.message, None, None, None, None, None)
        document = json.dumps(session_to_json(log), ensure_ascii=False, separators=(",", ":"))
        return (
            name,
            stamp.size,
            stamp.mtime_ns,
            None,
            log.id,
            log.routine,
            log.started_at.timestamp(),
            log.started_at.date().isoformat(),
            document,
        )

    def _problems(self) -> list[SessionFileError]:
        rows = self._connection.execute(
            "SELECT name, problem FROM entries WHERE problem IS NOT NULL ORDER BY name"
        )
        return [SessionFileError(self.sessions_dir / name, problem) for name, problem in rows]

    # -- queries ------------------------------------------------------------------------------

    def documents(self, since: date | None = None, routine: str | None = None) -> list[str]:
        """Each matching session as JSON text (see :func:`session_to_json`), newest first.

        Args:
            since: only sessions that started on this local date or later.
            routine: only sessions of this routine id.
        """
        return [document for _, document in self._select(since, routine)]

    def sessions(self, since: date | None = None, routine: str | None = None) -> list[SessionLog]:
        """The matching sessions, newest first.

        Args:
            since: only sessions that started on this local date or later.
            routine: only sessions of this routine id.
        """
        return [
            session_from_json(json.loads(document), self.sessions_dir / name)
            for name, document in self._select(since, routine)
        ]

    def get(self, session_id: str) -> SessionLog | None:
        """The session with this id (the newest, should two files claim it), or None."""
        row = self._connection.execute(
            "SELECT name, document FROM entries WHERE id = ? "
            "ORDER BY started_epoch DESC, name DESC LIMIT 1",
            (session_id,),
        ).fetchone()
        if row is None:
            return None
        name, document = row
        return session_from_json(json.loads(document), self.sessions_dir / name)

    def _select(self, since: date | None, routine: str | None) -> list[tuple[str, str]]:
        conditions = ["problem IS NULL"]
        parameters: list[str] = []
        if since is not None:
            conditions.append("day >= ?")
            parameters.append(since.isoformat())
        if routine is not None:
            conditions.append("routine = ?")
            parameters.append(routine)
        query = (
            f"SELECT name, document FROM entries WHERE {' AND '.join(conditions)} "
            "ORDER BY started_epoch DESC, name DESC"
        )
        return self._connection.execute(query, parameters).fetchall()

    # -- the index file -----------------------------------------------------------------------

    def _attach_file(self, index_path: Path, *, rebuild: bool = False) -> None:
        """Use the index file, creating it, or rebuilding it when it is corrupt or outdated.

        When the file cannot be used at all, the index stays in memory.
        """
        if rebuild:
            _remove_index(index_path)
        try:
            index_path.parent.mkdir(parents=True, exist_ok=True)
            self._connection = _prepared(
                sqlite3.connect(index_path, timeout=LOCK_TIMEOUT_S, isolation_level=None)
            )
            self.in_memory = False
        except sqlite3.OperationalError:
            self._use_memory()
        except (sqlite3.DatabaseError, OSError):
            if rebuild:
                self._use_memory()
            else:
                self._attach_file(index_path, rebuild=True)

    def _use_memory(self) -> None:
        self._connection.close()
        self._connection = _memory_index()
        self.in_memory = True


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


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _remove_index(index_path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        index_path.with_name(index_path.name + suffix).unlink(missing_ok=True)


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
