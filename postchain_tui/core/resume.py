"""Picking up a session that a crash, a closed terminal or a power cut interrupted."""

from __future__ import annotations

from collections.abc import Sequence

from postchain_tui.core.plan import PlannedStep
from postchain_tui.core.record import SessionLog

_FINISHED = ("time", "done", "skip")


def resume_index(log: SessionLog, steps: Sequence[PlannedStep]) -> int | None:
    """Where an interrupted session goes on: the step after the last one that was finished.

    A step cut off mid-way was never recorded, so it is done again from its start.

    Args:
        log: the interrupted session as saved.
        steps: the plan of its routine as it is now.

    Returns:
        The plan index to start at, or None when nothing is left to do or the saved steps do
        not fit the plan (the routine has changed since).
    """
    if not log.steps:
        return 0
    last = log.steps[-1]
    if last.index >= len(steps) or steps[last.index].exercise != last.exercise:
        return None
    following = last.index + 1 if last.ended_by in _FINISHED else last.index
    return following if following < len(steps) else None
