"""Sessions as a crash leaves them: a saved log of finished steps and a marker no one holds."""

from __future__ import annotations

from pathlib import Path

from postchain_tui.core.plan import build_plan
from postchain_tui.core.record import SessionLog, plan_outline
from postchain_tui.core.running import RunningMarker
from tests.log_builders import at, gap, hold, make_log
from tests.ui_support import BRIDGE_1, LEAD_IN, short_routine

CUT_OFF_ID = "2026-11-21T070000_ui-short_0123456789abcdef"


def left_behind(running: Path, session_id: str) -> None:
    """Leave a marker as a process killed mid-session does: there, but held by no one."""
    marker = RunningMarker(running, session_id)
    assert marker.acquire()
    marker.keep()


def cut_off(session_id: str = CUT_OFF_ID, day: int = 21) -> SessionLog:
    """A session of the short test routine cut off in its first rest (two steps finished)."""
    steps = [gap(LEAD_IN, "lead_in", "Glute bridge", 3), hold(BRIDGE_1, "Glute bridge", 1)]
    plan = plan_outline(build_plan(short_routine()))
    return make_log(session_id, at(day), steps, routine="ui-short", completed=False, plan=plan)
