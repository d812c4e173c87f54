"""Progression: where each hold starts next time, from the last session of the routine."""

from __future__ import annotations

from dataclasses import replace

from postchain_tui.core.plan import build_plan
from postchain_tui.core.progression import PROGRESSION_STEP_S, Change, advise
from postchain_tui.core.record import Pain
from tests.log_builders import at
from tests.progress_support import bridges, session_of, work_indices

BRIDGE = "Glute bridge hold"
PLANK = "Side plank"


def bridge_sets() -> list[int]:
    return work_indices(build_plan(bridges()), BRIDGE)


def test_the_first_time_every_hold_starts_at_the_low_end_and_nothing_is_said() -> None:
    advice = advise(bridges(), [])
    assert advice.holds == {BRIDGE: 20, PLANK: 15, "Wall sit": 30}
    assert advice.notes == []
    assert {entry.change for entry in advice.exercises} == {Change.FIRST}


def test_a_clean_completed_session_starts_the_next_one_five_seconds_longer() -> None:
    advice = advise(bridges(), [session_of(bridges(), at(2))])
    assert PROGRESSION_STEP_S == 5
    assert advice.holds == {BRIDGE: 25, PLANK: 20, "Wall sit": 30}
    assert advice.notes[:2] == [
        "Glute bridge hold: 25 s (up from 20 s)",
        "Side plank: 20 s (up from 15 s)",
    ]
    plan = build_plan(bridges(), holds=advice.holds)
    assert [plan[i].seconds for i in work_indices(plan, BRIDGE)] == [25, 25]


def test_a_hold_starts_where_it_was_left_and_stops_at_the_top_of_its_range() -> None:
    last = session_of(bridges(), at(3), holds={BRIDGE: 25})
    advice = advise(bridges(), [session_of(bridges(), at(2)), last])
    assert advice.holds[BRIDGE] == 30
    assert advice.notes[0] == "Glute bridge hold: 30 s (up from 25 s, the top of its range)"


def test_the_top_of_the_range_held_in_full_is_mastered_and_names_the_harder_variant() -> None:
    advice = advise(bridges(), [session_of(bridges(), at(4), holds={BRIDGE: 30})])
    bridge = advice.exercises[0]
    assert (bridge.change, bridge.hold_s) == (Change.MASTERED, 30)
    assert bridge.note == (
        "Glute bridge hold: range mastered at 30 s — try Single-leg glute bridge hold"
    )


def test_a_mastered_range_without_a_harder_variant_says_so_plainly() -> None:
    advice = advise(bridges(), [session_of(bridges(), at(4), holds={PLANK: 40})])
    assert advice.exercises[1].note == "Side plank: range mastered at 40 s"


def test_a_sharp_pain_flag_steps_the_hold_back_and_never_below_the_low_end() -> None:
    sharp = session_of(bridges(), at(3), holds={BRIDGE: 25}, pain=Pain.SHARP)
    advice = advise(bridges(), [sharp])
    assert advice.holds[BRIDGE] == 20
    assert advice.exercises[0].change is Change.BACK
    assert advice.notes[0] == (
        "Glute bridge hold: 20 s (down from 25 s: sharp pain was flagged last time)"
    )
    at_the_bottom = advise(bridges(), [session_of(bridges(), at(3), pain=Pain.SHARP)])
    assert at_the_bottom.holds[BRIDGE] == 20
    assert at_the_bottom.notes[0] == (
        "Glute bridge hold: 20 s again (sharp pain was flagged last time)"
    )


def test_a_mild_pain_flag_keeps_the_hold_where_it_was() -> None:
    mild = session_of(bridges(), at(3), holds={BRIDGE: 25}, pain=Pain.MILD)
    advice = advise(bridges(), [mild])
    assert advice.holds[BRIDGE] == 25
    assert advice.notes[0] == "Glute bridge hold: 25 s again (mild pain was flagged last time)"


