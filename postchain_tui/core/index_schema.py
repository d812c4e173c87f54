"""The session index's SQLite file: its tables, its format, and connections prepared for them.

One row per file of the sessions folder (:class:`IndexRow`): the file's stamp, why it is
skipped when it is not a session, and otherwise the summary columns used for filtering,
ordering and the history table (:class:`SummaryRow`), and the whole session as JSON.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import TracebackType
from typing import NamedTuple

from postchain_tui.core.record import SCHEMA_VERSION

INDEX_FORMAT = 3
"""Bumped whenever the table or the stored JSON changes; an index of another format is rebuilt."""

CACHE_KIB = 512
"""SQLite's page cache per connection: the queries walk indexes or read each row once, so a
bigger cache (the default is 2 MiB) costs memory and saves no time."""

USER_VERSION = INDEX_FORMAT * 1000 + SCHEMA_VERSION  # a postchain that reads newer files rebuilds


class SummaryRow(NamedTuple):
    """The summary columns of a session's row, as ``core.counting`` counted it when indexed."""

    id: str
    routine: str
    title: str
    started_at: str
    ended_at: str
    completed: int  # 0 or 1, as SQLite keeps it
    sets_done: int
    sets_planned: int
    kind: str
    rpe: int | None
    pain: str
    notes: str


class IndexRow(NamedTuple):
    """One row of the ``entries`` table, in the order of its columns: a file of the folder.

    For a file that is not a session only the stamp and the ``problem`` are set; what each
    column holds is said in ``CREATE``.
    """

    name: str
    size: int
    mtime_ns: int
    problem: str | None
    id: str | None
    routine: str | None
    title: str | None
    started_at: str | None
    ended_at: str | None
    completed: int | None
    sets_done: int | None
    sets_planned: int | None
    kind: str | None
    rpe: int | None
    pain: str | None
    notes: str | None
    epoch: float | None
    day: str | None
    document: str | None

    @classmethod
    def skipped(cls, name: str, size: int, mtime_ns: int, problem: str) -> IndexRow:
        """The row of a file that is not a valid session, saying why."""
        return cls(name, size, mtime_ns, problem, *(None,) * (len(cls._fields) - 4))

    @classmethod
    def of_session(
        cls,
        name: str,
        size: int,
        mtime_ns: int,
        summary: SummaryRow,
        *,
        epoch: float,
        day: str,
        document: str,
    ) -> IndexRow:
        """The row of a session file."""
        return cls(name, size, mtime_ns, None, *summary, epoch, day, document)


SUMMARY_COLUMNS: tuple[str, ...] = SummaryRow._fields
COLUMNS: tuple[str, ...] = IndexRow._fields

CREATE = (
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

A_COPY = """EXISTS (
    SELECT 1 FROM entries AS kept
    WHERE kept.id = entries.id AND kept.problem IS NULL AND kept.name != entries.name
    AND (kept.name = kept.id || '.toml'
         OR (entries.name != entries.id || '.toml' AND kept.name < entries.name))
)"""
"""A session file that another file of the same id takes precedence over: a copy made by a sync
tool (``<id> (conflicted copy).toml``) or by hand. The file named after the id is the session;
failing that, the first by name. A copy is listed as a file skipped, never as a session."""

UPSERT = (
    f"INSERT OR REPLACE INTO entries ({', '.join(COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in COLUMNS)})"
)


def memory_index() -> sqlite3.Connection:
    """A new index in memory, with the current tables."""
    return prepared(sqlite3.connect(":memory:", isolation_level=None))


def prepared(connection: sqlite3.Connection) -> sqlite3.Connection:
    """The connection with the current tables, created afresh when missing or outdated."""
    try:
        connection.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        if _version(connection) != USER_VERSION:
            with Transaction(connection):
                if _version(connection) != USER_VERSION:  # unless another process just did
                    connection.execute("DROP TABLE IF EXISTS entries")
                    connection.execute("DROP TABLE IF EXISTS folder")
                    for statement in CREATE:
                        connection.execute(statement)
                    connection.execute(f"PRAGMA user_version = {USER_VERSION}")
    except BaseException:
        connection.close()
        raise
    return connection


def _version(connection: sqlite3.Connection) -> int:
    (version,) = connection.execute("PRAGMA user_version").fetchone()
    return int(version)


class Transaction:
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


def remove_index(index_path: Path) -> None:
    """Delete an index file and what SQLite keeps beside it."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        index_path.with_name(index_path.name + suffix).unlink(missing_ok=True)
