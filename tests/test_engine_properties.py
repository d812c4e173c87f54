"""Properties of the session engine over random small routines and random key presses."""

from __future__ import annotations

import itertools
import math
import os
from dataclasses import dataclass, field

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postchain_tui.core.durations import Span
from postchain_tui.core.engine import SessionEngine
from postchain_tui.core.engine_types import EndReason, EngineState, EngineView, StepRecord
from postchain_tui.core.plan import PlannedStep, build_plan
from postchain_tui.core.routine import Defaults, Exercise, Routine
from postchain_tui.core.step_visit import FLIP_MARGIN_S
from tests.fakes import FakeClock, fixed_wall

EPS = 1e-6

# POSTCHAIN_EXAMPLES=5000 for a long hunt; the default keeps the suite fast.
SETTINGS = settings(
    max_examples=int(os.environ.get("POSTCHAIN_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


# -- strategies -------------------------------------------------------------------------------


@st.composite
def exercises(draw: st.DrawFn, number: int) -> Exercise:
    timed = draw(st.booleans())
    low = draw(st.integers(1, 8))
    span = Span(low, draw(st.integers(low, low + 4)))
    rest = draw(st.integers(0, 5))
    return Exercise(
        name=f"Exercise {number}",
        hold=span if timed else None,
        reps=None if timed else span,
        sets=draw(st.integers(1, 2)),
        per_side=draw(st.booleans()),
        rest=Span(rest, rest),
    )


@st.composite
def plans(draw: st.DrawFn) -> list[PlannedStep]:
    count = draw(st.integers(1, 3))
    routine = Routine(
        id="generated",
        title="Generated",
        exercises=tuple(draw(exercises(number)) for number in range(count)),
        defaults=Defaults(
            rest=Span(0, 0),
            lead_in=draw(st.integers(0, 3)),
            switch_sides=draw(st.integers(0, 3)),
            rep_pace=draw(st.integers(1, 3)),
        ),
    )
    holds = {exercise.name: draw(st.integers(0, 15)) for exercise in routine.exercises}
    return build_plan(routine, holds)


Action = tuple[str, int]

ADVANCE = st.one_of(
    st.integers(0, 1500),  # a tick within a second or so
    st.integers(1500, 6000),  # a slow tick
    st.integers(60_000, 20 * 60_000),  # a suspended laptop
).map(lambda ms: ("advance", ms))

ACTIONS = st.one_of(
    ADVANCE,
    ADVANCE,
    ADVANCE,
    st.just(("tick", 0)),
    st.just(("tick", 0)),
    st.just(("until_change", 0)),
    st.just(("pause", 0)),
    st.just(("resume", 0)),
    st.just(("toggle", 0)),
    st.just(("skip", 0)),
    st.just(("back", 0)),
    st.sampled_from([("adjust", 5), ("adjust", -5)]),
    st.tuples(st.just("done"), st.integers(0, 20)),
    st.just(("end_early", 0)),
)


# -- the model --------------------------------------------------------------------------------


@dataclass
class Run:
    """An engine on a fake clock, with the pause spans seen from outside."""

    steps: list[PlannedStep]
    clock: FakeClock
    engine: SessionEngine
    pauses: list[list[float]] = field(default_factory=list)

    def apply(self, name: str, value: int) -> None:
        engine, clock = self.engine, self.clock
        before_state = engine.state
        before_records = len(engine.records)
        before_view = engine.view()
        moment = clock.t
        if name == "advance":
            clock.advance(value / 1000)
            return
        if name == "tick":
            engine.tick()
        elif name == "until_change":
            self.until_change()
            return
        elif name == "pause":
            engine.pause()
        elif name == "resume":
            engine.resume()
        elif name == "toggle":
            engine.toggle_pause()
        elif name == "skip":
            engine.skip()
        elif name == "back":
            engine.back()
        elif name == "adjust":
            moved = engine.adjust(value)
            self.check_adjust(value, moved, before_view, before_records)
        elif name == "done":
            engine.done(reps=value or None, load=value / 2 if value else None)
        elif name == "end_early":
            engine.end_early()
        self.track_pause(before_state, moment)
        self.check_move(name, before_state, before_records)

    # -- checks after one action --------------------------------------------------------------

    def track_pause(self, before: EngineState, moment: float) -> None:
        after = self.engine.state
        if before is not EngineState.PAUSED and after is EngineState.PAUSED:
            self.pauses.append([moment, math.inf])
        elif before is EngineState.PAUSED and after is not EngineState.PAUSED:
            self.pauses[-1][1] = moment

    def check_move(self, name: str, before: EngineState, count: int) -> None:
        """The index rules: skip -> +1, back -> max(0, -1), time and done -> +1."""
        engine = self.engine
        new = engine.records[count:]
        if before is EngineState.FINISHED:
            assert not new
            return
        if name in ("pause", "resume", "toggle", "adjust"):
            # These never end a step themselves; a pause may first catch up with the clock.
            assert all(r.ended_by is EndReason.TIME for r in new)
            return
        expected = {
            "skip": EndReason.SKIP,
            "back": EndReason.BACK,
            "done": EndReason.DONE,
            "end_early": EndReason.QUIT,
            "tick": EndReason.TIME,
        }[name]
        caught_up = new[:-1] if new and new[-1].ended_by is expected else new
        assert all(r.ended_by is EndReason.TIME for r in caught_up)
        for earlier, later in itertools.pairwise(caught_up):
            assert later.index == earlier.index + 1
        if not new:
            # Only a tick with nothing due, or done/skip/back/quit before the start.
            assert name == "tick"
            return
        last = new[-1]
        if last.ended_by is not expected or name == "tick":
            # The session ran out while catching up, or a tick ended timed steps.
            if engine.state is not EngineState.FINISHED:
                assert engine.index == last.index + 1
            else:
                assert last.index == len(self.steps) - 1
                assert engine.completed
            return
        if name == "back":
            assert engine.index == max(0, last.index - 1)
            assert engine.state is before
        elif name == "end_early":
            assert engine.state is EngineState.FINISHED
            assert not engine.completed
        elif last.index == len(self.steps) - 1:
            assert engine.state is EngineState.FINISHED
            assert engine.completed
        else:
            assert engine.index == last.index + 1
            if before is EngineState.PAUSED:
                assert engine.state is EngineState.PAUSED

    def check_adjust(self, seconds: int, moved: bool, before: EngineView, count: int) -> None:
        engine = self.engine
        view = engine.view()
        if len(engine.records) != count or view.step is None or not view.step.is_timed:
            return  # the clock had moved past the step first, or nothing to adjust
        old = before.remaining_s
        shift = view.remaining_s - old
        assert abs(shift - round(shift)) < EPS, "adjustments move the deadline in whole seconds"
        assert view.step_total_s - before.step_total_s == round(shift)
        if seconds > 0:
            assert moved
            assert round(shift) == seconds
        else:
            assert view.remaining_s >= min(old, 1.0) - EPS
            assert seconds <= round(shift) <= 0
            assert moved == (round(shift) != 0)
            if old >= 1.0 + 5:
                assert round(shift) == -5

    def until_change(self) -> None:
        engine, clock = self.engine, self.clock
        wait = engine.seconds_until_change()
        view = engine.view()
        if engine.state is not EngineState.RUNNING:
            assert wait == math.inf
            return
        assert 0 <= wait <= 1.0 + FLIP_MARGIN_S
        count = len(engine.records)
        clock.advance(wait)
        engine.tick()
        after = engine.view()
        assert view.step is not None
        if len(engine.records) != count:
            # The wait ran to the deadline: the step ended exactly then.
            assert view.step.is_timed
            assert view.remaining_s <= 1.0 + EPS
            if wait == 0:
                # The deadline had passed already (no tick yet): the view said 0, tick now.
                assert view.remaining_s == 0.0
                assert engine.records[count].ended_at <= clock.t
            else:
                assert 0 <= clock.t - engine.records[count].ended_at <= 2 * FLIP_MARGIN_S
        elif view.step.is_timed:
            # It lands just past the flip of the whole seconds shown: ceil(remaining) drops by
            # exactly one, a hair after the boundary.
            flip = math.ceil(view.remaining_s) - 1
            assert math.ceil(after.remaining_s) == flip
            assert 0 <= flip - after.remaining_s <= 2 * FLIP_MARGIN_S
        else:
            flip = math.floor(view.elapsed_s) + 1
            assert math.floor(after.elapsed_s) == flip
            assert 0 <= after.elapsed_s - flip <= 2 * FLIP_MARGIN_S

    # -- checks at any time -------------------------------------------------------------------

    def paused_within(self, record: StepRecord) -> float:
        total = 0.0
        for start, end in self.pauses:
            end = min(end, self.clock.t)
            total += max(0.0, min(record.ended_at, end) - max(record.started_at, start))
        return total

    def check_invariants(self) -> None:
        engine = self.engine
        assert 0 <= engine.index < len(self.steps)
        view = engine.view()
        assert 0 <= view.index < len(self.steps)
        if view.step is not None and view.step.is_timed:
            assert 0.0 <= view.remaining_s <= view.step_total_s + EPS
            assert view.remaining_s + view.elapsed_s == _approx(view.step_total_s)
        assert 0.0 <= view.session_progress <= 1.0
        assert 0.0 <= view.step_progress <= 1.0
        records = engine.records
        if records:
            assert records[0].started_at == engine.started_at
        for earlier, later in itertools.pairwise(records):
            assert later.started_at == earlier.ended_at
        for record in records:
            assert 0 <= record.index < len(self.steps)
            assert record.step == self.steps[record.index]
            paused = self.paused_within(record)
            # Pauses never count as work, and the record's pause is exactly the spans paused.
            assert record.paused_s == _approx(paused)
            assert record.active_s == _approx(record.ended_at - record.started_at - paused)
            if record.step.is_timed:
                planned = record.step.seconds + record.adjust_s
                if record.ended_by is EndReason.TIME:
                    # No drift: a timed step lasts exactly its planned (and adjusted) time.
                    assert record.active_s == _approx(planned)
                else:
                    assert record.active_s <= planned + EPS
            else:
                assert record.adjust_s == 0
        if engine.state is EngineState.FINISHED:
            assert engine.ended_at == records[-1].ended_at
            total = sum(r.active_s + r.paused_s for r in records)
            assert total == _approx(engine.wall_seconds)

    def finish(self) -> None:
        """Play the rest of the session straight through."""
        engine, clock = self.engine, self.clock
        if engine.state is EngineState.PAUSED:
            moment = clock.t
            engine.resume()
            self.track_pause(EngineState.PAUSED, moment)
        for _ in range(4 * len(self.steps) + 10):
            if engine.state is EngineState.FINISHED:
                break
            view = engine.view()
            assert view.step is not None
            if view.step.is_timed:
                clock.advance(view.remaining_s)
                engine.tick()
            else:
                engine.done()
            self.check_invariants()
        assert engine.state is EngineState.FINISHED


class _approx:
    def __init__(self, expected: float) -> None:
        self.expected = expected

    def __eq__(self, other: object) -> bool:
        return isinstance(other, int | float) and abs(other - self.expected) <= EPS

    def __repr__(self) -> str:
        return f"{self.expected} ± {EPS}"

    __hash__ = None  # type: ignore[assignment]


def new_run(steps: list[PlannedStep], start: float) -> Run:
    clock = FakeClock(start)
    engine = SessionEngine(steps, clock, fixed_wall())
    return Run(steps, clock, engine)


# -- properties -------------------------------------------------------------------------------


@SETTINGS
@given(
    steps=plans(),
    start=st.floats(0, 1e6, allow_nan=False),
    actions=st.lists(ACTIONS, max_size=60),
)
def test_random_presses_keep_every_record_true(
    steps: list[PlannedStep], start: float, actions: list[Action]
) -> None:
    run = new_run(steps, start)
    run.engine.start()
    run.check_invariants()
    for name, value in actions:
        run.apply(name, value)
        run.check_invariants()
    run.finish()
    run.check_invariants()


@SETTINGS
@given(
    steps=plans(),
    start=st.floats(0, 1e6, allow_nan=False),
    gaps=st.lists(st.integers(1, 250), min_size=1, max_size=40),
)
def test_late_ticks_never_drift(steps: list[PlannedStep], start: float, gaps: list[int]) -> None:
    """With no presses but done, every timed step lasts exactly its planned seconds."""
    run = new_run(steps, start)
    engine, clock = run.engine, run.clock
    engine.start()
    for gap in itertools.cycle(gaps):
        if engine.state is EngineState.FINISHED:
            break
        step = engine.current
        assert step is not None
        if not step.is_timed:
            engine.done()
            continue
        clock.advance(gap / 100)  # 10 ms .. 2.5 s, so ticks come late and skip steps
        engine.tick()
    for record in engine.records:
        if record.step.is_timed:
            assert record.ended_by is EndReason.TIME
            assert abs(record.active_s - record.step.seconds) <= EPS
            assert record.paused_s == 0.0
    assert [r.index for r in engine.records] == list(range(len(steps)))
    run.check_invariants()


@SETTINGS
@given(steps=plans(), start=st.floats(0, 1e6, allow_nan=False))
def test_sleeping_until_each_change_ticks_once_per_shown_second(
    steps: list[PlannedStep], start: float
) -> None:
    """A driver that sleeps for seconds_until_change() sees every whole second, no more."""
    run = new_run(steps, start)
    engine, clock = run.engine, run.clock
    engine.start()
    ticks = 0
    while engine.state is not EngineState.FINISHED:
        step = engine.current
        assert step is not None
        if not step.is_timed and engine.view().elapsed_s >= step.seconds - EPS:
            engine.done()
            continue
        wait = engine.seconds_until_change()
        assert FLIP_MARGIN_S <= wait <= 1.0 + FLIP_MARGIN_S
        clock.advance(wait)
        engine.tick()
        ticks += 1
        assert ticks <= 10_000
    budget = sum(step.seconds for step in steps) + len(steps)
    assert ticks <= budget
    assert ticks >= sum(step.seconds for step in steps) - len(steps)
    run.check_invariants()
