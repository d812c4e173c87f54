"""A training log to look at in the history screen, and waiting for the screen to read it."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console, RenderableType
from textual.pilot import Pilot

from postchain_tui.core.record import Pain
from postchain_tui.screens.history import HistoryScreen
from tests.log_builders import (
    at,
    early_session,
    gap,
    hold,
    make_log,
    plain_session,
    rep_set,
    save,
)
from tests.waiting import pause_until

# The fixed wall clock's day, Sunday 22 November 2026, is "today" for the history.
LOG = (
    ("2026-11-03T070000_bridges_a", 3, {}),
    ("2026-11-05T070000_bridges_b", 5, {}),
    ("2026-11-10T070000_bridges_c", 10, {}),
    ("2026-11-12T070000_bridges_d", 12, {}),
    (
        "2026-11-17T070000_bridges_e",
        17,
        {"rpe": 7, "notes": "Felt strong", "pain": Pain.MILD},
    ),
    ("2026-11-21T070000_bridges_f", 21, {"completed": False}),
)
"""Two workouts in each of the two weeks before this one; this week one workout and one
session ended early with too little done to count."""


def write_log(sessions: Path) -> list[Path]:
    """Save the sessions of :data:`LOG` into a sessions folder; their files, oldest first."""
    return [
        save(sessions, early_session(session_id, at(day)))
        if fields.get("completed") is False
        else save(sessions, plain_session(session_id, at(day), **fields))
        for session_id, day, fields in LOG
    ]


def write_progressing_log(sessions: Path) -> list[Path]:
    """Eight sessions over four weeks in which the bridge's reps and load and the plank's hold
    grow from session to session, and the right side lags: trends that rise."""
    paths = []
    for number, day in enumerate((2, 4, 9, 11, 16, 18, 21, 22)):
        steps = [
            rep_set(0, "Glute bridge", reps=8 + number // 2, load=10.0 + 2.5 * (number // 3)),
            gap(1, "rest", "Glute bridge"),
            hold(2, "Side plank", side="left", actual_s=20.0 + 2 * number),
            gap(3, "switch", "Side plank", 5),
            hold(4, "Side plank", side="right", actual_s=18.0 + 2 * number),
        ]
        session_id = f"2026-11-{day:02}T070000_bridges_{number}"
        paths.append(save(sessions, make_log(session_id, at(day), steps)))
    return paths


async def history_ready(pilot: Pilot[None]) -> HistoryScreen:
    """Wait until the history screen has read the log and drawn everything from it."""
    await pilot.pause()  # the app opens its first screen just after it is mounted
    screen = pilot.app.screen
    assert isinstance(screen, HistoryScreen), screen
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pause_until(pilot, lambda: screen.measured, "the history screen measured the log")
    await pilot.pause()
    return screen


def plain_text(renderable: RenderableType, width: int = 100) -> str:
    """What a Rich renderable shows, as plain text."""
    out = io.StringIO()
    Console(file=out, width=width, color_system=None, legacy_windows=False).print(renderable)
    return out.getvalue()
