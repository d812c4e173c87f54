"""Keeping the session index's rows in step with the sessions folder.

Each ``.toml`` file's name, size and modification time is compared with what the index
recorded; new and changed files are read, rows of vanished files are dropped. A file modified
within ``UNSETTLED_NS`` of the listing is recorded as unverified and read again next time, since
a second save within the file system's timestamp granularity could leave both its size and its
time unchanged. A file that is not a valid session is remembered with its reason, so it is
reported on every refresh but read again only once it changes.

A complete refresh also records the sessions folder's own stamp (:class:`FolderStamp`), by
which :meth:`~postchain_tui.core.history.SessionIndex.freshness` trusts an unchanged folder
without listing it. Files are read before the index is locked, so a refresh holds the write
lock only while it stores rows. A refresh that can be stopped stores its rows in batches; until
its last batch is stored the folder's stamp is missing and the index counts as unbuilt, and the
next refresh reads what is missing.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from postchain_tui.core.index_reading import FileStamp, read_entries_in_parallel
from postchain_tui.core.index_schema import UPSERT, Transaction
from postchain_tui.core.record import SessionFileError
from postchain_tui.core.store import UNSETTLED_NS, is_session_file_name

BACKGROUND_BATCH = 100
"""A refresh that can be stopped stores its rows every this many files, so it stops soon."""


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


class TooManyToRead(Exception):
    """A refresh would have had to read more files than it was allowed; nothing was changed."""


@dataclass(frozen=True, slots=True)
class Listing:
    """What one listing of the sessions folder found."""

    files: dict[str, FileStamp]
    misnamed: list[SessionFileError]
    folder: FolderStamp | None  # None when there is no sessions folder


def list_folder(sessions_dir: Path, listed_at: int) -> Listing:
    """The stamp of every session file and of the folder, and the misnamed files.

    Args:
        sessions_dir: the sessions folder.
        listed_at: the wall clock in nanoseconds since the epoch, taken before the listing.
    """
    try:
        # Before the listing: a file added while it runs leaves a newer time than this.
        status = os.stat(sessions_dir)
        entries = os.scandir(sessions_dir)
    except OSError:
        return Listing({}, [], None)
    settled = listed_at - status.st_mtime_ns > UNSETTLED_NS
    files: dict[str, FileStamp] = {}
    misnamed: list[SessionFileError] = []
    with entries:
        for entry in entries:
            name = entry.name
            if not is_session_file_name(name):
                continue
            if not _is_utf8(name):
                path = sessions_dir / name
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
    return Listing(files, misnamed, FolderStamp(status.st_ino, status.st_mtime_ns, settled))


def stop_if_clearly_too_many(
    connection: sqlite3.Connection, sessions_dir: Path, read_at_most: int
) -> None:
    """Raise ``TooManyToRead`` when an index never completed lacks too many files.

    Such an index is usually empty. Counting names is much quicker than the listing, which asks
    every file for its size and time.
    """
    try:
        if recorded_folder(connection) is not None:
            return
        (recorded,) = connection.execute("SELECT count(*) FROM entries").fetchone()
        with os.scandir(sessions_dir) as entries:
            names = sum(1 for entry in entries if is_session_file_name(entry.name))
    except (OSError, sqlite3.DatabaseError):
        return  # the listing finds out what is wrong
    if names - recorded > read_at_most:
        raise TooManyToRead(f"{names - recorded} session files not indexed yet")


def update(
    connection: sqlite3.Connection,
    sessions_dir: Path,
    listing: Listing,
    read_at_most: int | None,
    stop: threading.Event | None,
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
    for name, size, mtime_ns in connection.execute("SELECT name, size, mtime_ns FROM entries"):
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
        if recorded_folder(connection) != listing.folder:
            # Only the shortcut of a later start is at stake: a read-only index does
            # without it rather than have the files read into memory.
            with contextlib.suppress(sqlite3.OperationalError), Transaction(connection):
                record_folder(connection, listing.folder)
        return
    size = BACKGROUND_BATCH if stop is not None else max(len(changed), 1)
    batches = [changed[start : start + size] for start in range(0, len(changed), size)]
    for number, batch in enumerate(batches or [[]], start=1):
        if stop is not None and stop.is_set():
            return
        rows = read_entries_in_parallel(sessions_dir, batch)
        with Transaction(connection):
            if number == 1:
                connection.executemany("DELETE FROM entries WHERE name = ?", vanished)
            connection.executemany(UPSERT, rows)
            record_folder(connection, listing.folder if number >= len(batches) else None)


def recorded_folder(connection: sqlite3.Connection) -> FolderStamp | None:
    """The folder's stamp as the last complete refresh recorded it; None when none is."""
    row = connection.execute("SELECT inode, mtime_ns, settled FROM folder").fetchone()
    return None if row is None else FolderStamp(row[0], row[1], bool(row[2]))


def record_folder(connection: sqlite3.Connection, folder: FolderStamp | None) -> None:
    """Record the folder's stamp, or that no refresh is complete (None); in a transaction."""
    connection.execute("DELETE FROM folder")
    if folder is not None:
        connection.execute("INSERT INTO folder VALUES (?, ?, ?)", folder)


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
