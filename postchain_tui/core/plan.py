"""Expanding a routine into the steps a session walks through, and estimating its length.

The order is: a get-ready lead-in, then for each exercise and set the work (left, a
switch-sides gap, right for a per-side exercise), then the rest after the set. There is no rest
after the very last step, and a timed step that would start with no gap before it gets a
lead-in so there is time to get into position.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from postchain_tui.core.durations import Span
from postchain_tui.core.routine import Exercise, Routine


class StepKind(StrEnum):
    """What a step is."""

    LEAD_IN = "lead_in"
    HOLD = "hold"
    REPS = "reps"
    SWITCH = "switch"
    REST = "rest"

    @property
    def is_work(self) -> bool:
        """True for a hold or a rep set, False for the gaps around them."""
        return self in (StepKind.HOLD, StepKind.REPS)


class Side(StrEnum):
    """Which side a per-side step works."""

    LEFT = "left"
    RIGHT = "right"


@dataclass(frozen=True, slots=True)
class PlannedStep:
    """One step of a session plan.

    Attributes:
        kind: what the step is.
        exercise: the exercise the step belongs to (for a lead-in or rest, the one coming next
            or just done).
        exercise_index: 0-based position of that exercise in the routine.
        set_number: 1-based set of that exercise.
        total_sets: how many sets that exercise has.
        side: the side worked, for per-side work.
        seconds: planned seconds for a timed step; for a rep set, an estimate from the pace.
        reps: the target reps for a rep set.
        cue: how to do the exercise.
        uses_load: whether the exercise is done with a weight whose load is entered.
    """

    kind: StepKind
    exercise: str
    exercise_index: int
    set_number: int
    total_sets: int
    side: Side | None
    seconds: int
    reps: Span | None
    cue: str
    uses_load: bool = False

    @property
    def is_timed(self) -> bool:
        """True when the step ends by itself when its time is up (all but rep sets)."""
        return self.kind is not StepKind.REPS

    @property
    def title(self) -> str:
        """The step's name as shown: ``Rest``, ``Switch sides``, ``Get ready`` or the exercise."""
        if self.kind is StepKind.REST:
            return "Rest"
        if self.kind is StepKind.SWITCH:
            return "Switch sides"
        if self.kind is StepKind.LEAD_IN:
            return "Get ready"
        return self.exercise

    @property
    def label(self) -> str:
        """The step with its set and side, e.g. ``Samson stretch · set 1/2 · left``."""
        parts = [self.title]
        if self.kind.is_work:
            parts.append(f"set {self.set_number}/{self.total_sets}")
            if self.side is not None:
                parts.append(self.side.value)
        return " · ".join(parts)


def build_plan(routine: Routine, holds: Mapping[str, int] | None = None) -> list[PlannedStep]:
    """Expand a routine into its steps.

    Args:
        routine: the routine.
        holds: seconds to hold per exercise name, for ranges a later session has moved on;
            values are kept within the exercise's range. Ranges start at their low end otherwise.

    Returns:
        The steps in order.
    """
    holds = holds or {}
    steps: list[PlannedStep] = []
    defaults = routine.defaults
    last_exercise = len(routine.exercises) - 1
    for index, exercise in enumerate(routine.exercises):
        work_seconds = _work_seconds(exercise, holds, defaults.rep_pace)
        sides: list[Side | None] = [Side.LEFT, Side.RIGHT] if exercise.per_side else [None]
        for set_number in range(1, exercise.sets + 1):
            for side in sides:
                if side is Side.RIGHT and defaults.switch_sides:
                    steps.append(
                        _gap(StepKind.SWITCH, exercise, index, set_number, defaults.switch_sides)
                    )
                needs_lead_in = not steps or (steps[-1].kind.is_work and exercise.is_timed)
                if needs_lead_in and defaults.lead_in:
                    steps.append(
                        _gap(StepKind.LEAD_IN, exercise, index, set_number, defaults.lead_in)
                    )
                steps.append(
                    PlannedStep(
                        kind=StepKind.HOLD if exercise.is_timed else StepKind.REPS,
                        exercise=exercise.name,
                        exercise_index=index,
                        set_number=set_number,
                        total_sets=exercise.sets,
                        side=side,
                        seconds=work_seconds,
                        reps=exercise.reps,
                        cue=exercise.cue,
                        uses_load=exercise.load,
                    )
                )
            is_last = index == last_exercise and set_number == exercise.sets
            if exercise.rest.low and not is_last:
                steps.append(_gap(StepKind.REST, exercise, index, set_number, exercise.rest.low))
    return steps


def estimate_seconds(steps: list[PlannedStep]) -> int:
    """The planned length of a session, rep sets counted at the routine's pace."""
    return sum(step.seconds for step in steps)


def estimate_routine(routine: Routine) -> int:
    """The planned length of a routine, in seconds."""
    return estimate_seconds(build_plan(routine))


def _work_seconds(exercise: Exercise, holds: Mapping[str, int], rep_pace: int) -> int:
    if exercise.hold is not None:
        return exercise.hold.clamp(holds.get(exercise.name, exercise.hold.low))
    assert exercise.reps is not None
    return exercise.reps.low * rep_pace


def _gap(
    kind: StepKind, exercise: Exercise, index: int, set_number: int, seconds: int
) -> PlannedStep:
    return PlannedStep(
        kind=kind,
        exercise=exercise.name,
        exercise_index=index,
        set_number=set_number,
        total_sets=exercise.sets,
        side=None,
        seconds=seconds,
        reps=None,
        cue=exercise.cue,
    )
