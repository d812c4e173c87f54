"""Reading session files into rows of the session index, in one process or one per CPU."""

from __future__ import annotations

import json
import math
import os
import threading
from functools import partial
from pathlib import Path
from typing import NamedTuple

from postchain_tui.core.counting import SessionCounts, session_counts
from postchain_tui.core.index_schema import IndexRow, SummaryRow
from postchain_tui.core.record import SessionFileError, SessionLog
from postchain_tui.core.session_json import session_to_json
from postchain_tui.core.store import SessionStore

PARALLEL_FROM = 400
"""Reading at least this many files at once is shared among processes, one per CPU."""


class FileStamp(NamedTuple):
    """What the listing says about one file; a file whose stamp is unchanged is not re-read.

    A tuple, so that thousands of them cost little and compare with rows of the index as is.

    Attributes:
        size: bytes.
        mtime_ns: modification time in nanoseconds, or -1 while it cannot be trusted yet.
    """

    size: int
    mtime_ns: int


def read_entries(sessions_dir: Path, files: list[tuple[str, FileStamp]]) -> list[IndexRow]:
    """The index rows for some files of the sessions folder: each session, or why it is skipped.

    Args:
        sessions_dir: the sessions folder.
        files: each file's name and the stamp it was listed with.
    """
    store = SessionStore(sessions_dir)
    rows: list[IndexRow] = []
    for name, stamp in files:
        try:
            log = store.load(sessions_dir / name)
        except SessionFileError as error:
            rows.append(IndexRow.skipped(name, stamp.size, stamp.mtime_ns, error.message))
            continue
        counts = session_counts(log)  # once, for the row and its document alike
        try:
            document = json.dumps(
                session_to_json(log, counts),
                ensure_ascii=False,
                separators=(",", ":"),
                allow_nan=False,
            )
        except ValueError:  # NaN or infinity: not JSON, and not a session worth a row
            problem = "a number is not finite"
            rows.append(IndexRow.skipped(name, stamp.size, stamp.mtime_ns, problem))
            continue
        rows.append(
            IndexRow.of_session(
                name,
                stamp.size,
                stamp.mtime_ns,
                _summary_row(log, counts),
                epoch=log.started_at.timestamp(),
                day=log.started_at.date().isoformat(),
                document=document,
            )
        )
    return rows


def _summary_row(log: SessionLog, counts: SessionCounts) -> SummaryRow:
    return SummaryRow(
        id=log.id,
        routine=log.routine,
        title=log.title,
        started_at=log.started_at.isoformat(),
        ended_at=log.ended_at.isoformat(),
        completed=counts.reached_end,
        sets_done=counts.sets_done,
        sets_planned=counts.sets_planned,
        kind=counts.kind.value,
        rpe=log.rpe,
        pain=log.pain.value,
        notes=log.notes,
    )


def read_entries_in_parallel(
    sessions_dir: Path, files: list[tuple[str, FileStamp]]
) -> list[IndexRow]:
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
