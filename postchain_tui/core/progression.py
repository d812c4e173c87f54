"""Where each exercise starts next time, from how it went the last time the routine was done.

The rules, for a hold given as a range (``hold = "15-30s"``):

- The first time, a hold starts at the low end of its range.
- After that it starts where it was left: the hold the last session planned for it.
- It goes up by ``PROGRESSION_STEP_S`` (never past the top of the range) when the last session
  that had the exercise was completed, no pain was flagged, and every one of its holds ran its
  full time: not skipped, not left with back or quit, and not cut short with ``-``.
- A mild pain flag keeps the hold where it was.
- A sharp pain flag steps the hold back by ``PROGRESSION_STEP_S`` (not below the low end):
  whatever hurt should come back more gently, once a professional has said it may come back.
- A hold that ran in full at the top of its range has mastered the range; the harder variant
  the routine names as its ``progression``, if any, is suggested.

Rep sets are self-paced, so nothing changes them; what was counted last time (reps and load)
is remembered and said, to beat or to match. Only the routine's own sessions count: the same
exercise in another routine may be meant for another range.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from postchain_tui.core.durations import Span
from postchain_tui.core.plan import StepKind
from postchain_tui.core.record import Pain, SessionLog, StepLog
from postchain_tui.core.routine import Exercise, Routine

PROGRESSION_STEP_S = 5
"""Seconds a hold goes up (or, after sharp pain, down) from one session to the next."""


class Change(StrEnum):
    """How an exercise's start differs from the last time."""

    FIRST = "first"
    """Not done before in this routine: a hold starts at the low end of its range."""
    UP = "up"
    """Earned: the hold is longer than last time."""
    KEPT = "kept"
    """The same as last time; the advice's reason says why it did not go up."""
    BACK = "back"
    """Sharp pain was flagged: the hold is shorter than last time."""
    MASTERED = "mastered"
    """Held in full at the top of the range: time for the harder variant."""


@dataclass(frozen=True, slots=True)
class LastTime:
    """What an exercise's sets were the last time the routine had it.

    Attributes:
        hold_s: the hold it was planned at, for a timed exercise.
        reps: the reps counted in each set (and side) done, in order; empty when none were.
        load: the heaviest load logged, if any.
    """

    hold_s: int | None
    reps: tuple[int, ...]
    load: float | None


@dataclass(frozen=True, slots=True)
class ExerciseAdvice:
    """Where one exercise starts this session, and why.

    Attributes:
        exercise: the exercise's name.
        hold: its hold range, for a timed exercise.
        hold_s: the seconds to hold this session, for a timed exercise.
        change: how that differs from the last time.
        last: what it was last time, or None the first time.
        reason: for a hold that did not go up, why not (e.g. ``mild pain was flagged``).
        progression: the harder variant the routine names, if any.
    """

    exercise: str
    hold: Span | None
    hold_s: int | None
    change: Change
    last: LastTime | None
    reason: str = ""
    progression: str = ""

    @property
    def note(self) -> str:
        """The advice in a line, e.g. ``Glute bridge hold: 25 s (up from 20 s)``; empty if none."""
        if self.last is None:
            return ""
        if self.hold is None or self.hold_s is None:
            return self._reps_note(self.last)
        previous = self.last.hold_s
        if self.change is Change.UP:
            top = ", the top of its range" if self.hold_s == self.hold.high else ""
            return f"{self.exercise}: {self.hold_s} s (up from {previous} s{top})"
        if self.change is Change.BACK:
            return f"{self.exercise}: {self.hold_s} s (down from {previous} s: {self.reason})"
        if self.change is Change.MASTERED:
            return self._mastered_note()
        if self.change is Change.KEPT and self.hold.is_range:
            return f"{self.exercise}: {self.hold_s} s again ({self.reason})"
        return ""

    def _mastered_note(self) -> str:
        assert self.hold is not None
        if not self.hold.is_range:
            # A fixed hold has no range to master; it is only worth a word with somewhere to go.
            if not self.progression:
                return ""
            return f"{self.exercise}: {self.hold_s} s held in full — try {self.progression}"
        suggestion = f" — try {self.progression}" if self.progression else ""
        return f"{self.exercise}: range mastered at {self.hold_s} s{suggestion}"

    def _reps_note(self, last: LastTime) -> str:
        if not last.reps:
            return ""
        counts = ", ".join(str(count) for count in last.reps)
        load = f" with load {last.load:g}" if last.load is not None else ""
        return f"{self.exercise}: last time {counts} reps{load}"


