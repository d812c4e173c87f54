"""The session log record: built from an engine, written as TOML and read back strictly."""

from __future__ import annotations

import random
import tomllib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from postchain_tui.core.counting import session_counts
from postchain_tui.core.engine import SessionEngine
from postchain_tui.core.engine_types import EngineState
from postchain_tui.core.loader import load_routine, parse_routine
from postchain_tui.core.plan import build_plan
from postchain_tui.core.record import (
    SCHEMA_VERSION,
    Pain,
    SessionFileError,
    SessionLog,
    StepLog,
)
from postchain_tui.locations import bundled_routines_dir
from tests.fakes import WALL_START, FakeClock, fixed_wall

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
[[exercise]]
name = "Clams"
reps = "8-12"
per_side = true
rest = 0
[[exercise]]
name = "Bridge"
reps = 10
"""


def mixed_steps() -> list[Any]:
    return build_plan(parse_routine(MIXED, default_id="mixed"))


def played() -> SessionEngine:
    """A session that uses every control: adjust, pause, skip, back, done, then end early."""
    clock = FakeClock(50.0)
    engine = SessionEngine(mixed_steps(), clock, fixed_wall())
    engine.start()
    clock.advance(3)
    engine.tick()  # the lead-in ends at 3 s
    clock.advance(10)
    engine.adjust(5)  # the left hold now lasts 25 s
    engine.pause()
    clock.advance(4)
    engine.resume()
    clock.advance(15)
    engine.tick()  # the left hold ends at 32 s
    clock.advance(1)
    engine.skip()  # the switch is skipped
    clock.advance(2)
    engine.back()  # two seconds into the right hold, back to the switch
    for seconds in (4, 20, 20, 20, 4, 20, 20):
        clock.advance(seconds)
        engine.tick()
    clock.advance(30.75)
    engine.done(reps=12, load=7.5)  # the left clams
    clock.advance(4)
    engine.tick()
    clock.advance(2.5)
    engine.end_early()  # during the right clams
    return engine


def log_of(engine: SessionEngine, session_id: str = "s1") -> SessionLog:
    return SessionLog.from_engine(engine, session_id=session_id, routine="mixed", title="Mixed")


def through_toml(log: SessionLog, path: Path | None = None) -> SessionLog:
    text = tomli_w.dumps(log.to_document())
    return SessionLog.from_document(tomllib.loads(text), path)


# -- from_engine and to_document --------------------------------------------------------------


def test_the_document_of_a_played_session() -> None:
    log = log_of(played())
    document = log.to_document()
    steps = document.pop("step")
    assert document == {
        "schema": SCHEMA_VERSION,
        "id": "s1",
        "routine": "mixed",
        "title": "Mixed",
        "started_at": WALL_START,
        "ended_at": WALL_START + timedelta(seconds=180.25),
        "completed": False,
        "wall_s": 180.25,
        "notes": "",
        "pain": "none",
        "kind": "strength",
        "plan": [
            {
                "exercise": "Side plank",
                "kind": "hold",
                "sets": 2,
                "per_side": True,
                "planned_s": 20,
            },
            {
                "exercise": "Clams",
                "kind": "reps",
                "sets": 1,
                "per_side": True,
                "planned_s": 16,
                "target_reps": "8-12",
            },
            {
                "exercise": "Bridge",
                "kind": "reps",
                "sets": 1,
                "per_side": False,
                "planned_s": 20,
                "target_reps": "10",
            },
        ],
    }
    assert steps[1] == {
        "index": 1,
        "kind": "hold",
        "exercise": "Side plank",
        "set": 1,
        "sets": 2,
        "planned_s": 20,
        "actual_s": 25.0,
        "paused_s": 4.0,
        "ended_by": "time",
        "skipped": False,
        "adjust_s": 5,
        "exercise_index": 0,
        "side": "left",
    }
    assert steps[11] == {
        "index": 9,
        "kind": "reps",
        "exercise": "Clams",
        "set": 1,
        "sets": 1,
        "planned_s": 16,
        "actual_s": 30.75,
        "paused_s": 0.0,
        "ended_by": "done",
        "skipped": False,
        "adjust_s": 0,
        "exercise_index": 1,
        "side": "left",
        "target_reps": "8-12",
        "reps": 12,
        "load": 7.5,
        "load_unit": "kg",
    }
    assert [(s["index"], s["ended_by"]) for s in steps] == [
        (0, "time"),
        (1, "time"),
        (2, "skip"),
        (3, "back"),
        (2, "time"),
        (3, "time"),
        (4, "time"),
        (5, "time"),
        (6, "time"),
        (7, "time"),
        (8, "time"),
        (9, "done"),
        (10, "time"),
        (11, "quit"),
    ]
    assert [s["skipped"] for s in steps].count(True) == 1
    assert "rpe" not in document


def test_the_log_adds_up_to_its_wall_time() -> None:
    log = log_of(played())
    assert log.wall_s == 180.25
    assert log.active_s == 176.25
    assert log.paused_s == 4.0
    assert log.active_s + log.paused_s == log.wall_s
    # Both side plank sets; the clams were quit after the left side; the bridge never reached.
    assert session_counts(log).sets_text == "2/4"
    assert log.completed is False


def test_step_log_names_and_flags() -> None:
    steps = log_of(played()).steps
    assert [s.name for s in steps[:5]] == [
        "Get ready",
        "Side plank",
        "Switch sides",
        "Side plank",
        "Switch sides",
    ]
    assert steps[6].name == "Rest"
    assert [s.skipped for s in steps[:4]] == [False, False, True, False]
    assert [s.is_work for s in steps[:4]] == [False, True, False, True]


def test_a_finished_session_is_completed_and_ends_at_the_engine_end() -> None:
    clock = FakeClock()
    engine = SessionEngine(mixed_steps(), clock, fixed_wall())
    engine.start(12)
    clock.advance(42.5)
    engine.done(reps=10)
    log = log_of(engine)
    assert log.completed is True
    assert log.ended_at == WALL_START + timedelta(seconds=42.5)
    assert log.steps == (
        StepLog(
            index=12,
            kind="reps",
            exercise="Bridge",
            set_number=1,
            total_sets=1,
            side="",
            planned_s=20,
            actual_s=42.5,
            paused_s=0.0,
            ended_by="done",
            target_reps="10",
            reps=10,
            exercise_index=2,
        ),
    )


def test_a_log_taken_mid_session_reads_as_interrupted() -> None:
    clock = FakeClock()
    engine = SessionEngine(mixed_steps(), clock, fixed_wall())
    engine.start()
    clock.advance(10)
    engine.tick()
    log = log_of(engine)
    assert engine.state is EngineState.RUNNING
    assert log.completed is False
    assert log.ended_at == WALL_START + timedelta(seconds=10)
    assert [s.index for s in log.steps] == [0]
    assert through_toml(log) == log


def test_a_session_that_has_not_started_has_no_log() -> None:
    engine = SessionEngine(mixed_steps(), FakeClock(), fixed_wall())
    with pytest.raises(ValueError):
        log_of(engine)


def test_a_naive_wall_clock_still_gives_a_readable_log() -> None:
    clock = FakeClock()
    engine = SessionEngine(mixed_steps(), clock, lambda: datetime(2026, 1, 5, 6, 30))
    engine.start()
    clock.advance(3)
    engine.end_early()
    log = log_of(engine)
    assert log.started_at.tzinfo is not None
    assert log.started_at.replace(tzinfo=None) == datetime(2026, 1, 5, 6, 30)
    assert log.wall_s == 3.0
    assert through_toml(log) == log


# -- round trips ------------------------------------------------------------------------------


def test_a_played_session_round_trips_through_toml() -> None:
    log = log_of(played()).with_feedback(
        rpe=7, notes='Felt "good" \\ fine\nline two ✓\ttab', pain=Pain.MILD
    )
    back = through_toml(log, Path("/somewhere/s1.toml"))
    assert back == log
    assert back.path == Path("/somewhere/s1.toml")
    assert (back.rpe, back.pain, back.notes) == (7, Pain.MILD, log.notes)


def _bundled() -> list[Path]:
    return sorted(bundled_routines_dir().glob("*.toml"))


@pytest.mark.parametrize("path", _bundled(), ids=lambda p: p.stem)
def test_every_bundled_routine_session_round_trips(path: Path) -> None:
    loaded = load_routine(path)
    rng = random.Random(loaded.id)
    clock = FakeClock(rng.uniform(0, 1000))
    engine = SessionEngine(build_plan(loaded), clock, fixed_wall())
    engine.start()
    while engine.state is not EngineState.FINISHED:
        step = engine.current
        assert step is not None
        if step.is_timed:
            clock.advance(rng.randint(1, 4000) / 1000)
            engine.tick()
        else:
            clock.advance(rng.randint(1000, 60_000) / 1000)
            engine.done(reps=rng.randint(1, 30), load=rng.choice([None, 20.0, 2.5]))
    log = SessionLog.from_engine(engine, session_id="x", routine=loaded.id, title=loaded.title)
    assert log.completed
    assert log.active_s + log.paused_s == pytest.approx(log.wall_s, abs=0.0005 * len(log.steps))
    assert through_toml(log) == log


OFFSETS = st.sampled_from(
    [
        UTC,
        timezone(timedelta(hours=1)),
        timezone(timedelta(hours=-5, minutes=-30)),
        timezone(timedelta(hours=13, minutes=45)),
    ]
)
FINITE = st.floats(allow_nan=False, allow_infinity=False, width=64)
NON_NEGATIVE = st.floats(min_value=0, allow_nan=False, allow_infinity=False, width=64)
SMALL_INT = st.integers(-(2**31), 2**31)
# Text that reads back as written: control characters are read as symbols (tests/test_store.py).
WRITTEN_AS_IS = st.characters(
    blacklist_categories=("Cc", "Cs"),
    blacklist_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
) | st.sampled_from("\t\n")
TEXT = st.text(WRITTEN_AS_IS, max_size=40)

step_logs = st.builds(
    StepLog,
    index=st.integers(0, 500),
    kind=st.sampled_from(["lead_in", "hold", "reps", "switch", "rest"]),
    exercise=TEXT,
    set_number=st.integers(1, 50),
    total_sets=st.integers(1, 50),
    side=st.sampled_from(["", "left", "right"]),
    planned_s=st.integers(0, 86_400),
    actual_s=NON_NEGATIVE,
    paused_s=NON_NEGATIVE,
    ended_by=st.sampled_from(["time", "done", "skip", "back", "quit"]),
    target_reps=TEXT,
    reps=st.none() | SMALL_INT,
    load=st.none() | NON_NEGATIVE,
    adjust_s=SMALL_INT,
    exercise_index=st.none() | st.integers(0, 50),
    load_unit=st.just(""),
)


@settings(max_examples=200, deadline=None)
@given(
    session_id=TEXT,
    routine=TEXT,
    title=TEXT,
    started=st.datetimes(timezones=OFFSETS),
    length=st.timedeltas(timedelta(0), timedelta(days=1)),
    completed=st.booleans(),
    steps=st.lists(step_logs, max_size=5),
    rpe=st.none() | st.integers(1, 10),
    notes=st.text(WRITTEN_AS_IS, max_size=200),
    pain=st.sampled_from(list(Pain)),
)
def test_any_log_round_trips_through_toml(
    session_id: str,
    routine: str,
    title: str,
    started: datetime,
    length: timedelta,
    completed: bool,
    steps: list[StepLog],
    rpe: int | None,
    notes: str,
    pain: Pain,
) -> None:
    try:
        ended = started + length
    except OverflowError:
        ended = started
    log = SessionLog(
        id=session_id,
        routine=routine,
        title=title,
        started_at=started,
        ended_at=ended,
        completed=completed,
        steps=tuple(steps),
    ).with_feedback(rpe=rpe, notes=notes, pain=pain)
    assert through_toml(log) == log


# -- with_feedback ----------------------------------------------------------------------------


def test_feedback_changes_only_what_is_given() -> None:
    log = log_of(played())
    rated = log.with_feedback(rpe=6)
    assert (rated.rpe, rated.notes, rated.pain) == (6, "", Pain.NONE)
    noted = rated.with_feedback(notes="calves tight")
    assert (noted.rpe, noted.notes, noted.pain) == (6, "calves tight", Pain.NONE)
    flagged = noted.with_feedback(pain=Pain.SHARP)
    assert (flagged.rpe, flagged.notes, flagged.pain) == (6, "calves tight", Pain.SHARP)
    assert flagged.steps == log.steps
    assert log.rpe is None  # the original is unchanged


def test_feedback_accepts_a_pain_flag_by_its_name() -> None:
    log = log_of(played()).with_feedback(pain="mild")  # type: ignore[arg-type]
    assert log.pain is Pain.MILD
    assert log.to_document()["pain"] == "mild"


@pytest.mark.parametrize("rpe", [0, 11, -1, True, 7.5, "7"])
def test_feedback_refuses_an_rpe_that_could_not_be_read_back(rpe: object) -> None:
    with pytest.raises(ValueError):
        log_of(played()).with_feedback(rpe=rpe)  # type: ignore[arg-type]


def test_feedback_refuses_unknown_pain_and_non_text_notes() -> None:
    log = log_of(played())
    with pytest.raises(ValueError):
        log.with_feedback(pain="ouch")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        log.with_feedback(notes=5)  # type: ignore[arg-type]


# -- reading strictly -------------------------------------------------------------------------


def good_document() -> dict[str, Any]:
    return tomllib.loads(tomli_w.dumps(log_of(played()).with_feedback(rpe=5).to_document()))


def test_the_id_defaults_to_the_file_name() -> None:
    document = good_document()
    del document["id"]
    log = SessionLog.from_document(document, Path("/x/2026-01-01T000000_mixed_ab.toml"))
    assert log.id == "2026-01-01T000000_mixed_ab"


def test_an_older_document_without_optional_keys_reads() -> None:
    document = {
        "schema": 1,
        "routine": "mixed",
        "started_at": WALL_START,
        "ended_at": WALL_START,
        "completed": True,
        "step": [
            {
                "index": 0,
                "kind": "hold",
                "exercise": "Plank",
                "set": 1,
                "sets": 1,
                "planned_s": 30,
                "actual_s": 30,
                "ended_by": "time",
            }
        ],
    }
    log = SessionLog.from_document(document)
    assert (log.id, log.title, log.notes, log.pain, log.rpe) == ("", "", "", Pain.NONE, None)
    assert log.steps[0].actual_s == 30.0
    assert log.steps[0].paused_s == 0.0
    assert log.steps[0].side == ""


def _locate(document: dict[str, Any], path: str) -> tuple[Any, Any]:
    keys: list[Any] = [int(key) if key.isdigit() else key for key in path.split(".")]
    target: Any = document
    for key in keys[:-1]:
        target = target[key]
    return target, keys[-1]


def _set(path: str, value: object) -> Any:
    def change(document: dict[str, Any]) -> None:
        target, key = _locate(document, path)
        target[key] = value

    return change


def _delete(path: str) -> Any:
    def change(document: dict[str, Any]) -> None:
        target, key = _locate(document, path)
        del target[key]

    return change


BROKEN = {
    "newer schema": (_set("schema", SCHEMA_VERSION + 1), "newer"),
    "schema zero": (_set("schema", 0), "schema"),
    "negative schema": (_set("schema", -3), "schema"),
    "schema as text": (_set("schema", "1"), "schema"),
    "schema as bool": (_set("schema", True), "schema"),
    "schema as float": (_set("schema", 1.0), "schema"),
    "no schema": (_delete("schema"), "not a postchain session"),
    "no routine": (_delete("routine"), "not a postchain session"),
    "no start": (_delete("started_at"), "not a postchain session"),
    "naive start": (_set("started_at", datetime(2026, 1, 1, 7)), "started_at"),
    "start as text": (_set("started_at", "2026-01-01T07:00:00Z"), "started_at"),
    "no end": (_delete("ended_at"), "ended_at"),
    "no completed": (_delete("completed"), "completed"),
    "completed as text": (_set("completed", "yes"), "completed"),
    "routine as number": (_set("routine", 3), "routine"),
    "id as number": (_set("id", 3), "id"),
    "title as list": (_set("title", ["x"]), "title"),
    "notes as number": (_set("notes", 1), "notes"),
    "rpe too low": (_set("rpe", 0), "rpe"),
    "rpe too high": (_set("rpe", 11), "rpe"),
    "rpe as bool": (_set("rpe", True), "rpe"),
    "rpe as float": (_set("rpe", 7.5), "rpe"),
    "unknown pain": (_set("pain", "ouch"), "pain"),
    "pain as number": (_set("pain", 2), "pain"),
    "steps as table": (_set("step", {"index": 0}), "step"),
    "step as number": (_set("step.0", 5), "step[1]"),
    "step without index": (_delete("step.0.index"), "step[1] has no index"),
    "step without kind": (_delete("step.1.kind"), "step[2] has no kind"),
    "step without actual": (_delete("step.0.actual_s"), "actual_s"),
    "unknown kind": (_set("step.0.kind", "jump"), "step[1]"),
    "kind as number": (_set("step.0.kind", 1), "step[1]"),
    "unknown end": (_set("step.0.ended_by", "maybe"), "step[1]"),
    "unknown side": (_set("step.1.side", "middle"), "step[2]"),
    "exercise as table": (_set("step.0.exercise", {"a": 1}), "step[1]"),
    "index as text": (_set("step.0.index", "0"), "step[1]"),
    "index as bool": (_set("step.0.index", False), "step[1]"),
    "set as float": (_set("step.0.set", 1.0), "step[1]"),
    "actual as text": (_set("step.0.actual_s", "fast"), "step[1]"),
    "paused as bool": (_set("step.0.paused_s", True), "step[1]"),
    "reps as float": (_set("step.11.reps", 12.5), "step[12]"),
    "load as text": (_set("step.11.load", "heavy"), "step[12]"),
    "target reps as number": (_set("step.11.target_reps", 12), "step[12]"),
    "adjust as float": (_set("step.1.adjust_s", 5.5), "step[2]"),
    "actual minus infinity": (_set("step.0.actual_s", float("-inf")), "step[1]"),
    "actual not a number": (_set("step.0.actual_s", float("nan")), "step[1]"),
    "actual negative": (_set("step.0.actual_s", -1.0), "step[1]"),
    "paused infinite": (_set("step.0.paused_s", float("inf")), "step[1]"),
    "load negative": (_set("step.11.load", -2.5), "step[12]"),
    "load infinite": (_set("step.11.load", float("inf")), "step[12]"),
    "end before start": (_set("ended_at", datetime(2000, 1, 1, tzinfo=UTC)), "before started_at"),
    "unknown routine kind": (_set("kind", "cardio"), "kind"),
    "plan as table": (_set("plan", {"exercise": "x"}), "plan"),
    "plan without sets": (_delete("plan.0.sets"), "plan[1] has no sets"),
    "plan sets negative": (_set("plan.0.sets", -1), "plan[1]"),
    "unknown load unit": (_set("step.11.load_unit", "stone"), "step[12]"),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_a_broken_document_is_a_session_file_error(name: str) -> None:
    change, words = BROKEN[name]
    document = good_document()
    assert SessionLog.from_document(document) is not None
    change(document)
    path = Path("/sessions/broken.toml")
    with pytest.raises(SessionFileError) as caught:
        SessionLog.from_document(document, path)
    assert caught.value.path == path
    assert words in caught.value.message
    assert str(caught.value).startswith(f"{path}: ")


FOREIGN = {
    "pyproject": '[project]\nname = "x"\nversion = "1"\n[tool.ruff]\nline-length = 100\n',
    "cargo": '[package]\nname = "x"\nschema = 1\n',
    "empty": "",
    "a routine": 'title = "x"\n[[exercise]]\nname = "Plank"\nhold = 30\n',
    "another tool's log": 'schema = 1\nroutine = "x"\nstarted_at = "yesterday"\n',
}


@pytest.mark.parametrize("name", list(FOREIGN))
def test_a_foreign_toml_is_a_session_file_error(name: str) -> None:
    with pytest.raises(SessionFileError):
        SessionLog.from_document(tomllib.loads(FOREIGN[name]))


def test_the_error_without_a_path_is_just_the_message() -> None:
    error = SessionFileError(None, "nope")
    assert (str(error), error.path, error.message) == ("nope", None, "nope")
