"""Picking up a session that a crash, a closed terminal or a power cut interrupted."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from postchain_tui.core.bounded_read import ROUTINE_LIMIT, read_bounded
from postchain_tui.core.catalog import Catalog
from postchain_tui.core.loader import load_routine
from postchain_tui.core.plan import PlannedStep, build_plan
from postchain_tui.core.record import PlannedExercise, SessionFileError, SessionLog, plan_outline
from postchain_tui.core.routine import Routine, RoutineError
from postchain_tui.core.running import forget_marker, interrupted_sessions
from postchain_tui.core.store import SessionStore

_FINISHED = ("time", "done", "skip")
NO_FILE = "no file: deleted since, or cut off before its first step ended"
"""Why a marker whose session has no file is forgotten."""


def resume_index(log: SessionLog, steps: Sequence[PlannedStep]) -> int | None:
    """Where an interrupted session goes on: the step after the last one that was finished.

    A step cut off mid-way was never recorded, so it is done again from its start.

    Args:
        log: the interrupted session as saved.
        steps: the plan of its routine as it is now.

    Returns:
        The plan index to start at, or None when nothing is left to do or the plan has
        changed since (see :func:`plan_change`).
    """
    if not log.steps:
        return 0
    last = log.steps[-1]
    if last.index >= len(steps) or steps[last.index].exercise != last.exercise:
        return None
    if plan_change(log, steps):
        return None
    following = last.index + 1 if last.ended_by in _FINISHED else last.index
    return following if following < len(steps) else None


def routine_digest(path: Path) -> str:
    """A short hash of a routine file's bytes, kept with a session started from the file, so
    that a resume can tell the same file from one changed since; empty when it cannot be read.
    """
    import hashlib

    try:
        data = read_bounded(path, ROUTINE_LIMIT)
    except (OSError, ValueError):
        return ""
    return hashlib.sha256(data).hexdigest()[:16]


def routine_of(log: SessionLog, catalog: Catalog) -> tuple[Routine | None, str]:
    """A session's routine as it is now, or why there is none.

    A routine of the catalog is found by its id; one started from a path is loaded from that
    file while it is there and unchanged.

    Returns:
        The routine, or None and why not, in words.
    """
    routine = catalog.get(log.routine)
    if routine is not None:
        return routine, ""
    if not log.routine_file:
        return None, f"The routine {log.routine!r} is not among your routines any more."
    path = Path(log.routine_file)
    if not path.is_file():
        return None, f"The routine file {path} is not there any more."
    if routine_digest(path) != log.routine_digest:
        return None, f"The routine file {path} has changed since the session was started."
    try:
        return load_routine(path), ""
    except RoutineError as error:
        return None, f"The routine file {path} cannot be read: {error.message}"


def plan_change(log: SessionLog, steps: Sequence[PlannedStep]) -> str:
    """What has changed in a session's plan since it was cut off, in words.

    Its exercises are compared (names, order, kinds, sets, per side), and the steps it
    went through with the steps now at their places, which tells a rest, side switch or
    get-ready added or dropped before where it stopped. Durations are not compared: a hold
    the log has moved on since is the same step. A file without its plan (version 1) is
    compared by its steps alone.

    Args:
        log: the interrupted session as saved.
        steps: the plan of its routine as it is now.

    Returns:
        The first change found, e.g. ``Bridge has 4 sets now (3 before)``; empty when the
        session's steps are the plan's.
    """
    if log.plan:
        change = _exercises_change(log.plan, plan_outline(steps))
        if change:
            return change
    for logged in log.steps:
        now = steps[logged.index] if logged.index < len(steps) else None
        if now is None or (now.kind.value, now.exercise) != (logged.kind, logged.exercise):
            return (
                "its rests, side switches or get-ready steps are not where they were "
                f"(step {logged.index + 1} was {_step_words(logged.kind, logged.exercise)}, "
                f"now {_step_words(now.kind.value, now.exercise) if now else 'none'})"
            )
    return ""


_STEP_WORDS = {"rest": "a rest", "switch": "a side switch", "lead_in": "a get-ready"}
_KIND_WORDS = {"hold": "a hold", "reps": "rep sets"}


def _step_words(kind: str, exercise: str) -> str:
    return _STEP_WORDS.get(kind, exercise)


def _exercises_change(before: Sequence[PlannedExercise], now: Sequence[PlannedExercise]) -> str:
    names_before = [exercise.name for exercise in before]
    names_now = [exercise.name for exercise in now]
    for name in names_before:
        if names_now.count(name) < names_before.count(name):
            return f"{name} is no longer in it"
    for name in names_now:
        if names_before.count(name) < names_now.count(name):
            return f"{name} is new in it"
    if names_before != names_now:
        return "its exercises are in another order now"
    for old, new in zip(before, now, strict=True):
        if old.kind != new.kind:
            kind_now = _KIND_WORDS.get(new.kind, new.kind)
            return f"{new.name} is {kind_now} now ({_KIND_WORDS.get(old.kind, old.kind)} before)"
        if old.sets != new.sets:
            sets = f"{new.sets} set{'s' if new.sets != 1 else ''}"
            return f"{new.name} has {sets} now ({old.sets} before)"
        if old.per_side != new.per_side:
            return f"{new.name} is {'' if new.per_side else 'not '}done per side now"
    return ""


@dataclass(frozen=True, slots=True)
class InterruptedSession:
    """A session that was cut off, found on the next start, to offer for resuming.

    Attributes:
        log: the session as last saved.
        routine: its routine as it is now, or None when no routine has its id any more.
        plan: that routine's steps (empty without a routine).
        resume_at: the plan index it goes on from, or None when it cannot be resumed.
        no_routine: why there is no routine, when there is none.
    """

    log: SessionLog
    routine: Routine | None
    plan: tuple[PlannedStep, ...]
    resume_at: int | None
    no_routine: str = ""

    @property
    def why_not_resumable(self) -> str:
        """Why the session cannot be resumed, in words; empty when it can."""
        if self.resume_at is not None:
            return ""
        if self.routine is None:
            return self.no_routine
        change = plan_change(self.log, self.plan)
        if change:
            return f"Its routine has changed since: {change}."
        return "Its routine has changed since, so the steps done no longer match its plan."


def sessions_to_offer(
    running_dir: Path,
    store: SessionStore,
    catalog: Catalog,
    plan_for: Callable[[Routine], Sequence[PlannedStep]] = build_plan,
) -> tuple[list[InterruptedSession], list[SessionFileError]]:
    """The interrupted sessions worth asking about, newest first.

    A marker whose session has nothing to offer is forgotten on the way: one whose file is
    missing (cut off before its first step ended) or unreadable, and one whose file says it
    was completed (its last save succeeded after all, e.g. from the summary).

    Args:
        running_dir: the folder of running markers.
        store: the session files.
        catalog: the routines, to find each session's routine as it is now.
        plan_for: the plan a session of a routine would follow now (the user's settings can
            add or drop steps), for where the session goes on.

    Returns:
        The sessions to offer, and one error for each marker forgotten for a missing or
        unreadable file.
    """
    offers: list[InterruptedSession] = []
    problems: list[SessionFileError] = []
    # A cut-off save may hold the only copy of what was done: it is the session's file now.
    store.recover_saves()
    # Ids begin with the start time, so the newest sorts last.
    for session_id in reversed(interrupted_sessions(running_dir)):
        path = store.path_for(session_id)
        try:
            if not path.exists():
                raise SessionFileError(path, NO_FILE)
            log = store.load(path)
        except SessionFileError as error:
            problems.append(error)
            forget_marker(running_dir, session_id)
            continue
        if log.completed:
            forget_marker(running_dir, session_id)
            continue
        routine, no_routine = routine_of(log, catalog)
        plan = tuple(plan_for(routine)) if routine is not None else ()
        resume_at = resume_index(log, plan) if routine is not None else None
        offers.append(InterruptedSession(log, routine, plan, resume_at, no_routine))
    return offers, problems
