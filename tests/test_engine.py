"""The session engine (and the plan it walks), on a fake clock: exact values, no real sleeping."""

from __future__ import annotations

import itertools
import math
import random
from pathlib import Path

import pytest

from postchain_tui.core.engine import SessionEngine
from postchain_tui.core.engine_types import Cue, CueKind, EndReason, EngineState, StepRecord
from postchain_tui.core.loader import load_routine, parse_routine
from postchain_tui.core.plan import PlannedStep, StepKind, build_plan, estimate_seconds
from postchain_tui.core.routine import Routine
from postchain_tui.core.step_visit import FLIP_MARGIN_S
from postchain_tui.locations import bundled_routines_dir
from tests.fakes import WALL_START, FakeClock, fixed_wall

EPS = 1e-6

# -- routines ---------------------------------------------------------------------------------

PLANK = """
title = "Plank"
[defaults]
lead_in = 5
rest = 10
[[exercise]]
name = "Plank"
hold = 30
sets = 2
"""

MIXED = """
title = "Mixed"
[defaults]
lead_in = 3
switch_sides = 4
rest = 20
rep_pace = 2
[[exercise]]
name = "Side plank"
hold = "20-30s"
sets = 2
per_side = true
cue = "Stack the feet."
[[exercise]]
name = "Clams"
reps = "8-12"
per_side = true
rest = 0
[[exercise]]
name = "Bridge"
reps = 10
"""

NO_GAPS = """
title = "No gaps"
[defaults]
lead_in = 0
switch_sides = 0
rest = 0
[[exercise]]
name = "Hold"
hold = 5
per_side = true
"""

LEAD_IN_BETWEEN_SIDES = """
title = "Lead-in between sides"
[defaults]
lead_in = 2
switch_sides = 0
rest = 0
[[exercise]]
name = "Hold"
hold = 5
per_side = true
"""

SUSPEND = """
title = "Suspend"
[defaults]
lead_in = 0
rest = 60
rep_pace = 3
[[exercise]]
name = "Hold A"
hold = 30
[[exercise]]
name = "Hold B"
hold = 30
[[exercise]]
name = "Reps"
reps = 10
"""

SHORT = """
title = "Short"
[defaults]
lead_in = 2
switch_sides = 1
rest = 1
rep_pace = 1
[[exercise]]
name = "Tiny hold"
hold = 1
sets = 3
per_side = true
[[exercise]]
name = "Two reps"
reps = 2
sets = 2
"""

INLINE_ROUTINES = {
    "plank": PLANK,
    "mixed": MIXED,
    "no-gaps": NO_GAPS,
    "lead-in-between-sides": LEAD_IN_BETWEEN_SIDES,
    "suspend": SUSPEND,
    "short": SHORT,
}


def routine(text: str, routine_id: str = "inline") -> Routine:
    return parse_routine(text, default_id=routine_id)


def plan(text: str) -> list[PlannedStep]:
    return build_plan(routine(text))


def engine_for(text: str, clock: FakeClock | None = None) -> tuple[SessionEngine, FakeClock]:
    clock = clock or FakeClock()
    return SessionEngine(plan(text), clock, fixed_wall()), clock


def shape(steps: list[PlannedStep]) -> list[tuple[str, str, int, str | None, int]]:
    return [
        (s.kind.value, s.title, s.set_number, s.side.value if s.side else None, s.seconds)
        for s in steps
    ]


def assert_chain(engine: SessionEngine) -> None:
    """Records meet end to start and their active + paused seconds add up to the wall time."""
    records = engine.records
    assert engine.started_at is not None
    if not records:
        return
    assert records[0].started_at == engine.started_at
    for before, after in itertools.pairwise(records):
        assert after.started_at == before.ended_at
    for record in records:
        assert record.active_s >= -EPS
        assert record.paused_s >= -EPS
        assert record.active_s + record.paused_s == pytest.approx(
            record.ended_at - record.started_at, abs=EPS
        )
    if engine.state is EngineState.FINISHED:
        assert records[-1].ended_at == engine.ended_at
        total = sum(r.active_s + r.paused_s for r in records)
        assert total == pytest.approx(engine.wall_seconds, abs=EPS)


# -- the plan ---------------------------------------------------------------------------------


def test_plan_of_a_simple_hold_has_a_lead_in_rest_between_sets_and_none_at_the_end() -> None:
    assert shape(plan(PLANK)) == [
        ("lead_in", "Get ready", 1, None, 5),
        ("hold", "Plank", 1, None, 30),
        ("rest", "Rest", 1, None, 10),
        ("hold", "Plank", 2, None, 30),
    ]


