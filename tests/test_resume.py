"""Resuming an interrupted session: where it goes on, and how the log continues."""

from __future__ import annotations

from postchain_tui.core.engine import SessionEngine
from postchain_tui.core.loader import parse_routine
from postchain_tui.core.plan import PlannedStep, StepKind, build_plan
from postchain_tui.core.record import SessionLog
from postchain_tui.core.resume import resume_index
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
