"""What the app asks of the training log, answered through the session index.

Every question is answered from :class:`~postchain_tui.core.history.SessionIndex`, which reads
only the session files that changed since it last looked, and each reads no more sessions than
it needs: the newest few of one routine, or the summary rows. The index is checked on the
first question and again after :meth:`TrainingLog.close_index`, which the app calls once a
session has been saved.

Two ways of checking it:

- a full refresh lists every file and reads the new and changed ones. The picker's coach, the
  summary's comparison with last time and ``start --last`` ask this way (as do the History
  screen and the ``history`` and ``export`` commands, through the index itself): it also
  notices a file edited in place;
- :meth:`TrainingLog.advice_at_start`, the question asked on the way to a session's first
  frame, trusts the index while the sessions folder is unchanged since its last complete
  refresh, and reads at most ``START_READ_LIMIT`` files. When more are needed (no index yet,
  or one of another version), the session starts without advice and
  :meth:`TrainingLog.index_in_background` builds the index in a thread of its own.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from postchain_tui.core.history import Freshness, SessionIndex, SessionSummary
from postchain_tui.core.index_background import BackgroundRefresh
from postchain_tui.core.index_refresh import TooManyToRead
from postchain_tui.core.progression import Advice, advise
from postchain_tui.core.record import SessionLog
from postchain_tui.core.routine import Routine

if TYPE_CHECKING:
    from datetime import date

    from postchain_tui.core.plan_weeks import PlanProgress

MAX_SESSIONS_READ = 30
"""The most sessions read back to find where each exercise of a routine was left."""

START_READ_LIMIT = 20
"""The most session files read on the way to a session's first frame."""