def test_plan_of_per_side_holds_and_reps() -> None:
    steps = plan(MIXED)
    assert shape(steps) == [
        ("lead_in", "Get ready", 1, None, 3),
        ("hold", "Side plank", 1, "left", 20),
        ("switch", "Switch sides", 1, None, 4),
        ("hold", "Side plank", 1, "right", 20),
        ("rest", "Rest", 1, None, 20),
        ("hold", "Side plank", 2, "left", 20),
        ("switch", "Switch sides", 2, None, 4),
        ("hold", "Side plank", 2, "right", 20),
        ("rest", "Rest", 2, None, 20),
        ("reps", "Clams", 1, "left", 16),
        ("switch", "Switch sides", 1, None, 4),
        ("reps", "Clams", 1, "right", 16),
        ("reps", "Bridge", 1, None, 20),
    ]
    assert estimate_seconds(steps) == 187
    assert steps[1].label == "Side plank · set 1/2 · left"
    assert steps[2].label == "Switch sides"
    assert steps[12].label == "Bridge · set 1/1"
    assert steps[1].cue == "Stack the feet."
    assert steps[9].reps is not None and (steps[9].reps.low, steps[9].reps.high) == (8, 12)
    assert [s.is_timed for s in steps].count(False) == 3
    assert steps[-1].kind is not StepKind.REST


def test_plan_without_gaps_runs_the_sides_back_to_back() -> None:
    assert shape(plan(NO_GAPS)) == [
        ("hold", "Hold", 1, "left", 5),
        ("hold", "Hold", 1, "right", 5),
    ]


def test_plan_gives_a_lead_in_to_a_hold_that_follows_work_directly() -> None:
    assert shape(plan(LEAD_IN_BETWEEN_SIDES)) == [
        ("lead_in", "Get ready", 1, None, 2),
        ("hold", "Hold", 1, "left", 5),
        ("lead_in", "Get ready", 1, None, 2),
        ("hold", "Hold", 1, "right", 5),
    ]


def test_plan_uses_moved_on_holds_within_the_range() -> None:
    mixed = routine(MIXED)
    assert build_plan(mixed, {"Side plank": 25})[1].seconds == 25
    assert build_plan(mixed, {"Side plank": 99})[1].seconds == 30
    assert build_plan(mixed, {"Side plank": 1})[1].seconds == 20


# -- revising the plan ------------------------------------------------------------------------


def side_plank_seconds(engine: SessionEngine) -> list[int]:
    return [
        step.seconds
        for step in engine.steps
        if step.exercise == "Side plank" and step.kind is StepKind.HOLD
    ]


def test_a_revised_plan_before_the_start_replaces_every_step() -> None:
    engine, _ = engine_for(MIXED)
    assert side_plank_seconds(engine) == [20, 20, 20, 20]
    engine.revise_steps(build_plan(routine(MIXED), {"Side plank": 25}))
    assert side_plank_seconds(engine) == [25, 25, 25, 25]


def test_a_revised_plan_during_the_lead_in_changes_what_is_to_come_not_the_lead_in() -> None:
    engine, clock = engine_for(MIXED)
    engine.start()
    clock.advance(1)
    before = engine.view()
    engine.revise_steps(build_plan(routine(MIXED), {"Side plank": 25}))
    after = engine.view()
    assert (after.index, after.remaining_s) == (0, 2.0)
    assert after.session_total_s == before.session_total_s + 4 * 5
    assert side_plank_seconds(engine) == [25, 25, 25, 25]
    clock.advance(2)
    engine.tick()
    assert engine.view().remaining_s == 25.0
    assert_chain(engine)


def test_steps_begun_keep_their_plan_even_when_gone_back_from() -> None:
    engine, clock = engine_for(MIXED)
    engine.start()
    clock.advance(3)
    engine.tick()  # the first side plank is running
    engine.back()  # back to the lead-in
    engine.revise_steps(build_plan(routine(MIXED), {"Side plank": 25}))
    assert side_plank_seconds(engine) == [20, 25, 25, 25]


def test_a_revised_plan_of_other_steps_is_refused() -> None:
    engine, _ = engine_for(MIXED)
    steps = engine.steps
    with pytest.raises(ValueError, match="same kinds of step"):
        engine.revise_steps(plan(PLANK))
    with pytest.raises(ValueError, match="same kinds of step"):
        engine.revise_steps(list(steps)[:-1])
    assert engine.steps == steps


# -- starting ---------------------------------------------------------------------------------


def test_an_empty_plan_is_refused() -> None:
    with pytest.raises(ValueError):
        SessionEngine([], FakeClock())


