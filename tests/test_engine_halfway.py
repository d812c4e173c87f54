"""The halfway cue of a long hold, on a fake clock."""

from __future__ import annotations

import pytest

from postchain_tui.core.engine import SessionEngine
from postchain_tui.core.engine_types import Cue, CueKind
from postchain_tui.core.loader import parse_routine
from postchain_tui.core.plan import build_plan
from tests.fakes import FakeClock


def hold_engine(hold: str, *, reps: bool = False) -> tuple[SessionEngine, FakeClock]:
    amount = f"reps = {hold}" if reps else f'hold = "{hold}"'
    routine = parse_routine(
        f"""
title = "Halfway"
id = "halfway"
[defaults]
lead_in = 0
rest = "40s"
[[exercise]]
name = "Bridge"
{amount}
sets = 2
"""
    )
    clock = FakeClock()
    return SessionEngine(build_plan(routine), now=clock), clock


def halfway_moments(engine: SessionEngine, clock: FakeClock, until: float) -> list[float]:
    heard = []
    while clock.t < until:
        clock.advance(0.125)
        heard += [clock.t for cue in engine.tick() if cue.kind is CueKind.HALFWAY]
    return heard


def test_a_30_second_hold_is_cued_once_when_15_seconds_are_left() -> None:
    engine, clock = hold_engine("30s")
    engine.start()
    assert halfway_moments(engine, clock, 29.9) == [15.0]


def test_an_odd_hold_is_cued_when_the_countdown_shows_less_than_half() -> None:
    engine, clock = hold_engine("45s")
    engine.start()
    # 22.5 s left is half; the countdown shows 22 from 22 s left, 23 s in.
    assert halfway_moments(engine, clock, 44.9) == [23.0]


def test_the_cue_names_the_step_and_the_seconds_showing() -> None:
    engine, clock = hold_engine("20s")
    engine.start()
    clock.advance(10.0)
    assert engine.tick() == [Cue(CueKind.HALFWAY, 0, 10)]


@pytest.mark.parametrize("hold", ["19s", "10s"])
def test_holds_under_20_seconds_have_no_halfway(hold: str) -> None:
    engine, clock = hold_engine(hold)
    engine.start()
    assert halfway_moments(engine, clock, 19.9) == []


def test_rests_and_rep_sets_have_no_halfway() -> None:
    engine, clock = hold_engine("10", reps=True)
    engine.start()
    clock.advance(40.0)  # a rep set counts up; nothing is half done
    assert engine.tick() == []
    engine.done()
    assert engine.tick() == []  # the 40 s rest after it
    assert halfway_moments(engine, clock, 79.9) == []


def test_each_visit_to_a_hold_is_cued_again() -> None:
    engine, clock = hold_engine("30s")
    engine.start()
    assert halfway_moments(engine, clock, 20.0) == [15.0]
    engine.back()  # the first step starts over
    assert halfway_moments(engine, clock, 40.0) == [35.0]


def test_time_added_before_halfway_moves_it() -> None:
    engine, clock = hold_engine("30s")
    engine.start()
    clock.advance(5.0)
    assert engine.adjust(10)  # 40 s in all now, 35 left
    assert halfway_moments(engine, clock, 39.9) == [20.0]


def test_time_added_after_halfway_does_not_cue_it_again() -> None:
    engine, clock = hold_engine("30s")
    engine.start()
    assert halfway_moments(engine, clock, 16.0) == [15.0]
    assert engine.adjust(10)
    assert halfway_moments(engine, clock, 39.9) == []


def test_a_hold_cut_to_its_last_seconds_is_not_cued_over_the_countdown() -> None:
    engine, clock = hold_engine("20s")
    engine.start()
    clock.advance(5.0)
    engine.adjust(-5)
    engine.adjust(-5)
    engine.adjust(-5)  # 15 - 15 would leave nothing: cut to 1 s left
    assert halfway_moments(engine, clock, 5.9) == []


def test_a_paused_hold_is_not_cued_until_it_runs_again() -> None:
    engine, clock = hold_engine("30s")
    engine.start()
    clock.advance(14.5)
    assert engine.tick() == []
    engine.pause()
    clock.advance(60.0)
    assert engine.tick() == []
    engine.resume()
    clock.advance(0.5)
    assert engine.tick() == [Cue(CueKind.HALFWAY, 0, 15)]
