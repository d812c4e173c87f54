"""The step a session is on, timed by the engine's clock, and what it shows at a moment.

A visit keeps a deadline rather than a counter (remaining = deadline - now), so a late reading
never makes a hold longer and a pause moves the deadline.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from postchain_tui.core.engine_types import EngineState, EngineView
from postchain_tui.core.plan import PlannedStep

#: How far past a whole-second flip :meth:`Visit.seconds_until_change` aims, so that a
#: driver waking up then is past the flip despite float rounding, and never gets a wait so small
#: that it cannot move its clock.
FLIP_MARGIN_S = 1e-6


@dataclass(slots=True)
class Visit:
    """The step being done now, on the engine's clock: its deadline (None for a rep set),
    pauses and adjustments, and the cues already raised for it."""

    index: int
    started_at: float
    deadline: float | None
    paused_s: float = 0.0
    paused_since: float | None = None
    adjust_s: int = 0
    announced: set[int] = field(default_factory=set)
    halfway_passed: bool = False

    def remaining(self, moment: float) -> float:
        """Seconds to the deadline at ``moment`` (frozen while paused); for a timed step."""
        assert self.deadline is not None
        reference = self.paused_since if self.paused_since is not None else moment
        return self.deadline - reference

    def active(self, moment: float) -> float:
        """Seconds worked in this step by ``moment``, pauses left out."""
        reference = self.paused_since if self.paused_since is not None else moment
        return reference - self.started_at - self.paused_s

    def seconds_until_change(self, moment: float) -> float:
        """Seconds until the shown whole second changes, for a driver that sleeps until then.

        A countdown shows ``ceil(remaining)``, a count-up ``floor(elapsed)``; both change on the
        next whole-second boundary of the step's own clock, and the wait ends just past it
        (``FLIP_MARGIN_S``). Past a deadline no tick has noticed yet: 0, tick now. For a running
        engine only.
        """
        if self.deadline is not None:
            remaining = self.deadline - moment
            if remaining <= 0:
                return 0.0  # the step is over; tick now
            fraction = remaining - math.floor(remaining)
            return (fraction if fraction > 0 else 1.0) + FLIP_MARGIN_S
        elapsed = self.active(moment)
        return math.floor(elapsed) + 1 - elapsed + FLIP_MARGIN_S


def view_at(
    steps: tuple[PlannedStep, ...],
    state: EngineState,
    index: int,
    visit: Visit | None,
    moment: float,
) -> EngineView:
    """What a session shows at ``moment``: its steps, where it is, and the visit under way."""
    if visit is None:
        total = float(sum(step.seconds for step in steps))
        done = state is EngineState.FINISHED
        return EngineView(
            state=state,
            index=index,
            step=None,
            next_step=None if done else steps[0],
            remaining_s=0.0,
            elapsed_s=0.0,
            step_total_s=0.0,
            session_remaining_s=0.0 if done else total,
            session_total_s=total,
        )
    step = steps[visit.index]
    elapsed = visit.active(moment)
    if visit.deadline is not None:
        # Past the deadline (no tick yet) the step is over: show it ended, not overdue.
        remaining = max(0.0, visit.remaining(moment))
        step_total = float(step.seconds + visit.adjust_s)
        elapsed = min(elapsed, step_total)
        current_left = remaining
    else:
        remaining = 0.0
        step_total = float(step.seconds)
        current_left = max(0.0, step.seconds - elapsed)
    later = sum(s.seconds for s in steps[visit.index + 1 :])
    following = visit.index + 1
    return EngineView(
        state=state,
        index=visit.index,
        step=step,
        next_step=steps[following] if following < len(steps) else None,
        remaining_s=remaining,
        elapsed_s=elapsed,
        step_total_s=step_total,
        session_remaining_s=current_left + later,
        session_total_s=float(sum(s.seconds for s in steps)),
    )