def test_before_start_the_view_shows_the_whole_session_ahead() -> None:
    engine, _ = engine_for(PLANK)
    view = engine.view()
    assert view.state is EngineState.READY
    assert view.step is None
    assert view.next_step == engine.steps[0]
    assert view.session_total_s == 75.0
    assert view.session_remaining_s == 75.0
    assert engine.seconds_until_change() == math.inf
    assert engine.tick() == []
    assert engine.wall_seconds == 0.0
    assert engine.ended_wall is None


def test_start_cues_the_first_step_and_reads_the_wall_clock_once() -> None:
    clock = FakeClock(1000.0)
    wall = fixed_wall()
    engine = SessionEngine(plan(PLANK), clock, wall)
    assert engine.start() == [Cue(CueKind.STEP, 0)]
    assert engine.state is EngineState.RUNNING
    assert engine.started_wall == WALL_START
    assert wall.calls == 1
    assert engine.started_at == 1000.0
    assert engine.start() == []  # a second start does nothing
    view = engine.view()
    assert (view.index, view.remaining_s, view.elapsed_s, view.step_total_s) == (0, 5.0, 0.0, 5.0)
    assert view.next_step == engine.steps[1]
    assert view.session_remaining_s == 75.0


def test_start_at_an_index_resumes_there() -> None:
    engine, clock = engine_for(PLANK)
    assert engine.start(2) == [Cue(CueKind.STEP, 2)]
    assert engine.view().step == engine.steps[2]
    assert engine.view().session_remaining_s == 40.0
    clock.advance(10)
    assert engine.tick() == [Cue(CueKind.STEP_FINISHED, 2), Cue(CueKind.STEP, 3)]


@pytest.mark.parametrize("index", [-1, 4, 100])
def test_start_at_a_missing_index_fails_before_changing_anything(index: int) -> None:
    engine, _ = engine_for(PLANK)
    with pytest.raises(IndexError):
        engine.start(index)
    assert engine.state is EngineState.READY
    assert engine.started_at is None and engine.started_wall is None
    assert engine.start() == [Cue(CueKind.STEP, 0)]


def test_the_wall_clock_defaults_to_local_aware_time() -> None:
    engine = SessionEngine(plan(PLANK), FakeClock())
    engine.start()
    assert engine.started_wall is not None and engine.started_wall.tzinfo is not None


# -- timed steps ------------------------------------------------------------------------------


def test_a_timed_step_ends_exactly_at_its_deadline() -> None:
    engine, clock = engine_for(PLANK)
    engine.start()
    clock.advance(4.75)
    assert engine.tick() == [Cue(CueKind.COUNT, 0, 1)]
    assert engine.view().remaining_s == 0.25
    clock.advance(0.25)
    assert engine.tick() == [Cue(CueKind.STEP_FINISHED, 0), Cue(CueKind.STEP, 1)]
    [record] = engine.records
    assert record == StepRecord(
        index=0,
        step=engine.steps[0],
        started_at=0.0,
        ended_at=5.0,
        active_s=5.0,
        paused_s=0.0,
        ended_by=EndReason.TIME,
    )
    assert not record.skipped
    assert engine.view().remaining_s == 30.0


def test_a_late_tick_ends_the_step_at_its_deadline_not_at_the_tick() -> None:
    engine, clock = engine_for(PLANK)
    engine.start()
    clock.advance(7.5)
    assert engine.tick() == [Cue(CueKind.STEP_FINISHED, 0), Cue(CueKind.STEP, 1)]
    assert engine.records[0].ended_at == 5.0
    assert engine.records[0].active_s == 5.0
    view = engine.view()
    assert (view.index, view.remaining_s, view.elapsed_s) == (1, 27.5, 2.5)
    assert view.session_remaining_s == 67.5


