"""How a session is counted: the one definition of a set, of a set done, and of a workout.

Every screen, command and export takes its numbers from here, never from a count of its own:

- A *set* is one set of one exercise. A per-side set is still one set, done when both of its
  sides are done; each side is recorded (and shown) on its own.
- A set is *done* (every side ended by its time or with done), *skipped*, *cut short* (begun,
  but the session ended or went back before it was finished) or *not reached*. When a step
  was visited more than once (after going back), its last visit that did not go back counts.
- A session *counts towards the weekly goal* when its routine is a strength routine and at
  least half of its planned sets were done.
- A session in which no work step ever began is not a session at all: it is not logged
  (``SessionEngine.work_began``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from postchain_tui.core.record import PlannedExercise, SessionLog, StepLog
from postchain_tui.core.routine import RoutineKind

GOAL_SHARE = 0.5
"""The share of its planned sets a strength session needs done to count as a workout."""

_DONE_ENDINGS = ("time", "done")
_SIDES_OF = {True: ("left", "right"), False: ("",)}


class SetOutcome(StrEnum):
    """What became of one planned set."""

    DONE = "done"
    SKIPPED = "skipped"
    CUT_SHORT = "cut short"
    NOT_REACHED = "not reached"


@dataclass(frozen=True, slots=True)
class SideResult:
    """One side of a set (or the whole set, for two-sided work).

    Attributes:
        side: ``left``, ``right``, or empty for two-sided work.
        visit: the visit that counts, or None when the side was never reached.
    """

    side: str
    visit: StepLog | None

    @property
    def outcome(self) -> SetOutcome:
        """Done, skipped, cut short or not reached."""
        if self.visit is None:
            return SetOutcome.NOT_REACHED
        if self.visit.ended_by in _DONE_ENDINGS:
            return SetOutcome.DONE
        if self.visit.ended_by == "skip":
            return SetOutcome.SKIPPED
        return SetOutcome.CUT_SHORT


@dataclass(frozen=True, slots=True)
class SetResult:
    """One planned set and what became of it.

    Attributes:
        number: the 1-based set.
        sides: its sides, left then right, or one entry for two-sided work.
    """

    number: int
    sides: tuple[SideResult, ...]

    @property
    def outcome(self) -> SetOutcome:
        """Done when every side is done; not reached when none was; else the worst of them."""
        outcomes = {side.outcome for side in self.sides}
        if outcomes == {SetOutcome.DONE}:
            return SetOutcome.DONE
        if outcomes == {SetOutcome.NOT_REACHED}:
            return SetOutcome.NOT_REACHED
        if SetOutcome.SKIPPED in outcomes and SetOutcome.CUT_SHORT not in outcomes:
            return SetOutcome.SKIPPED
        return SetOutcome.CUT_SHORT

    @property
    def visits(self) -> tuple[StepLog, ...]:
        """The visits that count, side by side."""
        return tuple(side.visit for side in self.sides if side.visit is not None)


@dataclass(frozen=True, slots=True)
class ExerciseResult:
    """One exercise of a session: its plan and each of its sets.

    Attributes:
        planned: what the exercise was planned as.
        sets: every planned set, in order.
    """

    planned: PlannedExercise
    sets: tuple[SetResult, ...]

    @property
    def sets_done(self) -> int:
        """Sets with every side done."""
        return sum(1 for result in self.sets if result.outcome is SetOutcome.DONE)

    @property
    def sets_planned(self) -> int:
        """Sets in the plan."""
        return len(self.sets)


@dataclass(frozen=True, slots=True)
class SessionCounts:
    """A session's numbers, as every screen, command and export shows them.

    Attributes:
        sets_done: sets with every side done.
        sets_planned: sets in the plan.
        reached_end: the last step of the plan was reached.
        kind: what the routine is for.
    """

    sets_done: int
    sets_planned: int
    reached_end: bool
    kind: RoutineKind

    @property
    def counts_toward_goal(self) -> bool:
        """A strength session with at least half of its planned sets done."""
        return counts_toward_goal(self.kind, self.sets_done, self.sets_planned)

    @property
    def complete(self) -> bool:
        """The end was reached with work done: what "Session complete" means."""
        return self.reached_end and self.sets_done > 0

    @property
    def sets_text(self) -> str:
        """Sets as done/planned, e.g. ``3/4``."""
        return f"{self.sets_done}/{self.sets_planned}"

    @property
    def state(self) -> str:
        """``complete``, ``nothing done`` or ``ended early``, in words for a person."""
        if self.complete:
            return "complete"
        if self.sets_done == 0 and self.reached_end:
            return "nothing done"
        return "ended early"

    @property
    def heading(self) -> str:
        """The summary's heading."""
        if self.complete:
            return "Session complete"
        if self.reached_end:
            return "Every set skipped"
        return "Session ended early"