@dataclass(frozen=True, slots=True)
class Advice:
    """Where every exercise of a routine starts this session.

    Attributes:
        exercises: one per exercise name, in routine order.
    """

    exercises: tuple[ExerciseAdvice, ...] = ()

    @property
    def holds(self) -> dict[str, int]:
        """Seconds to hold per exercise name, for ``build_plan(routine, holds=...)``."""
        return {
            advice.exercise: advice.hold_s for advice in self.exercises if advice.hold_s is not None
        }

    @property
    def notes(self) -> list[str]:
        """The advice worth saying, one line per exercise."""
        return [advice.note for advice in self.exercises if advice.note]


def advise(routine: Routine, history: Iterable[SessionLog]) -> Advice:
    """Work out where each exercise of a routine starts this session.

    Args:
        routine: the routine about to be done.
        history: earlier sessions of this routine, in any order; others are ignored.

    Returns:
        The advice, one entry per exercise name.
    """
    sessions = sorted(
        (log for log in history if log.routine == routine.id),
        key=lambda log: log.started_at,
        reverse=True,
    )
    seen: set[str] = set()
    advice = []
    for exercise in routine.exercises:
        if exercise.name in seen:
            continue  # the plan gives every exercise of one name the same hold
        seen.add(exercise.name)
        advice.append(_advise_exercise(exercise, sessions))
    return Advice(tuple(advice))


def last_visits(log: SessionLog, exercise: str) -> list[StepLog]:
    """The work steps of one exercise in a session, the last visit of each when it was redone.

    Args:
        log: the session.
        exercise: the exercise's name.

    Returns:
        The visits, in plan order.
    """
    last: dict[int, StepLog] = {}
    for step in log.steps:
        if step.is_work and step.exercise == exercise:
            last[step.index] = step
    return [last[index] for index in sorted(last)]


def _advise_exercise(exercise: Exercise, sessions: Sequence[SessionLog]) -> ExerciseAdvice:
    for log in sessions:
        visits = last_visits(log, exercise.name)
        if visits:
            return _from_last_session(exercise, log, visits)
    start = exercise.hold.low if exercise.hold is not None else None
    return ExerciseAdvice(
        exercise.name, exercise.hold, start, Change.FIRST, None, progression=exercise.progression
    )


def _from_last_session(
    exercise: Exercise, log: SessionLog, visits: list[StepLog]
) -> ExerciseAdvice:
    done = [visit for visit in visits if visit.is_done_work]
    loads = [visit.load for visit in done if visit.load is not None]
    holds = [visit.planned_s for visit in visits if visit.kind == StepKind.HOLD]
    span = exercise.hold
    last = LastTime(
        hold_s=span.clamp(holds[0]) if span is not None and holds else None,
        reps=tuple(visit.reps for visit in done if visit.reps is not None),
        load=max(loads) if loads else None,
    )
    if span is None or last.hold_s is None:
        # A rep set, or a hold that was a rep set last time: nothing to move on.
        start = span.low if span is not None else None
        return ExerciseAdvice(exercise.name, span, start, Change.KEPT, last)
    previous = last.hold_s

    def advice(hold_s: int, change: Change, reason: str = "") -> ExerciseAdvice:
        return ExerciseAdvice(
            exercise.name, span, hold_s, change, last, reason, exercise.progression
        )

    if log.pain is Pain.SHARP:
        stepped_back = span.clamp(previous - PROGRESSION_STEP_S)
        reason = "sharp pain was flagged last time"
        return advice(stepped_back, Change.BACK if stepped_back < previous else Change.KEPT, reason)
    if log.pain is Pain.MILD:
        return advice(previous, Change.KEPT, "mild pain was flagged last time")
    if not log.completed:
        return advice(previous, Change.KEPT, "the last session ended early")
    if not _every_hold_in_full(visits):
        return advice(previous, Change.KEPT, "not every hold ran its full time last time")
    if previous >= span.high:
        return advice(span.high, Change.MASTERED)
    return advice(span.clamp(previous + PROGRESSION_STEP_S), Change.UP)


def _every_hold_in_full(visits: list[StepLog]) -> bool:
    """True when every planned set (and side) was visited and ran its time, none cut short."""
    first = visits[0]
    sides = 2 if any(visit.side for visit in visits) else 1
    if len(visits) < first.total_sets * sides:
        return False
    return all(visit.ended_by == "time" and visit.adjust_s >= 0 for visit in visits)
