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

Rep sets are self-paced, so their reps never change; what was counted last time is remembered
and said, to beat or to match. A loaded exercise (``load = true``) moves on by double
progression, and its load is prefilled in the session:

- The first time there is no load to prefill.
- It starts at the heaviest load of the last session that had it.
- It goes up by ``LOAD_STEPS`` (2.5 kg or 5 lb) when every planned set of it was done with
  the top of its rep range or more, and no pain was flagged.
- A mild pain flag keeps it; a sharp one steps it back by the same amount.

Only the routine's own sessions count: the same exercise in another routine may be meant for
another range.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from postchain_tui.core.counting import SetOutcome, exercise_results
from postchain_tui.core.durations import Span
from postchain_tui.core.load_units import convert
from postchain_tui.core.plan import StepKind
from postchain_tui.core.record import Pain, SessionLog, StepLog
from postchain_tui.core.routine import Exercise, Routine

PROGRESSION_STEP_S = 5
"""Seconds a hold goes up (or, after sharp pain, down) from one session to the next."""
LOAD_STEPS = {"kg": 2.5, "lb": 5.0}
"""How much a load goes up (or, after sharp pain, down) from one session to the next."""


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
        load_unit: what that load was counted in.
    """

    hold_s: int | None
    reps: tuple[int, ...]
    load: float | None
    load_unit: str = "kg"


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
        load: the load to prefill this session, for a loaded exercise done before.
        load_change: how that differs from the last time.
        load_reason: for a load that did not go up, why not.
        load_unit: what the load is counted in.
    """

    exercise: str
    hold: Span | None
    hold_s: int | None
    change: Change
    last: LastTime | None
    reason: str = ""
    progression: str = ""
    load: float | None = None
    load_change: Change = Change.FIRST
    load_reason: str = ""
    load_unit: str = "kg"

    @property
    def note(self) -> str:
        """The advice in a line, e.g. ``Glute bridge hold: 25 s (up from 20 s)``; empty if none."""
        if self.last is None:
            return ""
        if self.load is not None:
            return self._load_note(self.last)
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

    def _load_note(self, last: LastTime) -> str:
        assert self.load is not None
        unit = self.load_unit
        previous = _in_unit(last.load, last.load_unit, unit) if last.load is not None else None
        if self.load_change is Change.UP and previous is not None:
            return f"{self.exercise}: {self.load:g} {unit} (up from {previous:g} {unit})"
        if self.load_change is Change.BACK and previous is not None:
            return (
                f"{self.exercise}: {self.load:g} {unit} "
                f"(down from {previous:g} {unit}: {self.load_reason})"
            )
        return f"{self.exercise}: {self.load:g} {unit} again ({self.load_reason})"

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
    def loads(self) -> dict[str, float]:
        """The load to prefill per loaded exercise name, where one is known."""
        return {
            advice.exercise: advice.load for advice in self.exercises if advice.load is not None
        }

    @property
    def notes(self) -> list[str]:
        """The advice worth saying, one line per exercise."""
        return [advice.note for advice in self.exercises if advice.note]


def advise(routine: Routine, history: Iterable[SessionLog], load_unit: str = "kg") -> Advice:
    """Work out where each exercise of a routine starts this session.

    Args:
        routine: the routine about to be done.
        history: earlier sessions of this routine, in any order; others are ignored.
        load_unit: what loads are counted in now (``kg`` or ``lb``).

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
        found = _advise_exercise(exercise, sessions)
        if exercise.load:
            found = _with_load(found, exercise, sessions, load_unit)
        advice.append(found)
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
        load_unit=next((visit.load_unit for visit in done if visit.load_unit), "kg"),
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


def _with_load(
    advice: ExerciseAdvice, exercise: Exercise, sessions: Sequence[SessionLog], unit: str
) -> ExerciseAdvice:
    """The advice with today's load, by double progression from the last session with one."""
    for log in sessions:
        visits = [visit for visit in last_visits(log, exercise.name) if visit.is_done_work]
        loads = [_in_unit(v.load, v.load_unit or unit, unit) for v in visits if v.load is not None]
        if not loads:
            continue
        last = max(loads)
        step = LOAD_STEPS.get(unit, LOAD_STEPS["kg"])
        if log.pain is Pain.SHARP:
            load, change, reason = max(0.0, last - step), Change.BACK, "sharp pain was flagged"
        elif log.pain is Pain.MILD:
            load, change, reason = last, Change.KEPT, "mild pain was flagged last time"
        elif _every_set_at_the_top(log, exercise):
            load, change, reason = last + step, Change.UP, ""
        else:
            top = exercise.reps.high if exercise.reps is not None else 0
            load, change, reason = last, Change.KEPT, f"not every set reached {top} reps last time"
        return replace(
            advice,
            load=round(load, 2),
            load_change=change,
            load_reason=reason,
            load_unit=unit,
        )
    return advice


def _every_set_at_the_top(log: SessionLog, exercise: Exercise) -> bool:
    """Every planned set of the exercise done, each side with the top of its rep range or more."""
    if exercise.reps is None:
        return False
    results = [result for result in exercise_results(log) if result.planned.name == exercise.name]
    return bool(results) and all(
        set_result.outcome is SetOutcome.DONE
        and all(
            visit.reps is not None and visit.reps >= exercise.reps.high
            for visit in set_result.visits
        )
        for result in results
        for set_result in result.sets
    )


def _in_unit(load: float, unit: str, wanted: str) -> float:
    """A load in another unit, rounded to a tenth."""
    if unit == wanted or not unit:
        return load
    return round(convert(load, unit, wanted), 1)
