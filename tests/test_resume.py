"""Resuming an interrupted session: where it goes on, and how the log continues."""

from __future__ import annotations

from dataclasses import replace

import pytest

from postchain_tui.core.engine import SessionEngine
from postchain_tui.core.loader import parse_routine
from postchain_tui.core.plan import PlannedStep, StepKind, build_plan
from postchain_tui.core.record import SessionLog
from postchain_tui.core.resume import plan_change, resume_index
from tests.fakes import FakeClock, fixed_wall

ROUTINE = parse_routine(
    """
title = "Two holds"
[defaults]
lead_in = 0
rest = "10s"
[[exercise]]
name = "Bridge"
hold = "20s"
sets = 2
""",
    default_id="two-holds",
)


def interrupted_after(seconds: float) -> tuple[SessionLog, list[PlannedStep], FakeClock]:
    clock = FakeClock()
    steps = build_plan(ROUTINE)
    engine = SessionEngine(steps, clock, wall=fixed_wall())
    engine.start()
    clock.advance(seconds)
    engine.tick()
    log = SessionLog.from_engine(engine, session_id="s", routine=ROUTINE.id, title=ROUTINE.title)
    return log, steps, clock


def test_goes_on_after_the_last_finished_step() -> None:
    log, steps, _ = interrupted_after(25.0)  # the first hold done, 5 s into the rest
    assert [step.kind for step in log.steps] == ["hold"]
    assert resume_index(log, steps) == 1
    assert steps[1].kind is StepKind.REST


def test_nothing_recorded_starts_from_the_top() -> None:
    log, steps, _ = interrupted_after(3.0)
    assert resume_index(log, steps) == 0


def test_a_changed_routine_cannot_be_resumed() -> None:
    log, _, _ = interrupted_after(25.0)
    other = build_plan(
        parse_routine('title = "x"\n[[exercise]]\nname = "Other"\nreps = 5\n', default_id="x")
    )
    assert resume_index(log, other) is None


def test_continued_log_keeps_the_start_and_appends_steps() -> None:
    log, steps, clock = interrupted_after(25.0)
    clock.advance(600.0)  # the machine was off for ten minutes
    engine = SessionEngine(steps, clock, wall=fixed_wall())
    engine.start(resume_index(log, steps) or 0)
    clock.advance(40.0)
    engine.tick()
    merged = log.continued(engine)
    assert merged.started_at == log.started_at
    assert merged.completed is True
    assert [(s.kind, s.set_number, s.actual_s) for s in merged.steps] == [
        ("hold", 1, 20.0),
        ("rest", 1, 10.0),
        ("hold", 2, 20.0),
    ]


CHANGED_BASE = """
title = "Two exercises"
[defaults]
lead_in = "5s"
rest = "10s"
switch_sides = "5s"
[[exercise]]
name = "Side plank"
hold = "20s"
sets = 2
per_side = true
[[exercise]]
name = "Bridge"
hold = "20-30s"
sets = 3
[[exercise]]
name = "Clamshell"
reps = "8-12"
sets = 2
per_side = true
"""


def changed_routine(old: str, new: str) -> list[PlannedStep]:
    """CHANGED_BASE's plan with the last ``old`` in it made ``new``."""
    before, found, after = CHANGED_BASE.rpartition(old)
    assert found
    return build_plan(parse_routine(before + new + after, default_id="two"))


def interrupted_in_the_second_set() -> tuple[SessionLog, list[PlannedStep]]:
    """A session of CHANGED_BASE cut off in its second set, after a switch and a rest."""
    clock = FakeClock()
    steps = build_plan(parse_routine(CHANGED_BASE, default_id="two"))
    engine = SessionEngine(steps, clock, wall=fixed_wall())
    engine.start()
    clock.advance(5.0 + 20.0 + 5.0 + 20.0 + 10.0 + 2.0)  # into the second set's lead-in
    engine.tick()
    log = SessionLog.from_engine(engine, session_id="s", routine="two", title="Two exercises")
    assert [step.kind for step in log.steps] == ["lead_in", "hold", "switch", "hold", "rest"]
    return log, steps


def test_an_unchanged_routine_resumes_even_when_its_holds_moved_on() -> None:
    log, _ = interrupted_in_the_second_set()
    longer_holds = build_plan(parse_routine(CHANGED_BASE, default_id="two"), holds={"Bridge": 25})
    assert plan_change(log, longer_holds) == ""
    assert resume_index(log, longer_holds) == 5


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ("sets = 3", "sets = 4", "Bridge has 4 sets now (3 before)"),
        ("sets = 2", "sets = 1", "Clamshell has 1 set now (2 before)"),
        ('reps = "8-12"', 'hold = "20s"', "Clamshell is a hold now (rep sets before)"),
        ("per_side = true", "per_side = false", "Clamshell is not done per side now"),
        ('name = "Clamshell"', 'name = "Side plank"', "Clamshell is no longer in it"),
        (
            '[[exercise]]\nname = "Bridge"\nhold = "20-30s"\nsets = 3\n',
            "",
            "Bridge is no longer in it",
        ),
        (
            "per_side = true\n",
            'per_side = true\n[[exercise]]\nname = "Plank"\nhold = "30s"\n',
            "Plank is new in it",
        ),
        ('rest = "10s"', 'rest = "0s"', "its rests, side switches or get-ready steps"),
        ('lead_in = "5s"', 'lead_in = "0s"', "its rests, side switches or get-ready steps"),
        ('switch_sides = "5s"', 'switch_sides = "0s"', "its rests, side switches or get-ready"),
    ],
    ids=[
        "more-sets",
        "fewer-sets",
        "kind",
        "per-side",
        "renamed",
        "removed",
        "added",
        "rests",
        "lead-ins",
        "switches",
    ],
)
def test_a_change_to_the_plan_is_named_and_not_resumed(old: str, new: str, reason: str) -> None:
    log, _ = interrupted_in_the_second_set()
    steps = changed_routine(old, new)
    assert reason in plan_change(log, steps)
    assert resume_index(log, steps) is None


def test_exercises_in_another_order_are_not_resumed() -> None:
    log, _ = interrupted_in_the_second_set()
    top, plank, bridge, clamshell = CHANGED_BASE.split("[[exercise]]")
    swapped = "[[exercise]]".join([top, plank, clamshell + "\n", bridge])
    steps = build_plan(parse_routine(swapped, default_id="two"))
    assert plan_change(log, steps) == "its exercises are in another order now"
    assert resume_index(log, steps) is None


def test_a_file_without_a_plan_keeps_the_step_check() -> None:
    log, _ = interrupted_in_the_second_set()
    old_file = replace(log, plan=())
    assert resume_index(old_file, changed_routine("sets = 3", "sets = 4")) == 5
    assert resume_index(old_file, changed_routine('lead_in = "5s"', 'lead_in = "0s"')) is None
