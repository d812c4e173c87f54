"""How settings change a session: the lead-in override, and which rests make a set wait."""

from __future__ import annotations

from postchain_tui.core.engine import SessionEngine
from postchain_tui.core.plan import StepKind, build_plan
from postchain_tui.core.session_options import rest_ran_out, routine_for_session
from postchain_tui.core.settings import Settings
from tests.fakes import FakeClock, fixed_wall
from tests.ui_support import BRIDGE_1, BRIDGE_2, REST_1, short_routine


def test_a_blank_lead_in_keeps_the_routines_own() -> None:
    routine = short_routine()
    assert routine_for_session(routine, Settings(lead_in=None)) is routine


def test_a_lead_in_setting_replaces_the_routines_own() -> None:
    routine = short_routine()
    steps = build_plan(routine_for_session(routine, Settings(lead_in=10)))
    lead_ins = [step.seconds for step in steps if step.kind is StepKind.LEAD_IN]
    assert lead_ins == [10]
    assert routine.defaults.lead_in == 3  # the routine itself is untouched


def test_a_lead_in_of_zero_leaves_it_out() -> None:
    steps = build_plan(routine_for_session(short_routine(), Settings(lead_in=0)))
    assert [step.kind for step in steps[:2]] == [StepKind.HOLD, StepKind.REST]
    assert len(steps) == len(build_plan(short_routine())) - 1


def engine_at_rest() -> tuple[SessionEngine, FakeClock]:
    clock = FakeClock(500.0)
    engine = SessionEngine(build_plan(short_routine()), now=clock, wall=fixed_wall())
    engine.start(REST_1)
    return engine, clock


def test_work_after_a_rest_that_ran_its_time_counts() -> None:
    engine, clock = engine_at_rest()
    clock.advance(3.0)
    cues = engine.tick()
    assert engine.index == BRIDGE_2
    assert rest_ran_out(engine, cues) is True
    assert rest_ran_out(engine, engine.tick()) is False  # only as it begins


def test_a_rest_cut_short_or_a_step_back_does_not_count() -> None:
    engine, _ = engine_at_rest()
    cues = engine.skip()
    assert engine.index == BRIDGE_2
    assert rest_ran_out(engine, cues) is False
    engine, clock = engine_at_rest()
    clock.advance(3.0)
    engine.tick()
    engine.skip()  # on to the next rest...
    assert rest_ran_out(engine, engine.back()) is False  # ...and back into the set


def test_work_after_the_lead_in_does_not_count() -> None:
    clock = FakeClock(500.0)
    engine = SessionEngine(build_plan(short_routine()), now=clock, wall=fixed_wall())
    engine.start()
    clock.advance(3.0)
    cues = engine.tick()
    assert engine.index == BRIDGE_1
    assert rest_ran_out(engine, cues) is False