def test_a_hold_cut_short_with_minus_does_not_progress() -> None:
    first, _second = bridge_sets()
    cut = session_of(bridges(), at(3), changes={first: {"adjust_s": -5, "actual_s": 15.0}})
    advice = advise(bridges(), [cut])
    assert advice.holds == {BRIDGE: 20, PLANK: 20, "Wall sit": 30}  # the plank still goes up
    assert advice.notes[0] == (
        "Glute bridge hold: 20 s again (not every hold ran its full time last time)"
    )


def test_a_skipped_or_missing_set_does_not_progress() -> None:
    _first, second = bridge_sets()
    skipped = session_of(bridges(), at(3), changes={second: {"ended_by": "skip"}})
    missing = session_of(bridges(), at(3), leave_out=[second])
    assert advise(bridges(), [skipped]).holds[BRIDGE] == 20
    assert advise(bridges(), [missing]).holds[BRIDGE] == 20


def test_one_side_cut_short_keeps_a_per_side_hold() -> None:
    right = work_indices(build_plan(bridges()), PLANK)[1]
    advice = advise(bridges(), [session_of(bridges(), at(3), changes={right: {"adjust_s": -5}})])
    assert advice.holds[PLANK] == 15


def test_a_session_ended_early_does_not_progress() -> None:
    advice = advise(bridges(), [session_of(bridges(), at(3), completed=False)])
    assert advice.holds[BRIDGE] == 20
    assert advice.notes[0] == "Glute bridge hold: 20 s again (the last session ended early)"


def test_a_hold_redone_after_going_back_counts_its_last_visit() -> None:
    first, _second = bridge_sets()
    left_with_back = session_of(bridges(), at(3), changes={first: {"ended_by": "back"}})
    assert advise(bridges(), [left_with_back]).holds[BRIDGE] == 20
    steps = list(left_with_back.steps)
    position = steps.index(left_with_back.steps[first])
    steps.insert(position + 1, replace(steps[position], ended_by="time"))
    redone = replace(left_with_back, steps=tuple(steps))
    assert advise(bridges(), [redone]).holds[BRIDGE] == 25


def test_the_newest_session_decides_whatever_the_order_given() -> None:
    clean = session_of(bridges(), at(2), holds={BRIDGE: 20})
    mild = session_of(bridges(), at(5), holds={BRIDGE: 25}, pain=Pain.MILD)
    assert advise(bridges(), [mild, clean]).holds[BRIDGE] == 25
    assert advise(bridges(), [clean, mild]).holds[BRIDGE] == 25


def test_an_exercise_left_out_of_the_newest_session_goes_by_the_one_before() -> None:
    plan = build_plan(bridges())
    no_bridges = session_of(bridges(), at(5), leave_out=work_indices(plan, BRIDGE))
    advice = advise(bridges(), [session_of(bridges(), at(2)), no_bridges])
    assert advice.holds[BRIDGE] == 25


def test_sessions_of_other_routines_are_ignored() -> None:
    elsewhere = replace(session_of(bridges(), at(2)), routine="another-routine")
    assert advise(bridges(), [elsewhere]).holds[BRIDGE] == 20


def test_rep_sets_do_not_change_but_what_was_counted_is_remembered() -> None:
    clams = work_indices(build_plan(bridges()), "Clams")
    log = session_of(bridges(), at(2), changes={clams[0]: {"load": 12.5}, clams[1]: {"reps": 9}})
    advice = advise(bridges(), [log])
    clam_advice = advice.exercises[3]
    assert clam_advice.hold_s is None
    assert "Clams" not in advice.holds
    assert clam_advice.note == "Clams: last time 10, 9 reps with load 12.5"
    plan = build_plan(bridges(), holds=advice.holds)
    assert [plan[i].seconds for i in clams] == [24, 24]  # 8 reps at the default 3 s pace


def test_a_fixed_hold_without_a_harder_variant_says_nothing() -> None:
    advice = advise(bridges(), [session_of(bridges(), at(2))])
    wall_sit = advice.exercises[2]
    assert (wall_sit.change, wall_sit.hold_s, wall_sit.note) == (Change.MASTERED, 30, "")