def test_a_clock_jump_ends_every_step_whose_time_passed_and_stops_at_a_rep_set() -> None:
    engine, clock = engine_for(SUSPEND)
    assert shape(list(engine.steps)) == [
        ("hold", "Hold A", 1, None, 30),
        ("rest", "Rest", 1, None, 60),
        ("hold", "Hold B", 1, None, 30),
        ("rest", "Rest", 1, None, 60),
        ("reps", "Reps", 1, None, 30),
    ]
    engine.start()
    clock.advance(45)  # 15 s into the first rest, then the laptop sleeps for 20 minutes
    engine.tick()
    clock.advance(20 * 60)
    assert engine.tick() == [
        Cue(CueKind.STEP_FINISHED, 1),
        Cue(CueKind.STEP, 2),
        Cue(CueKind.STEP_FINISHED, 2),
        Cue(CueKind.STEP, 3),
        Cue(CueKind.STEP_FINISHED, 3),
        Cue(CueKind.STEP, 4),
    ]
    assert [(r.index, r.started_at, r.ended_at, r.ended_by) for r in engine.records] == [
        (0, 0.0, 30.0, EndReason.TIME),
        (1, 30.0, 90.0, EndReason.TIME),
        (2, 90.0, 120.0, EndReason.TIME),
        (3, 120.0, 180.0, EndReason.TIME),
    ]
    assert [r.active_s for r in engine.records] == [30.0, 60.0, 30.0, 60.0]
    view = engine.view()
    assert view.step == engine.steps[4]
    assert view.elapsed_s == 1245.0 - 180.0
    engine.done(reps=10)
    assert engine.records[-1].active_s == 1065.0
    assert engine.completed
    assert engine.wall_seconds == 1245.0
    assert_chain(engine)


def test_a_clock_jump_past_the_end_finishes_at_the_last_deadline() -> None:
    engine, clock = engine_for(PLANK)
    engine.start()
    clock.advance(3600)
    cues = engine.tick()
    assert cues[-1] == Cue(CueKind.FINISHED, 3)
    assert [c.kind for c in cues].count(CueKind.STEP_FINISHED) == 4
    assert engine.state is EngineState.FINISHED and engine.completed
    assert engine.ended_at == 75.0
    assert engine.wall_seconds == 75.0
    assert engine.ended_wall == WALL_START.replace(minute=16, second=17)
    assert [r.active_s for r in engine.records] == [5.0, 30.0, 10.0, 30.0]
    assert_chain(engine)
    assert engine.tick() == []


def test_countdown_cues_fire_once_at_3_2_1_on_whole_seconds() -> None:
    engine, clock = engine_for(NO_GAPS)
    engine.start()
    heard: list[tuple[float, int]] = []
    while clock.t < 4.99:
        clock.advance(0.125)
        heard += [(clock.t, c.count) for c in engine.tick() if c.kind is CueKind.COUNT]
    assert heard == [(2.0, 3), (3.0, 2), (4.0, 1)]


def test_a_late_tick_in_the_countdown_cues_only_the_count_showing() -> None:
    engine, clock = engine_for(NO_GAPS)
    engine.start()
    clock.advance(1.5)  # 3.5 left, no cue yet
    assert engine.tick() == []
    clock.advance(2.0)  # 1.5 left: 3 was never seen
    assert engine.tick() == [Cue(CueKind.COUNT, 0, 2)]
    clock.advance(0.5)
    assert engine.tick() == [Cue(CueKind.COUNT, 0, 1)]
    clock.advance(0.5)
    assert engine.tick() == []
    clock.advance(0.5)
    assert engine.tick() == [
        Cue(CueKind.STEP_FINISHED, 0),
        Cue(CueKind.STEP, 1),
    ]


def test_a_short_step_cues_from_its_own_length() -> None:
    engine, clock = engine_for(SHORT)
    engine.start()  # a 2 s lead-in
    assert engine.tick() == [Cue(CueKind.COUNT, 0, 2)]
    clock.advance(1)
    assert engine.tick() == [Cue(CueKind.COUNT, 0, 1)]
    clock.advance(1)
    assert engine.tick() == [
        Cue(CueKind.STEP_FINISHED, 0),
        Cue(CueKind.STEP, 1),
        Cue(CueKind.COUNT, 1, 1),
    ]


# -- rep sets ---------------------------------------------------------------------------------


def test_a_rep_set_waits_for_done_and_records_reps_and_load() -> None:
    steps = plan(MIXED)
    clock = FakeClock()
    engine = SessionEngine(steps, clock, fixed_wall())
    engine.start(12)
    clock.advance(600)
    assert engine.tick() == []
    view = engine.view()
    assert (view.remaining_s, view.elapsed_s, view.step_total_s) == (0.0, 600.0, 20.0)
    assert view.step_progress == 1.0
    assert view.session_remaining_s == 0.0
    assert engine.seconds_until_change() == 1.0 + FLIP_MARGIN_S
    clock.advance(0.25)
    assert engine.seconds_until_change() == pytest.approx(0.75 + FLIP_MARGIN_S, abs=1e-12)
    assert engine.done(reps=11, load=16.5) == [
        Cue(CueKind.STEP_FINISHED, 12),
        Cue(CueKind.FINISHED, 12),
    ]
    record = engine.records[-1]
    assert (record.ended_by, record.reps, record.load, record.active_s) == (
        EndReason.DONE,
        11,
        16.5,
        600.25,
    )
    assert engine.completed
    assert engine.done() == []


