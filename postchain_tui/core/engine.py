"""The session engine: a pure state machine that walks a plan on an injected clock.

The engine never sleeps and never reads a clock of its own. Whoever drives it (the TUI, a test)
calls :meth:`SessionEngine.tick` now and then; the engine compares the clock with the current
step's deadline. Remaining time is always ``deadline - now``, so a late tick never makes a hold
longer, and a pause moves the deadline instead of stopping a counter.

Every visit to a step is recorded as a :class:`StepRecord` when it ends, at the exact moment it
ended (a timed step ends at its deadline, not at the tick that noticed it). Consecutive records
meet end to start, so for any session the active and paused seconds of its records add up to
its wall time.

Every control first brings the session up to the clock, as :meth:`SessionEngine.tick` does: a
key pressed after a deadline passed (before a tick noticed it) acts on the step that is
current by the clock, never on one that is already over. Cues raised that way by a control
that returns none are handed out by the next :meth:`SessionEngine.tick`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from postchain_tui.core.engine_types import (
    Cue,
    CueKind,
    EndReason,
    EngineState,
    EngineView,
    StepRecord,
)
from postchain_tui.core.plan import PlannedStep, StepKind
from postchain_tui.core.step_visit import Visit, view_at

COUNTDOWN_CUES = (3, 2, 1)
#: Holds at least this long (in seconds) are cued once when half their time is left.
HALFWAY_MIN_S = 20
ADJUST_STEP_S = 5
MIN_REMAINING_S = 1.0


class SessionEngine:
    """Walks a plan of steps, on a clock it is given.

    Args:
        steps: the plan; must not be empty.
        now: the clock, in seconds; only differences between readings are used.
        wall: the wall clock for the session's start and end times (timezone-aware).
    """

    def __init__(
        self,
        steps: Sequence[PlannedStep],
        now: Callable[[], float],
        wall: Callable[[], datetime] | None = None,
    ) -> None:
        if not steps:
            raise ValueError("a session needs at least one step")
        self.steps: tuple[PlannedStep, ...] = tuple(steps)
        self.records: list[StepRecord] = []
        self.state = EngineState.READY
        self.completed = False
        self.started_at: float | None = None
        self.ended_at: float | None = None
        self.started_wall: datetime | None = None
        self._now = now
        self._wall = wall or _local_now
        self._visit: Visit | None = None
        self._pending: list[Cue] = []
        self._furthest = -1
        """The furthest step entered so far; -1 before the start."""

    # -- controls -----------------------------------------------------------------------------

    def start(self, index: int = 0) -> list[Cue]:
        """Start the session at the first step (or at ``index``, to resume one).

        Returns:
            The cue for the step that starts.
        """
        if self.state is not EngineState.READY:
            return []
        if not 0 <= index < len(self.steps):
            raise IndexError(f"step {index} is not in a plan of {len(self.steps)} steps")
        moment = self._now()
        self.started_at = moment
        self.started_wall = self._wall()
        self.state = EngineState.RUNNING
        return self._enter(index, moment)

    def pause(self) -> None:
        """Pause the running step; its deadline stops coming closer."""
        if self.state is not EngineState.RUNNING:
            return
        moment = self._now()
        self._pending += self._catch_up(moment)
        if self.state is EngineState.RUNNING and self._visit is not None:
            self._visit.paused_since = moment
            self.state = EngineState.PAUSED

    def resume(self) -> None:
        """Resume a paused step; its deadline moves by the time spent paused."""
        if self.state is not EngineState.PAUSED or self._visit is None:
            return
        visit = self._visit
        moment = self._now()
        assert visit.paused_since is not None
        gap = moment - visit.paused_since
        visit.paused_s += gap
        if visit.deadline is not None:
            visit.deadline += gap
        visit.paused_since = None
        self.state = EngineState.RUNNING

    def toggle_pause(self) -> None:
        """Pause when running, resume when paused."""
        if self.state is EngineState.PAUSED:
            self.resume()
        else:
            self.pause()

    def tick(self) -> list[Cue]:
        """Bring the session up to the clock: end timed steps whose time is up, and cue 3-2-1.

        Several steps may end in one tick when the clock jumped (a laptop woke up): each ends
        at its own deadline, so the record stays true to the wall clock.

        Returns:
            What happened since the last call.
        """
        cues, self._pending = self._pending, []
        if self.state is not EngineState.RUNNING:
            return cues
        moment = self._now()
        cues += self._catch_up(moment)
        visit = self._visit
        if self.state is EngineState.RUNNING and visit is not None and visit.deadline is not None:
            showing = math.ceil(visit.deadline - moment)
            for count in COUNTDOWN_CUES:
                if showing == count and count not in visit.announced:
                    visit.announced.update(c for c in COUNTDOWN_CUES if c >= count)
                    cues.append(Cue(CueKind.COUNT, visit.index, count))
            cues += self._halfway(visit, showing)
        return cues

    def done(self, reps: int | None = None, load: float | None = None) -> list[Cue]:
        """End the current step as done (how a rep set ends); records reps and load if given.

        Raises:
            ValueError: for negative reps, or a load that is negative or not a finite number.
        """
        if reps is not None and reps < 0:
            raise ValueError(f"reps must not be negative, got {reps}")
        if load is not None and not (math.isfinite(load) and load >= 0):
            raise ValueError(f"load must be a number from 0 up, got {load}")
        moment, cues = self._control_moment()
        if self._visit is None:
            return cues
        return cues + self._leave(EndReason.DONE, moment, reps=reps, load=load)

    def skip(self) -> list[Cue]:
        """Skip to the next step; the current one is recorded as skipped."""
        moment, cues = self._control_moment()
        if self._visit is None:
            return cues
        return cues + self._leave(EndReason.SKIP, moment)

    def back(self) -> list[Cue]:
        """Go back to the previous step to redo it (the first step starts over)."""
        moment, cues = self._control_moment()
        if self._visit is None:
            return cues
        target = max(0, self._visit.index - 1)
        self._record(EndReason.BACK, moment)
        return cues + self._enter(target, moment)

    def adjust(self, seconds: int) -> bool:
        """Add (or with a negative number, take) time from the running timed step.

        The step never drops below one second left through this: a cut that would is shortened
        to the most whole seconds that leave at least one (none when less is left already), so
        the recorded adjustment is always exactly how far the deadline moved.

        Returns:
            True when the deadline moved.
        """
        if self._visit is None or self.state is EngineState.FINISHED:
            return False
        moment = self._now()
        if self.state is EngineState.RUNNING:
            self._pending += self._catch_up(moment)
        visit = self._visit
        if visit is None or visit.deadline is None:
            return False
        remaining = visit.remaining(moment)
        shift = int(seconds)
        if shift < 0:
            shift = min(0, max(shift, math.ceil(MIN_REMAINING_S - remaining)))
        if shift == 0:
            return False
        visit.deadline += shift
        visit.adjust_s += shift
        shown = math.ceil(remaining + shift)
        visit.announced = {count for count in COUNTDOWN_CUES if count >= shown}
        return True

    def end_early(self) -> list[Cue]:
        """Stop the session now; it is kept, marked as not completed."""
        moment, cues = self._control_moment()
        if self._visit is None:
            return cues
        self._record(EndReason.QUIT, moment)
        return cues + self._finish(moment, completed=False)

    def revise_steps(self, steps: Sequence[PlannedStep]) -> None:
        """Plan the steps not begun yet anew: today's holds, when they are known a moment late.

        Steps begun already keep their plan, so the running step's deadline and every record
        stay as they were; so do steps gone back to, as they were begun once.

        Args:
            steps: the whole plan again: the same kinds of step in the same order.

        Raises:
            ValueError: when ``steps`` is not the same plan step for step.
        """
        revised = tuple(steps)
        if len(revised) != len(self.steps) or any(
            new.kind is not old.kind for new, old in zip(revised, self.steps, strict=True)
        ):
            raise ValueError("a revised plan must have the same kinds of step in the same order")
        begun = self._furthest + 1
        self.steps = self.steps[:begun] + revised[begun:]

    # -- queries ------------------------------------------------------------------------------

    @property
    def index(self) -> int:
        """The current step's plan index."""
        if self._visit is not None:
            return self._visit.index
        return len(self.steps) - 1 if self.state is EngineState.FINISHED else 0

    @property
    def work_began(self) -> bool:
        """Whether a hold or rep set has been entered; until then there is nothing to log."""
        return any(step.kind.is_work for step in self.steps[: self._furthest + 1])

    @property
    def current(self) -> PlannedStep | None:
        """The step being done, or None before the start and after the end."""
        return self.steps[self._visit.index] if self._visit is not None else None

    def view(self) -> EngineView:
        """What to show now."""
        return view_at(self.steps, self.state, self.index, self._visit, self._now())

    def seconds_until_change(self) -> float:
        """Seconds until the shown whole second changes, for a driver that sleeps until then
        (see :meth:`~postchain_tui.core.step_visit.Visit.seconds_until_change`); paused or
        finished, nothing changes."""
        visit = self._visit
        if visit is None or self.state is not EngineState.RUNNING:
            return math.inf
        return visit.seconds_until_change(self._now())

    @property
    def wall_seconds(self) -> float:
        """Seconds from start to end (or to now, while running)."""
        if self.started_at is None:
            return 0.0
        end = self.ended_at if self.ended_at is not None else self._now()
        return end - self.started_at

    @property
    def ended_wall(self) -> datetime | None:
        """The wall-clock end time, derived from the start and the engine clock."""
        if self.started_wall is None or self.ended_at is None or self.started_at is None:
            return None
        return self.started_wall + timedelta(seconds=self.ended_at - self.started_at)

    # -- internals ----------------------------------------------------------------------------

    def _halfway(self, visit: Visit, showing: int) -> list[Cue]:
        """Cue a long hold once, at the whole second that shows half its time or less.

        A hold's half falls on a second's flip when its length is even, and half a second
        before the next flip when it is odd: the cue comes when the countdown shows it, as the
        3-2-1 does. Cut with -5 to the last seconds before it came, it is not raised at all:
        the countdown is about to speak.
        """
        if visit.halfway_passed or self.steps[visit.index].kind is not StepKind.HOLD:
            return []
        total = self.steps[visit.index].seconds + visit.adjust_s
        if total < HALFWAY_MIN_S or showing > total // 2:
            return []
        visit.halfway_passed = True
        if showing <= max(COUNTDOWN_CUES):
            return []
        return [Cue(CueKind.HALFWAY, visit.index, showing)]

    def _control_moment(self) -> tuple[float, list[Cue]]:
        """Read the clock for a control and bring the session up to it first.

        Returns:
            The moment, and the cues of steps that ended before it; with no current step
            afterwards (not started, or finished) the control has nothing to act on.
        """
        moment = self._now()
        if self._visit is None or self.state is EngineState.FINISHED:
            return moment, []
        return moment, self._catch_up(moment)

    def _catch_up(self, moment: float) -> list[Cue]:
        """End every running timed step whose deadline is at or before ``moment``, each at it."""
        cues: list[Cue] = []
        while (
            self.state is EngineState.RUNNING
            and self._visit is not None
            and self._visit.deadline is not None
            and moment >= self._visit.deadline
        ):
            cues += self._leave(EndReason.TIME, self._visit.deadline)
        return cues

    def _enter(self, index: int, moment: float) -> list[Cue]:
        step = self.steps[index]
        self._furthest = max(self._furthest, index)
        deadline = moment + step.seconds if step.is_timed else None
        paused = self.state is EngineState.PAUSED
        self._visit = Visit(index=index, started_at=moment, deadline=deadline)
        if paused:
            # Moving between steps while paused keeps the session paused on the new step.
            self._visit.paused_since = moment
        return [Cue(CueKind.STEP, index)]

    def _leave(
        self,
        reason: EndReason,
        moment: float,
        *,
        reps: int | None = None,
        load: float | None = None,
    ) -> list[Cue]:
        assert self._visit is not None
        index = self._visit.index
        self._record(reason, moment, reps=reps, load=load)
        cues = [Cue(CueKind.STEP_FINISHED, index)]
        if index + 1 >= len(self.steps):
            return cues + self._finish(moment, completed=True)
        return cues + self._enter(index + 1, moment)

    def _record(
        self,
        reason: EndReason,
        moment: float,
        *,
        reps: int | None = None,
        load: float | None = None,
    ) -> None:
        visit = self._visit
        assert visit is not None
        paused = visit.paused_s
        if visit.paused_since is not None:
            paused += moment - visit.paused_since
        self.records.append(
            StepRecord(
                index=visit.index,
                step=self.steps[visit.index],
                started_at=visit.started_at,
                ended_at=moment,
                active_s=moment - visit.started_at - paused,
                paused_s=paused,
                ended_by=reason,
                reps=reps,
                load=load,
                adjust_s=visit.adjust_s,
            )
        )
        self._visit = None

    def _finish(self, moment: float, *, completed: bool) -> list[Cue]:
        self._visit = None
        self.state = EngineState.FINISHED
        self.completed = completed
        self.ended_at = moment
        return [Cue(CueKind.FINISHED, len(self.steps) - 1)]


def _local_now() -> datetime:
    return datetime.now().astimezone()
