"""Screenshots of the training log and of the offer to resume a cut-off session.

The log is fixed and "today" is the fixed wall clock's day, so the pictures never depend on
when the tests run. Regenerate with ``--snapshot-update`` after a change meant to alter the
look, and look at the new pictures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from postchain_tui.core.store import SessionStore
from tests.history_support import history_ready, write_log, write_progressing_log
from tests.resume_support import CUT_OFF_ID, cut_off, left_behind
from tests.test_snapshots import SnapCompare
from tests.ui_support import rig

SIZE = (100, 30)


async def ready(pilot: Pilot[Any]) -> None:
    """Wait for the history to have read the log."""
    await history_ready(pilot)


async def ready_on_progress(pilot: Pilot[Any]) -> None:
    """Wait for the history, then show its progress tab."""
    await history_ready(pilot)
    await pilot.press("2")
    await pilot.pause()


def test_history_sessions(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """The sessions tab: the week against the goal, and the sessions logged, newest first, every
    column uncut and the routine names taking the room left over."""
    write_log(tmp_path)
    r = rig(tmp_path, open_history=True)
    assert snap_compare(r.app, terminal_size=SIZE, run_before=ready)


def test_history_progress(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """The progress tab: the calendar of the last 13 weeks, each exercise's progress as a rising
    sparkline (reps, load and hold grow from session to session), the measure in a column of its
    own, the right side of the plank named as the short one; the key bar without edit and
    delete, which act on the list."""
    write_progressing_log(tmp_path)
    r = rig(tmp_path, open_history=True)
    assert snap_compare(r.app, terminal_size=SIZE, run_before=ready_on_progress)


def test_resume_offer(snap_compare: SnapCompare, tmp_path: Path) -> None:
    """The offer to resume a session cut off: what was done, Resume, Save or Discard."""
    sessions, running = tmp_path / "sessions", tmp_path / "running"
    SessionStore(sessions).save(cut_off())
    left_behind(running, CUT_OFF_ID)
    r = rig(sessions, running_dir=running)
    assert snap_compare(r.app, terminal_size=SIZE)