def test_done_without_a_count_keeps_reps_and_load_unset() -> None:
    engine, clock = engine_for(MIXED)
    engine.start(9)
    clock.advance(12)
    engine.done()
    assert (engine.records[-1].reps, engine.records[-1].load) == (None, None)
    assert engine.view().index == 10


def test_rep_set_progress_counts_up_against_the_estimate() -> None:
    engine, clock = engine_for(MIXED)
    engine.start(9)
    clock.advance(4)
    view = engine.view()
    assert view.step_progress == 0.25
    assert view.session_remaining_s == 12 + 4 + 16 + 20


def test_done_on_a_hold_ends_it_as_done() -> None:
    engine, clock = engine_for(PLANK)
    engine.start(1)
    clock.advance(12)
    engine.done()
    assert (engine.records[-1].ended_by, engine.records[-1].active_s) == (EndReason.DONE, 12.0)
    assert engine.view().index == 2


# -- pause ------------------------------------------------------------------------------------


def test_a_pause_moves_the_deadline_and_is_not_work() -> None:
    engine, clock = engine_for(PLANK)
    engine.start(1)
    clock.advance(2)
    engine.pause()
    assert engine.state is EngineState.PAUSED
    clock.advance(100)
    assert engine.tick() == []
    assert engine.seconds_until_change() == math.inf
    view = engine.view()
    assert (view.state, view.remaining_s, view.elapsed_s) == (EngineState.PAUSED, 28.0, 2.0)
    engine.resume()
    assert engine.view().state is EngineState.RUNNING
    assert engine.view().remaining_s == 28.0
    clock.advance(27.5)
    engine.tick()
    assert engine.view().index == 1
    clock.advance(0.5)
    engine.tick()
    record = engine.records[0]
    assert (record.started_at, record.ended_at, record.active_s, record.paused_s) == (
        0.0,
        130.0,
        30.0,
        100.0,
    )
    assert record.ended_by is EndReason.TIME


def test_several_pauses_add_up() -> None:
    engine, clock = engine_for(PLANK)
    engine.start(1)
    for _ in range(3):
        clock.advance(5)
        engine.toggle_pause()
        clock.advance(7.5)
        engine.toggle_pause()
    assert engine.state is EngineState.RUNNING
    clock.advance(15)
    engine.tick()
    record = engine.records[0]
    assert (record.active_s, record.paused_s, record.ended_at) == (30.0, 22.5, 52.5)


def test_pause_and_resume_only_act_where_they_make_sense() -> None:
    engine, clock = engine_for(PLANK)
    engine.pause()
    engine.resume()
    assert engine.state is EngineState.READY
    engine.start()
    engine.resume()
    assert engine.view().state is EngineState.RUNNING
    engine.pause()
    clock.advance(1)
    engine.pause()  # a second pause does not restart the pause
    clock.advance(1)
    engine.resume()
    assert engine.view().remaining_s == 5.0
    engine.end_early()
    engine.pause()
    engine.toggle_pause()
    assert engine.view().state is EngineState.FINISHED


def test_a_rep_set_can_be_paused_and_the_pause_is_not_work() -> None:
    engine, clock = engine_for(MIXED)
    engine.start(12)
    clock.advance(10)
    engine.pause()
    clock.advance(50)
    assert engine.view().elapsed_s == 10.0
    engine.resume()
    clock.advance(5)
    engine.done(reps=10)
    record = engine.records[-1]
    assert (record.active_s, record.paused_s) == (15.0, 50.0)


def test_moving_between_steps_while_paused_stays_paused() -> None:
    engine, clock = engine_for(PLANK)
    engine.start(1)
    clock.advance(3)
    engine.pause()
    clock.advance(4)
    assert engine.skip() == [Cue(CueKind.STEP_FINISHED, 1), Cue(CueKind.STEP, 2)]
    assert engine.state is EngineState.PAUSED
    assert engine.records[-1].paused_s == 4.0
    clock.advance(6)
    assert engine.back() == [Cue(CueKind.STEP, 1)]
    assert engine.state is EngineState.PAUSED
    assert (engine.records[-1].active_s, engine.records[-1].paused_s) == (0.0, 6.0)
    clock.advance(2)
    engine.resume()
    assert engine.view().remaining_s == 30.0
    assert_chain(engine)


# -- skip and back ----------------------------------------------------------------------------


