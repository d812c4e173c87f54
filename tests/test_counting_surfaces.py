"""Every surface reports the same numbers for a session: random sessions, driven through the
engine (skips, going back, per-side sets, quitting, a resume), saved, indexed and shown."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postchain_tui.commands.history import history_table
from postchain_tui.core.counting import session_counts
from postchain_tui.core.engine import SessionEngine
from postchain_tui.core.engine_types import EngineState
from postchain_tui.core.export import set_rows
from postchain_tui.core.history import SessionIndex
from postchain_tui.core.outcome import SessionOutcome, exit_line
from postchain_tui.core.plan import PlannedStep, Side
from postchain_tui.core.record import SessionLog
from postchain_tui.core.results_text import totals_text
from postchain_tui.core.resume import resume_index
from postchain_tui.core.routine import Routine, RoutineKind
from postchain_tui.core.session_json import session_to_json
from tests.fakes import FakeClock, fixed_wall
from tests.test_engine_properties import plans

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
ACTIONS = st.lists(
    st.sampled_from(["skip", "skip", "back", "done", "wait", "wait", "pause"]), max_size=30
)
ROUTINE = Routine(id="generated", title="Generated", exercises=())


def drive(engine: SessionEngine, clock: FakeClock, actions: list[str], start: int = 0) -> None:
    engine.start(start)
    for action in actions:
        if engine.state is EngineState.FINISHED:
            return
        if action == "wait":
            clock.advance(4.0)
            engine.tick()
        elif action == "pause":
            engine.toggle_pause()
        else:
            getattr(engine, action)()


def played(
    plan: list[PlannedStep], actions: list[str], quit_at_end: bool, kind: RoutineKind
) -> SessionLog:
    clock = FakeClock()
    engine = SessionEngine(plan, clock, fixed_wall())
    drive(engine, clock, actions)
    if quit_at_end:
        engine.end_early()
    return SessionLog.from_engine(
        engine, session_id="s", routine="generated", title="Generated", kind=kind
    )


def numbers_said(text: str) -> tuple[int, int]:
    """The ``done/planned`` a line says."""
    match = re.search(r"(\d+)/(\d+) sets", text)
    assert match is not None, text
    return int(match[1]), int(match[2])


@SETTINGS
@given(
    plan=plans(),
    actions=ACTIONS,
    more=ACTIONS,
    quit_at_end=st.booleans(),
    resumed=st.booleans(),
    kind=st.sampled_from(list(RoutineKind)),
)
def test_every_surface_counts_a_session_the_same_way(
    plan: list[PlannedStep],
    actions: list[str],
    more: list[str],
    quit_at_end: bool,
    resumed: bool,
    kind: RoutineKind,
) -> None:
    log = played(plan, actions, quit_at_end or resumed, kind)
    if resumed and not log.completed:
        # Cut off, then resumed where it stopped, as the app does after a crash.
        start = resume_index(log, plan)
        if start is not None:
            clock = FakeClock()
            engine = SessionEngine(plan, clock, fixed_wall())
            drive(engine, clock, more, start)
            engine.end_early()
            log = log.continued(engine)
    counts = session_counts(log)
    expected = (counts.sets_done, counts.sets_planned)
    # Planned: every set of the plan, reached or not, a per-side set once (by its left side).
    assert counts.sets_planned == sum(
        1 for step in plan if step.kind.is_work and step.side in (None, Side.LEFT)
    )

    with tempfile.TemporaryDirectory() as folder:
        sessions = Path(folder) / "sessions"
        from postchain_tui.core.store import SessionStore

        path = SessionStore(sessions).save(log)
        with SessionIndex.open(sessions, None) as index:
            index.refresh()
            (summary,) = index.summaries()
            (document,) = [json.loads(text) for text in index.documents()]
            (read_back,) = index.sessions()

    assert (summary.counts.sets_done, summary.counts.sets_planned) == expected
    assert summary.counts_toward_goal is counts.counts_toward_goal
    assert (document["sets_done"], document["sets_planned"]) == expected
    assert document["counts_toward_goal"] is counts.counts_toward_goal
    assert session_to_json(read_back) == document
    assert numbers_said(totals_text(log, counts)) == expected
    outcome = SessionOutcome(routine=ROUTINE, log=log, saved_to=path)
    assert numbers_said(exit_line(outcome)) == expected
    table_row = history_table([summary]).splitlines()[1]
    assert f" {expected[0]}/{expected[1]} " in table_row
    assert ("yes" in table_row.split()) is counts.counts_toward_goal
    exported_goal = {row["counts_toward_goal"] for row in set_rows([log])}
    assert exported_goal <= {counts.counts_toward_goal}
