"""Saving a running session: whole each time, in order, away from the event loop.

The session screen hands each save to a :class:`~postchain_tui.core.writer.LatestWriter`, so a
slow or full disk never holds up a frame or a key. The writer's thread also takes the marker
that tells a running session from one a crash cut off (at the first save), and reads the
routine file's digest. What it did comes back to the screen as a :class:`SessionSaved`
message, in the order of the saves.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

from postchain_tui.core.running import RunningMarker
from postchain_tui.core.store import SessionStore
from postchain_tui.core.writer import LatestWriter

if TYPE_CHECKING:
    from postchain_tui.core.engine import SessionEngine
    from postchain_tui.core.record import SessionLog
    from postchain_tui.core.routine import Routine

Notify = Callable[..., None]


@dataclass(frozen=True, slots=True)
class SaveJob:
    """One save, as handed to the writer.

    Attributes:
        number: counts the saves of the session, from 1.
        log: the session as far as it has got.
        mark_as: the session id to mark as running before saving; None marks nothing.
        routine_file: the routine file to name (with its digest) in the log; None names none.
    """

    number: int
    log: SessionLog
    mark_as: str | None
    routine_file: Path | None


@dataclass(frozen=True, slots=True)
class SaveResult:
    """What a save did.

    Attributes:
        number: the save's number (see :class:`SaveJob`).
        log: the session as written (or as it would have been).
        saved_to: the file written; None when the disk refused.
        error: why the disk refused, or empty.
        marker: the running marker taken with this save, if one was.
        marker_error: why no marker could be taken, or empty.
    """

    number: int
    log: SessionLog
    saved_to: Path | None
    error: str = ""
    marker: RunningMarker | None = None
    marker_error: str = ""


class SessionSaved(Message, bubble=False):
    """Saves of the session are done (or failed); posted from the writer's thread."""


def write_session(store: SessionStore, running_dir: Path | None, job: SaveJob) -> SaveResult:
    """Do one save: mark the session as running if asked, then write it.

    Args:
        store: where the session goes.
        running_dir: the folder of running markers; None keeps none.
        job: the save.

    Returns:
        What was done; it never raises for the disk.
    """
    log = job.log
    if job.routine_file is not None:
        from postchain_tui.core.resume import routine_digest

        log = replace(
            log,
            routine_file=str(job.routine_file.resolve()),
            routine_digest=routine_digest(job.routine_file),
        )
    marker: RunningMarker | None = None
    marker_error = ""
    if job.mark_as is not None and running_dir is not None:
        candidate = RunningMarker(running_dir, job.mark_as)
        try:
            if candidate.acquire():
                marker = candidate
        except OSError as error:
            marker_error = error.strerror or str(error)
    try:
        path = store.save(log)
    except OSError as error:
        return SaveResult(
            job.number, log, None, error.strerror or str(error), marker, marker_error
        )
    return SaveResult(job.number, log, path, "", marker, marker_error)