def test_skip_records_the_step_as_skipped_and_moves_on() -> None:
    engine, clock = engine_for(PLANK)
    engine.start()
    clock.advance(1.5)
    assert engine.skip() == [Cue(CueKind.STEP_FINISHED, 0), Cue(CueKind.STEP, 1)]
    record = engine.records[0]
    assert record.skipped and record.ended_by is EndReason.SKIP
    assert (record.active_s, record.ended_at) == (1.5, 1.5)
    view = engine.view()
    assert (view.index, view.remaining_s) == (1, 30.0)


def test_skipping_the_last_step_finishes_the_session() -> None:
    engine, clock = engine_for(PLANK)
    engine.start(3)
    clock.advance(1)
    assert engine.skip() == [Cue(CueKind.STEP_FINISHED, 3), Cue(CueKind.FINISHED, 3)]
    assert engine.state is EngineState.FINISHED
    assert engine.completed
    assert engine.skip() == []
    assert engine.back() == []
    assert engine.end_early() == []
    view = engine.view()
    assert (view.state, view.index, view.step, view.next_step) == (
        EngineState.FINISHED,
        3,
        None,
        None,
    )
    assert (view.session_remaining_s, view.session_progress, view.step_progress) == (
        0.0,
        1.0,
        1.0,
    )


def test_back_goes_to_the_previous_step_and_starts_it_afresh() -> None:
    engine, clock = engine_for(PLANK)
    engine.start()
    clock.advance(5)
    engine.tick()
    clock.advance(10)
    assert engine.back() == [Cue(CueKind.STEP, 0)]
    assert engine.records[-1].ended_by is EndReason.BACK
    assert engine.records[-1].index == 1
    view = engine.view()
    assert (view.index, view.remaining_s) == (0, 5.0)
    clock.advance(5)
    engine.tick()
    assert [r.index for r in engine.records] == [0, 1, 0]
    assert engine.view().index == 1
    assert_chain(engine)


def test_back_on_the_first_step_starts_it_over() -> None:
    engine, clock = engine_for(PLANK)
    engine.start()
    clock.advance(3)
    assert engine.back() == [Cue(CueKind.STEP, 0)]
    assert engine.view().remaining_s == 5.0
    assert engine.records[-1].active_s == 3.0


def test_controls_before_start_do_nothing() -> None:
    engine, _ = engine_for(PLANK)
    assert engine.skip() == []
    assert engine.back() == []
    assert engine.done() == []
    assert engine.end_early() == []
    assert engine.adjust(5) is False
    assert engine.records == []
    assert engine.state is EngineState.READY


# -- adjust -----------------------------------------------------------------------------------


def test_adjust_adds_and_takes_time_from_the_running_step() -> None:
    engine, clock = engine_for(PLANK)
    engine.start(1)
    clock.advance(10)
    assert engine.adjust(5) is True
    view = engine.view()
    assert (view.remaining_s, view.step_total_s) == (25.0, 35.0)
    assert engine.adjust(-5) is True
    assert engine.adjust(-5) is True
    assert engine.view().remaining_s == 15.0
    assert engine.view().step_total_s == 25.0
    clock.advance(15)
    engine.tick()
    record = engine.records[0]
    assert (record.adjust_s, record.active_s, record.ended_at) == (-5, 25.0, 25.0)


def test_adjust_never_leaves_less_than_a_second() -> None:
    engine, clock = engine_for(PLANK)
    engine.start(1)
    clock.advance(26.5)  # 3.5 left
    assert engine.adjust(-5) is True
    view = engine.view()
    assert view.remaining_s == 1.5
    assert view.step_total_s == 28.0
    assert view.elapsed_s + view.remaining_s == view.step_total_s
    clock.advance(0.5)  # exactly 1 left
    assert engine.adjust(-5) is False
    assert engine.view().remaining_s == 1.0
    clock.advance(0.75)  # 0.25 left: already less than a second
    assert engine.adjust(-5) is False
    assert engine.view().remaining_s == 0.25
    clock.advance(0.25)
    engine.tick()
    record = engine.records[0]
    # The record says exactly how far the deadline moved, so planned + adjust is what was done.
    assert (record.adjust_s, record.active_s) == (-2, 28.0)
    assert record.active_s == record.step.seconds + record.adjust_s


def test_adjust_while_paused_counts_from_the_pause() -> None:
    engine, clock = engine_for(PLANK)
    engine.start(1)
    clock.advance(20)
    engine.pause()
    clock.advance(100)
    assert engine.adjust(-5) is True
    assert engine.view().remaining_s == 5.0
    engine.resume()
    clock.advance(5)
    engine.tick()
    record = engine.records[0]
    assert (record.active_s, record.paused_s, record.adjust_s) == (25.0, 100.0, -5)


