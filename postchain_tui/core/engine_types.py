"""What the session engine tells whoever drives it: where the session is, the cues it raises,
each visit to a step as it happened, and what to show at a moment."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from postchain_tui.core.plan import PlannedStep


class EngineState(StrEnum):
    """Where a session is."""

    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"


class EndReason(StrEnum):
    """How a visit to a step ended."""

    TIME = "time"
    DONE = "done"
    SKIP = "skip"
    BACK = "back"
    QUIT = "quit"


class CueKind(StrEnum):
    """What the driver should mark with a bell or a flash."""

    STEP = "step"
    COUNT = "count"
    HALFWAY = "halfway"
    STEP_FINISHED = "step_finished"
    FINISHED = "finished"


@dataclass(frozen=True, slots=True)
class Cue:
    """Something that just happened.

    Attributes:
        kind: what happened.
        index: the plan index of the step it concerns.
        count: for a countdown cue, the seconds left (3, 2 or 1); for halfway, the seconds
            left when it was raised.
    """

    kind: CueKind
    index: int
    count: int = 0


@dataclass(slots=True)
class StepRecord:
    """One visit to a step, as it happened.

    Attributes:
        index: the step's position in the plan.
        step: the planned step.
        started_at: engine-clock time the visit began.
        ended_at: engine-clock time it ended.
        active_s: seconds spent working (not paused).
        paused_s: seconds spent paused.
        ended_by: how it ended.
        reps: reps done, for a rep set ended with done and a count.
        load: load used, when given.
        adjust_s: net seconds added with +/- during the visit.
    """

    index: int
    step: PlannedStep
    started_at: float
    ended_at: float
    active_s: float
    paused_s: float
    ended_by: EndReason
    reps: int | None = None
    load: float | None = None
    adjust_s: int = 0

    @property
    def skipped(self) -> bool:
        """True when the step was skipped rather than done."""
        return self.ended_by is EndReason.SKIP


@dataclass(frozen=True, slots=True)
class EngineView:
    """What to show right now; computed from the clock, never stored.

    Attributes:
        state: the engine state.
        index: the current step's plan index (the last step once finished).
        step: the current step, or None once finished.
        next_step: the step after it, if any.
        remaining_s: seconds left in a timed step (0 for a rep set).
        elapsed_s: active seconds in the current step.
        step_total_s: the current timed step's full length, adjustments included.
        session_remaining_s: estimated seconds left in the whole session.
        session_total_s: the whole plan's estimated seconds.
    """

    state: EngineState
    index: int
    step: PlannedStep | None
    next_step: PlannedStep | None
    remaining_s: float
    elapsed_s: float
    step_total_s: float
    session_remaining_s: float
    session_total_s: float

    @property
    def step_progress(self) -> float:
        """How far through the current step, from 0 to 1."""
        if self.step is None:
            return 1.0
        if not self.step.is_timed:
            return min(1.0, self.elapsed_s / self.step.seconds) if self.step.seconds else 0.0
        if self.step_total_s <= 0:
            return 1.0
        return max(0.0, min(1.0, 1 - self.remaining_s / self.step_total_s))

    @property
    def session_progress(self) -> float:
        """How far through the whole session, from 0 to 1."""
        if self.session_total_s <= 0:
            return 1.0
        return max(0.0, min(1.0, 1 - self.session_remaining_s / self.session_total_s))