class SessionSaving:
    """Saves one session in the background and keeps what the saves came to.

    Args:
        routine: the routine being done.
        store: where the session is saved.
        running_dir: the folder of running markers; None keeps none.
        resume_from: the interrupted session being resumed, if one is.
        load_unit: what loads are counted in.
        notify: shows a note (the screen's ``notify``).
        report: called in the writer's thread after each save; the screen posts itself a
            :class:`SessionSaved`, and takes the results with :meth:`take_results`.
    """

    def __init__(
        self,
        routine: Routine,
        *,
        store: SessionStore,
        running_dir: Path | None,
        resume_from: SessionLog | None,
        load_unit: str,
        notify: Notify,
        report: Callable[[], None],
    ) -> None:
        self.routine = routine
        self.store = store
        self.running_dir = running_dir
        self.resume_from = resume_from
        self.load_unit = load_unit
        self.notify = notify
        self._report = report
        self.writer: LatestWriter[SaveJob] = LatestWriter(self._write, name="session-save")
        self.session_log: SessionLog | None = None
        """The session as last saved, or as it would have been; None before the first save."""
        self.saved_to: Path | None = None
        self.save_error = ""
        self.marker: RunningMarker | None = None
        self._marker_stays = False
        self._given = 0
        self._results: deque[SaveResult] = deque()
        self._heard = 0

    @property
    def settled(self) -> bool:
        """True once the result of the latest save is in (or when there was none)."""
        return self._heard == self._given

    def save(self, engine: SessionEngine, session_id: str, *, wait: bool = False) -> None:
        """Save the session as far as ``engine`` has got, replacing the earlier save.

        Args:
            engine: the session's engine.
            session_id: the session's id.
            wait: write at once, here, after the saves under way: for the last save of an
                app that is closing, which must be on disk before the process ends.
        """
        first_save = self._given == 0
        if self.resume_from is not None:
            log = self.resume_from.continued(engine, self.load_unit)
            mark_as, routine_file = None, None
        else:
            # Here rather than at the top: the first save comes after the first frame.
            from postchain_tui.core.record import SessionLog

            log = SessionLog.from_engine(
                engine,
                session_id=session_id,
                routine=self.routine.id,
                title=self.routine.title,
                kind=self.routine.kind,
                load_unit=self.load_unit,
            )
            mark_as = session_id if first_save else None
            routine_file = self.routine.path
        self._given += 1
        self.session_log = log
        job = SaveJob(self._given, log, mark_as, routine_file)
        if wait:
            self.flush()
            self._take(write_session(self.store, self.running_dir, job))
        else:
            self.writer.submit(job)

    def _write(self, job: SaveJob) -> None:
        self._results.append(write_session(self.store, self.running_dir, job))
        self._report()

    def take_results(self) -> None:
        """Keep what the saves done since the last call came to (on the event loop)."""
        while self._results:
            self._take(self._results.popleft())

    def _take(self, result: SaveResult) -> None:
        # Say so when saving changed: it failed, or it works again.
        self._heard = result.number
        self._heard = result.number
        self.session_log = result.log
        if result.marker is not None:
            self.marker = result.marker
        if result.marker_error:
            self.take_marker_error(result.marker_error)
        if result.saved_to is None:
            if result.error != self.save_error:
                self.notify(
                    f"Could not save the session to {self.store.folder}: {result.error}. "
                    "It is kept in memory and saving is tried again after every step.",
                    title="Not saved",
                    severity="error",
                    timeout=10,
                    markup=False,
                )
            self.save_error = result.error
            self.saved_to = None
            return
        if self.save_error:
            self.notify("The session is saved again.", title="Saved")
        self.save_error = ""
        self.saved_to = result.saved_to

    def mark_running(self, session_id: str) -> bool:
        """Hold the marker of a resumed session before it goes on.

        Returns:
            False when another process holds it: the session is running there already.
        """
        if self.running_dir is None:
            return True
        marker = RunningMarker(self.running_dir, session_id)
        try:
            if not marker.acquire():
                return False
        except OSError as error:
            self.take_marker_error(error.strerror or str(error))
            return True
        self.marker = marker
        return True

    def take_marker_error(self, reason: str) -> None:
        """Say that the session could not be marked as running."""
        self.notify(
            f"Could not mark the session as running in {self.running_dir}: "
            f"{reason}. Should the app be cut off, it will not offer "
            "to resume this session; what was done is saved all the same.",
            title="Not marked as running",
            severity="warning",
            timeout=10,
            markup=False,
        )

    def flush(self) -> None:
        """Wait for the saves under way and keep what they came to (the app is closing)."""
        self.writer.wait()
        self.take_results()

    def unmark(self) -> None:
        """The session is over: remove its marker once its last save is on disk.

        When the last save failed the marker stays, so the next start offers the session and
        what was saved of it can be resumed.
        """
        if self.marker is None:
            return
        if self.saved_to is not None and not self._marker_stays:
            self.marker.release()
        else:
            self.marker.keep()
        self.marker = None

    def keep_marker(self) -> None:
        """Leave the marker when the session ends, as after a crash (the app was killed)."""
        self._marker_stays = True
        self.unmark()