def test_adjust_does_nothing_to_a_rep_set_or_a_finished_session() -> None:
    engine, _ = engine_for(MIXED)
    engine.start(12)
    assert engine.adjust(5) is False
    assert engine.adjust(0) is False
    engine.done()
    assert engine.adjust(5) is False
    assert engine.records[-1].adjust_s == 0


def test_adjust_rearms_the_countdown() -> None:
    engine, clock = engine_for(NO_GAPS)
    engine.start()
    clock.advance(2.5)
    assert engine.tick() == [Cue(CueKind.COUNT, 0, 3)]
    engine.adjust(5)  # 7.5 left
    clock.advance(1)
    assert engine.tick() == []
    heard = []
    for _ in range(26):
        clock.advance(0.25)
        heard += [c.count for c in engine.tick() if c.kind is CueKind.COUNT and c.index == 0]
    assert heard == [3, 2, 1]


# -- end early --------------------------------------------------------------------------------


def test_end_early_keeps_the_session_as_not_completed() -> None:
    engine, clock = engine_for(PLANK)
    engine.start()
    clock.advance(8)
    engine.tick()
    clock.advance(2)
    engine.pause()
    clock.advance(4)
    assert engine.end_early() == [Cue(CueKind.FINISHED, 3)]
    assert engine.state is EngineState.FINISHED
    assert engine.completed is False
    record = engine.records[-1]
    assert (record.index, record.ended_by, record.active_s, record.paused_s) == (
        1,
        EndReason.QUIT,
        5.0,
        4.0,
    )
    assert engine.wall_seconds == 14.0
    assert engine.ended_wall == WALL_START.replace(second=16)
    assert_chain(engine)


# -- a stale session: a deadline passed with no tick yet --------------------------------------


def test_the_view_never_shows_negative_time_past_a_deadline() -> None:
    engine, clock = engine_for(PLANK)
    engine.start()
    clock.advance(8)
    view = engine.view()
    assert (view.index, view.remaining_s, view.elapsed_s, view.step_progress) == (0, 0.0, 5.0, 1.0)
    assert view.session_remaining_s == 70.0
    assert engine.seconds_until_change() == 0.0


def test_seconds_until_change_is_zero_at_the_deadline() -> None:
    engine, clock = engine_for(PLANK)
    engine.start()
    assert engine.seconds_until_change() == 1.0 + FLIP_MARGIN_S
    clock.advance(4.25)
    assert engine.seconds_until_change() == pytest.approx(0.75 + FLIP_MARGIN_S, abs=1e-12)
    clock.advance(0.75)
    assert engine.seconds_until_change() == 0.0


def test_a_pause_after_the_deadline_pauses_the_step_that_is_current_by_the_clock() -> None:
    engine, clock = engine_for(PLANK)
    engine.start()
    clock.advance(7)  # the lead-in ended at 5; no tick noticed it
    engine.pause()
    assert engine.records[0].ended_at == 5.0
    assert engine.view().index == 1
    clock.advance(100)
    engine.resume()
    # The cues the pause could not return come with the next tick.
    assert engine.tick() == [Cue(CueKind.STEP_FINISHED, 0), Cue(CueKind.STEP, 1)]
    assert engine.tick() == []
    clock.advance(28)
    engine.tick()
    record = engine.records[1]
    assert (record.started_at, record.ended_at, record.active_s, record.paused_s) == (
        5.0,
        135.0,
        30.0,
        100.0,
    )


@pytest.mark.parametrize(
    ("press", "reason"),
    [
        (SessionEngine.skip, EndReason.SKIP),
        (SessionEngine.done, EndReason.DONE),
        (SessionEngine.back, EndReason.BACK),
        (SessionEngine.end_early, EndReason.QUIT),
    ],
)
def test_a_key_after_the_deadline_acts_on_the_step_current_by_the_clock(
    press: object, reason: EndReason
) -> None:
    engine, clock = engine_for(PLANK)
    engine.start()
    clock.advance(12)  # the lead-in ended at 5, the hold has run 7 s
    cues = press(engine)  # type: ignore[operator]
    assert cues[:2] == [Cue(CueKind.STEP_FINISHED, 0), Cue(CueKind.STEP, 1)]
    first, second = engine.records
    assert (first.index, first.ended_at, first.active_s, first.ended_by) == (
        0,
        5.0,
        5.0,
        EndReason.TIME,
    )
    assert (second.index, second.active_s, second.ended_by) == (1, 7.0, reason)
    assert_chain(engine)


