"""What the app asks of the training log, answered through the session index.

Every question is answered from :class:`~postchain_tui.core.history.SessionIndex`, which reads
only the session files that changed since it last looked, and each reads no more sessions than
it needs: the newest few of one routine, or the summary rows. The index is refreshed on the
first question and again after :meth:`TrainingLog.forget`, which the app calls once a session
has been saved.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from postchain_tui.core.comparison import what_changed
from postchain_tui.core.history import SessionIndex, SessionSummary
from postchain_tui.core.plan_weeks import PlanProgress, plan_progress
from postchain_tui.core.progression import Advice, advise
from postchain_tui.core.record import SessionLog
from postchain_tui.core.routine import Routine

MAX_SESSIONS_READ = 30
"""The most sessions read back to find where each exercise of a routine was left."""


class TrainingLog:
    """The log as the app sees it: progression, plan weeks, the last session, what changed.

    A log that cannot be read (a folder without permission, a disk that refuses) answers as an
    empty log: the app still works, it only cannot remember.

    Args:
        sessions_dir: the sessions folder; it need not exist yet.
        index_path: the index file to keep up to date; None keeps the index in memory.
    """

    def __init__(self, sessions_dir: Path, index_path: Path | None) -> None:
        self.sessions_dir = sessions_dir
        self.index_path = index_path
        self._index: SessionIndex | None = None

    def forget(self) -> None:
        """Let the next question look at the folder again (after a session was saved)."""
        self.close()

    def close(self) -> None:
        """Close the index."""
        if self._index is not None:
            self._index.close()
            self._index = None

    def advice_for(self, routine: Routine) -> Advice:
        """Where each exercise of ``routine`` starts this session (see ``core.progression``)."""
        wanted = {exercise.name for exercise in routine.exercises}
        found: list[SessionLog] = []
        for log in self._newest_sessions(routine.id):
            found.append(log)
            wanted -= {step.exercise for step in log.steps if step.is_work}
            if not wanted or len(found) >= MAX_SESSIONS_READ:
                break
        return advise(routine, found)

    def plans(self, routines: Iterable[Routine]) -> list[PlanProgress]:
        """How far the user has got through every plan among ``routines``."""
        in_plans = [routine for routine in routines if routine.plan and routine.week is not None]
        completed = {
            routine.id: sum(1 for summary in self._summaries(routine.id) if summary.completed)
            for routine in in_plans
        }
        return plan_progress(in_plans, completed)

    def previous_session(self, log: SessionLog) -> SessionLog | None:
        """The last session of the same routine before ``log`` in which any set was done."""
        index = self._fresh()
        for summary in self._summaries(log.routine):
            if summary.id == log.id or summary.started_at >= log.started_at:
                continue
            if summary.sets_done and index is not None:
                return index.get(summary.id)
        return None

    def changes_since_last(self, log: SessionLog) -> list[str]:
        """What changed in ``log`` since the previous session of its routine, one line each."""
        return what_changed(log, self.previous_session(log))

    def last_routine_id(self) -> str | None:
        """The routine of the newest session logged, or None when there is none."""
        summaries = self._summaries(None)
        return summaries[0].routine if summaries else None

    def _newest_sessions(self, routine_id: str) -> Iterator[SessionLog]:
        index = self._fresh()
        if index is None:
            return
        for summary in self._summaries(routine_id):
            log = index.get(summary.id)
            if log is not None:
                yield log

    def _summaries(self, routine_id: str | None) -> list[SessionSummary]:
        index = self._fresh()
        if index is None:
            return []
        try:
            return index.summaries(routine=routine_id)
        except sqlite3.Error:
            return []

    def _fresh(self) -> SessionIndex | None:
        if self._index is not None:
            return self._index
        try:
            index = SessionIndex.open(self.sessions_dir, self.index_path)
        except (OSError, sqlite3.Error):
            return None
        try:
            index.refresh()  # files that are not sessions are the history's to report
        except (OSError, sqlite3.Error):
            index.close()
            return None
        self._index = index
        return index