def counts_toward_goal(kind: RoutineKind | str, sets_done: int, sets_planned: int) -> bool:
    """Whether a session is a workout for the weekly goal and the streak.

    Args:
        kind: the routine's kind; only strength routines count.
        sets_done: sets with every side done.
        sets_planned: sets in the plan.
    """
    return kind == RoutineKind.STRENGTH and sets_done > 0 and sets_done >= GOAL_SHARE * sets_planned


def planned_exercises(log: SessionLog) -> tuple[PlannedExercise, ...]:
    """The plan a session followed: as saved, or for a version 1 file, as its steps tell it."""
    if log.plan:
        return log.plan
    positions = exercise_positions(log.steps)
    seen: dict[int, PlannedExercise] = {}
    for step in sorted(log.steps, key=lambda step: step.index):
        position = positions[step.index]
        if step.is_work and position not in seen:
            seen[position] = PlannedExercise(
                name=step.exercise,
                kind=step.kind,
                sets=step.total_sets,
                per_side=any(
                    other.side for other in log.steps if positions[other.index] == position
                ),
                planned_s=step.planned_s,
                target_reps=step.target_reps,
                uses_load=step.load is not None,
            )
    return tuple(seen[index] for index in sorted(seen))


def exercise_positions(steps: Iterable[StepLog]) -> dict[int, int]:
    """Each plan index's exercise position: as saved, or as the steps tell it.

    A version 1 file did not say which exercise a step belongs to. In plan order, a new
    exercise starts where the name changes, which tells apart the same exercise done again
    later in a routine.
    """
    ordered = sorted(steps, key=lambda step: step.index)
    if all(step.exercise_index is not None for step in ordered if step.is_work):
        return {step.index: step.exercise_index or 0 for step in ordered}
    positions: dict[int, int] = {}
    current, previous = -1, None
    for step in ordered:
        if step.index in positions:
            continue
        if step.is_work and step.exercise != previous:
            current, previous = current + 1, step.exercise
        positions[step.index] = max(current, 0)
    return positions


def exercise_results(log: SessionLog) -> list[ExerciseResult]:
    """Every exercise of a session's plan with what became of each of its sets."""
    positions = exercise_positions(log.steps)
    counting: dict[tuple[int, int, str], StepLog] = {}
    for visit in log.steps:
        if not visit.is_work:
            continue
        key = (positions[visit.index], visit.set_number, visit.side)
        # A visit left with back was not the attempt that counts, unless nothing else was.
        if visit.ended_by != "back" or key not in counting:
            counting[key] = visit
    results = []
    for position, planned in enumerate(planned_exercises(log)):
        sides = _SIDES_OF[planned.per_side]
        sets = tuple(
            SetResult(
                number=number,
                sides=tuple(
                    SideResult(side, counting.get((position, number, side))) for side in sides
                ),
            )
            for number in range(1, planned.sets + 1)
        )
        results.append(ExerciseResult(planned=planned, sets=sets))
    return results


def session_counts(log: SessionLog) -> SessionCounts:
    """A session's numbers: sets done and planned, and whether it counts as a workout."""
    results = exercise_results(log)
    return SessionCounts(
        sets_done=sum(result.sets_done for result in results),
        sets_planned=sum(result.sets_planned for result in results),
        reached_end=log.completed,
        kind=log.kind,
    )