def test_adjust_after_the_deadline_adjusts_the_step_current_by_the_clock() -> None:
    engine, clock = engine_for(PLANK)
    engine.start()
    clock.advance(6)
    assert engine.adjust(5) is True
    assert engine.records[0].active_s == 5.0
    view = engine.view()
    assert (view.index, view.remaining_s, view.step_total_s) == (1, 34.0, 35.0)
    assert engine.tick() == [Cue(CueKind.STEP_FINISHED, 0), Cue(CueKind.STEP, 1)]


def test_end_early_after_the_last_deadline_is_a_completed_session() -> None:
    engine, clock = engine_for(NO_GAPS)
    engine.start()
    clock.advance(11)
    assert engine.end_early()[-1] == Cue(CueKind.FINISHED, 1)
    assert engine.completed
    assert engine.wall_seconds == 10.0
    assert [r.ended_by for r in engine.records] == [EndReason.TIME, EndReason.TIME]


# -- seconds_until_change ---------------------------------------------------------------------


def test_seconds_until_change_lands_on_each_whole_second_flip() -> None:
    engine, clock = engine_for(PLANK)
    engine.start(1)
    clock.advance(0.3)
    shown = []
    for _ in range(6):
        wait = engine.seconds_until_change()
        clock.advance(wait)
        engine.tick()
        remaining = engine.view().remaining_s
        # Each wake-up is just past a flip: the whole second shown has just changed.
        assert 0 < math.ceil(remaining) - remaining <= 2 * FLIP_MARGIN_S
        shown.append(math.ceil(remaining))
    assert shown == [29, 28, 27, 26, 25, 24]


# -- whole sessions ---------------------------------------------------------------------------


def _bundled() -> list[Path]:
    return sorted(bundled_routines_dir().glob("*.toml"))


def _cases() -> list[object]:
    cases: list[object] = [pytest.param(path, id=f"bundled:{path.stem}") for path in _bundled()]
    cases += [pytest.param(text, id=f"inline:{name}") for name, text in INLINE_ROUTINES.items()]
    return cases


def test_there_are_bundled_routines() -> None:
    assert _bundled(), f"no routines in {bundled_routines_dir()}"


@pytest.mark.parametrize("source", _cases())
def test_every_routine_runs_end_to_end_in_millisecond_ticks(source: Path | str) -> None:
    loaded = load_routine(source) if isinstance(source, Path) else routine(source)
    steps = build_plan(loaded)
    rng = random.Random(f"{loaded.id}-{len(steps)}")
    clock = FakeClock(rng.uniform(0, 1e5))
    engine = SessionEngine(steps, clock, fixed_wall())
    cues = engine.start()
    done_reps: dict[int, int] = {}
    while engine.state is not EngineState.FINISHED:
        view = engine.view()
        assert view.step is not None
        assert 0.0 <= view.remaining_s <= view.step_total_s
        if not view.step.is_timed and view.elapsed_s >= view.step.seconds:
            reps = rng.randint(1, 20)
            done_reps[view.index] = reps
            cues += engine.done(reps=reps, load=rng.choice([None, 12.5]))
            continue
        clock.advance(rng.randint(1, 250) / 1000)
        cues += engine.tick()
        assert len(engine.records) <= len(steps)

    assert engine.completed
    records = engine.records
    assert [r.index for r in records] == list(range(len(steps)))
    assert_chain(engine)
    for record in records:
        step = record.step
        assert record.paused_s == 0.0
        assert record.adjust_s == 0
        if step.is_timed:
            assert record.ended_by is EndReason.TIME
            assert record.active_s == pytest.approx(step.seconds, abs=EPS)
        else:
            assert record.ended_by is EndReason.DONE
            assert record.reps == done_reps[record.index]
            assert step.seconds <= record.active_s < step.seconds + 0.251
    planned_timed = sum(s.seconds for s in steps if s.is_timed)
    worked_reps = sum(r.active_s for r in records if not r.step.is_timed)
    assert engine.wall_seconds == pytest.approx(planned_timed + worked_reps, abs=EPS)

    step_cues = [c.index for c in cues if c.kind is CueKind.STEP]
    finished_cues = [c.index for c in cues if c.kind is CueKind.STEP_FINISHED]
    assert step_cues == list(range(len(steps)))
    assert finished_cues == list(range(len(steps)))
    assert cues[-1] == Cue(CueKind.FINISHED, len(steps) - 1)
    for index, step in enumerate(steps):
        counts = [c.count for c in cues if c.kind is CueKind.COUNT and c.index == index]
        expected = [n for n in (3, 2, 1) if n <= step.seconds] if step.is_timed else []
        assert counts == expected, (index, step.label)
