"""The session index's queries: which indexed sessions match, newest first.

Files that are not sessions, and a sync tool's conflict copies, are never matched.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from typing import Any

from postchain_tui.core.index_schema import A_COPY


def select_entries(
    connection: sqlite3.Connection,
    columns: tuple[str, ...],
    since: date | None,
    routine: str | None,
    limit: int | None = None,
) -> Iterator[tuple[Any, ...]]:
    """These columns of the matching sessions, newest first, read as they are taken.

    Args:
        connection: the index.
        columns: the columns of ``entries`` wanted.
        since: only sessions that started on this local date or later.
        routine: only sessions of this routine id.
        limit: at most this many, the newest; all of them when None.
    """
    conditions = ["problem IS NULL", f"NOT {A_COPY}"]
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
    return iter(connection.execute(query, parameters))


def entry_by_id(connection: sqlite3.Connection, session_id: str) -> tuple[str, str] | None:
    """The file name and JSON document of the session with this id, or None.

    Of two files that claim it (a sync tool's conflict copy), the one named after it is
    taken, else the first by name.

    Args:
        connection: the index.
        session_id: the session.
    """
    row: tuple[str, str] | None = connection.execute(
        f"SELECT name, document FROM entries WHERE id = ? AND problem IS NULL AND NOT {A_COPY}",
        (session_id,),
    ).fetchone()
    return row
