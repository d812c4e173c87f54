"""Sessions as FIT activity files, read back with the official SDK's Decoder."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from postchain_tui.core.fit_activity import (
    activity_file_name,
    encode_activity,
    has_work_done,
    kilograms,
)
from tests.fit_support import decode, message_order
from tests.log_builders import at, gap, hold, make_log, rep_set

# Bridges with loads (the second set gone back from and redone), then a per-side plank whose
# left side was paused for 7.5 s and whose right side was skipped.
STEPS = [
    gap(0, "lead_in", "Glute bridge", 5),
    rep_set(1, "Glute bridge", 1, reps=10, load=12.5, actual_s=21.5),
    gap(2, "rest", "Glute bridge"),
    rep_set(3, "Glute bridge", 2, reps=6, load=12.5, ended_by="back"),
    gap(2, "rest", "Glute bridge"),
    rep_set(3, "Glute bridge", 2, reps=12, load=15.0, actual_s=30.25),
    gap(4, "rest", "Glute bridge"),
    replace(hold(5, "Side plank, bent knee", 1, side="left", actual_s=45.0), paused_s=7.5),
    gap(6, "switch", "Side plank, bent knee", 5),
    hold(7, "Side plank, bent knee", 1, side="right", actual_s=2.0, ended_by="skip"),
]
SESSION = make_log("2026-11-22T071500_bridges_0123456789abcdef", at(22, 7, 15), STEPS)
START = datetime(2026, 11, 22, 6, 15, tzinfo=UTC)  # 07:15 at +01:00


def utc(seconds_after_start: int) -> datetime:
    return START + timedelta(seconds=seconds_after_start)


def test_the_messages_come_in_the_order_of_the_activity_file_guidelines() -> None:
    assert message_order(encode_activity(SESSION)) == [
        "file_id", "event", *["set"] * 6, "event", "lap", "session", "activity"
    ]


def test_the_file_is_an_activity_of_strength_training() -> None:
    messages = decode(encode_activity(SESSION))
    assert messages["file_id_mesgs"][0]["type"] == "activity"
    session = messages["session_mesgs"][0]
    assert (session["sport"], session["sub_sport"]) == ("training", "strength_training")
    assert session["start_time"] == START
    # 231.25 s of steps, pauses included; 223.75 s of them working.
    assert session["total_elapsed_time"] == pytest.approx(231.25, abs=0.001)
    assert session["total_timer_time"] == pytest.approx(223.75, abs=0.001)
    lap = messages["lap_mesgs"][0]
    assert lap["start_time"] == START
    assert lap["total_elapsed_time"] == pytest.approx(231.25, abs=0.001)
    activity = messages["activity_mesgs"][0]
    assert activity["num_sessions"] == 1
    assert activity["timestamp"] == utc(231)
    assert activity["local_timestamp"] == activity["timestamp"].timestamp() - 631065600 + 3600
    events = [(event["event"], event["event_type"]) for event in messages["event_mesgs"]]
    assert events == [("timer", "start"), ("timer", "stop_all")]


def test_one_set_per_work_set_done_and_per_rest_in_the_order_done() -> None:
    sets = decode(encode_activity(SESSION))["set_mesgs"]
    assert [s["set_type"] for s in sets] == ["active", "rest", "rest", "active", "rest", "active"]
    assert [s["duration"] for s in sets] == pytest.approx([21.5, 30, 30, 30.25, 30, 45.0])
    assert [s.get("repetitions") for s in sets] == [10, None, None, 12, None, None]
    assert [s.get("weight") for s in sets] == [12.5, None, None, 15.0, None, None]
    # Each step starts where the one before ended, whole seconds after the session's start.
    starts = [utc(5), utc(26), utc(81), utc(111), utc(141), utc(171)]
    assert [s["start_time"] for s in sets] == starts
    assert sets[-1]["timestamp"] == utc(224)  # 45 s held and 7.5 s paused


def test_sets_carry_their_fit_exercise_category() -> None:
    sets = decode(encode_activity(SESSION))["set_mesgs"]
    active = [s for s in sets if s["set_type"] == "active"]
    assert [s["category"] for s in active] == ["hip_raise", "hip_raise", "plank"]
    # hip_raise_exercise_name 11 is hip_raise; plank_exercise_name 66 is side_plank.
    assert [s["category_subtype"] for s in active] == [11, 11, 66]


def test_a_load_is_kept_to_a_sixteenth_of_a_kilogram() -> None:
    steps = [rep_set(0, "Deadlift", reps=5, load=102.3)]
    sets = decode(encode_activity(make_log("x", at(22), steps)))["set_mesgs"]
    assert sets[0]["weight"] == pytest.approx(102.3, abs=1 / 32)


def test_pounds_become_kilograms() -> None:
    assert kilograms(100, "lb") == pytest.approx(45.359237)
    assert kilograms(40, "kg") == 40
    assert kilograms(40, "") == 40


def test_a_session_ended_early_exports_what_was_done() -> None:
    steps = [
        gap(0, "lead_in", "Glute bridge", 5),
        rep_set(1, "Glute bridge", 1, reps=9),
        gap(2, "rest", "Glute bridge"),
        rep_set(3, "Glute bridge", 2, reps=3, ended_by="quit", actual_s=8.0),
    ]
    log = make_log("early", at(22), steps, completed=False)
    messages = decode(encode_activity(log))
    assert [(s["set_type"], s.get("repetitions")) for s in messages["set_mesgs"]] == [
        ("active", 9),
        ("rest", None),
    ]
    assert messages["session_mesgs"][0]["total_timer_time"] == pytest.approx(68.0)


def test_a_session_with_nothing_done_has_no_activity() -> None:
    steps = [gap(0, "lead_in", "Glute bridge", 5), rep_set(1, "Glute bridge", ended_by="skip")]
    log = make_log("nothing", at(22), steps, completed=False)
    assert not has_work_done(log)
    with pytest.raises(ValueError, match="no work done"):
        encode_activity(log)


def test_the_same_session_always_gives_the_same_bytes() -> None:
    assert encode_activity(SESSION) == encode_activity(replace(SESSION))


def test_the_file_is_named_by_the_sessions_own_start_and_its_routine() -> None:
    assert activity_file_name(SESSION) == "2026-11-22T07-15-bridges.fit"
    odd = replace(SESSION, routine="My Routine!/..")
    assert activity_file_name(odd) == "2026-11-22T07-15-my-routine.fit"