class TrainingLog:
    """The log as the app sees it: progression, plan weeks, the last session, what changed.

    A log that cannot be read (a folder without permission, a disk that refuses) answers as an
    empty log: the app still works, it only cannot remember. So does a log whose index is being
    built in the background, rather than read thousands of files while the user waits.

    Args:
        sessions_dir: the sessions folder; it need not exist yet.
        index_path: the index file to keep up to date; None keeps the index in memory.
        clock_ns: the wall clock in nanoseconds since the epoch, for the index; tests pass a
            fake one.
        load_unit: what loads are counted in, for the loads advised.
    """

    def __init__(
        self,
        sessions_dir: Path,
        index_path: Path | None,
        clock_ns: Callable[[], int] = time.time_ns,
        *,
        load_unit: str = "kg",
    ) -> None:
        self.sessions_dir = sessions_dir
        self.load_unit = load_unit
        self.index_path = index_path
        self.clock_ns = clock_ns
        self._index: SessionIndex | None = None
        self._background: BackgroundRefresh | None = None
        self._index_in_memory = index_path is None

    def close_index(self) -> None:
        """Close the index, so that the next question looks at the folder again (after a session
        was saved, edited or deleted)."""
        if self._index is not None:
            self._index.close()
            self._index = None

    def close(self) -> None:
        """Close the index, and stop building it in the background (what is built is kept)."""
        self.close_index()
        if self._background is not None:
            self._background.stop()

    @property
    def indexing(self) -> bool:
        """True while the index is being built in the background."""
        return self._background is not None and self._background.running

    def index_in_background(self) -> bool:
        """Bring the index file up to date in a thread of its own, unless one is at it already.

        Returns:
            True when the index is being built; False when the log has no index file to
            build (the file cannot be used, or none was asked for).
        """
        if self.index_path is None or self._index_in_memory:
            return False
        if not self.indexing:
            self._background = BackgroundRefresh(self.sessions_dir, self.index_path, self.clock_ns)
            self._background.start()
        return True

    def wait_for_index(self, timeout_s: float | None = None) -> bool:
        """Wait for the index being built in the background, if it is.

        Args:
            timeout_s: the longest wait in seconds; None waits as long as it takes.

        Returns:
            True when no build is running any more.
        """
        return self._background is None or self._background.wait(timeout_s)

    def advice_for(self, routine: Routine) -> Advice:
        """Where each exercise of ``routine`` starts this session (see ``core.progression``)."""
        return _advice(routine, self._fresh(), self.load_unit)

    def advice_at_start(self, routine: Routine) -> Advice | None:
        """:meth:`advice_for`, worked out without holding up a session's first frame.

        The index is trusted as it is while the sessions folder is unchanged since its last
        complete refresh; otherwise at most ``START_READ_LIMIT`` files are read. Later
        questions are answered from the same index, until :meth:`close_index`.

        Returns:
            The advice, or None when more files would have to be read first (there is no index
            yet, or it is being built): the session then starts with the routine's own holds,
            and :meth:`index_in_background` can build the index for next time.
        """
        try:
            index = self._opened(quick=True)
        except TooManyToRead:
            return None
        return _advice(routine, index, self.load_unit)

    def plans(self, routines: Iterable[Routine], today: date) -> list[PlanProgress]:
        """How far the user has got through every plan among ``routines`` by ``today``."""
        # Imported here, as is the comparison below: a session's start needs neither.
        from postchain_tui.core.plan_weeks import plan_progress

        in_plans = [routine for routine in routines if routine.plan and routine.week is not None]
        counted = sorted(
            (summary.started_at, summary.routine)
            for routine in in_plans
            for summary in self._summaries(routine.id)
            if summary.counts_toward_goal
        )
        sessions = [(routine_id, started.date()) for started, routine_id in counted]
        return plan_progress(in_plans, sessions, today)

    def previous_session(self, log: SessionLog) -> SessionLog | None:
        """The last session of the same routine before ``log`` in which any set was done."""
        index = self._fresh()
        for summary in self._summaries(log.routine):
            if summary.id == log.id or summary.started_at >= log.started_at:
                continue
            if summary.counts.sets_done and index is not None:
                return index.get(summary.id)
        return None

    def changes_since_last(self, log: SessionLog) -> list[str]:
        """What changed in ``log`` since the previous session of its routine, one line each."""
        from postchain_tui.core.comparison import what_changed

        return what_changed(log, self.previous_session(log))

    def last_routine_id(self) -> str | None:
        """The routine of the newest session logged, or None when there is none."""
        summaries = self._summaries(None)
        return summaries[0].routine if summaries else None

    def _summaries(self, routine_id: str | None) -> list[SessionSummary]:
        index = self._fresh()
        if index is None:
            return []
        try:
            return index.summaries(routine=routine_id)
        except sqlite3.Error:
            return []

    def _fresh(self) -> SessionIndex | None:
        try:
            return self._opened(quick=False)
        except TooManyToRead:
            return None

    def _opened(self, *, quick: bool) -> SessionIndex | None:
        """The index, checked against the folder the first time; None when it cannot be read.

        Args:
            quick: trust an index whose folder is unchanged, and read few files (see
                :meth:`advice_at_start`); otherwise refresh it in full.

        Raises:
            TooManyToRead: while the index is being built in the background, or, when quick,
                when more than ``START_READ_LIMIT`` files would have to be read.
        """
        if self._index is not None:
            return self._index
        if self.indexing:
            raise TooManyToRead("the index is being built")
        try:
            index = SessionIndex.open(self.sessions_dir, self.index_path, self.clock_ns)
        except (OSError, sqlite3.Error):
            return None
        self._index_in_memory = index.in_memory
        try:
            # Files that are not sessions are the history's to report, not the coach's.
            if not quick:
                index.refresh()
            elif index.freshness() is not Freshness.UNCHANGED:
                index.refresh(read_at_most=START_READ_LIMIT)
        except (OSError, sqlite3.Error):
            index.close()
            return None
        except TooManyToRead:
            index.close()
            raise
        self._index = index
        return index


def _advice(routine: Routine, index: SessionIndex | None, load_unit: str) -> Advice:
    """Where each exercise of ``routine`` starts, from the newest sessions of it in ``index``."""
    wanted = {exercise.name for exercise in routine.exercises}
    found: list[SessionLog] = []
    for log in _newest_sessions(index, routine.id):
        found.append(log)
        wanted -= {step.exercise for step in log.steps if step.is_work}
        if not wanted or len(found) >= MAX_SESSIONS_READ:
            break
    return advise(routine, found, load_unit)


def _newest_sessions(index: SessionIndex | None, routine_id: str) -> Iterator[SessionLog]:
    """The sessions of a routine, newest first, read one by one as they are wanted."""
    if index is None:
        return
    try:
        summaries = index.summaries(routine=routine_id, limit=MAX_SESSIONS_READ)
    except sqlite3.Error:
        return
    for summary in summaries:
        log = index.get(summary.id)
        if log is not None:
            yield log
