"""How plans and steps are put into words on more than one screen."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from postchain_tui.core.durations import describe_span, format_seconds
from postchain_tui.core.plan import PlannedStep, StepKind, estimate_seconds


def step_amount(step: PlannedStep) -> str:
    """What a step asks for.

    Args:
        step: the step.

    Returns:
        ``0:30`` for a timed step, ``8-12 reps`` for a rep set.
    """
    if step.kind is StepKind.REPS and step.reps is not None:
        return f"{describe_span(step.reps, '')} reps"
    return format_seconds(step.seconds)


def estimate_text(steps: Sequence[PlannedStep]) -> str:
    """How long a plan takes.

    Args:
        steps: the plan.

    Returns:
        ``M:SS`` when every step is timed (the length is exact), otherwise ``~N min``
        (rep sets are estimated from the routine's pace).
    """
    total = estimate_seconds(list(steps))
    if is_exact(steps):
        return format_seconds(total)
    return f"~{max(1, round(total / 60))} min"


def total_text(steps: Sequence[PlannedStep]) -> str:
    """A plan's total length as ``M:SS``, with ``~`` in front when it is an estimate.

    Args:
        steps: the plan.

    Returns:
        e.g. ``4:35`` or ``~12:30``.
    """
    total = format_seconds(estimate_seconds(list(steps)))
    return total if is_exact(steps) else f"~{total}"


def is_exact(steps: Sequence[PlannedStep]) -> bool:
    """True when every step is timed, so the plan's length is known, not estimated."""
    return all(step.is_timed for step in steps)


def first_of_notes(notes: Sequence[str]) -> str:
    """Notes cut down to the first, for a terminal too small to show them all beside a countdown.

    Args:
        notes: the notes, one a line; not empty.

    Returns:
        e.g. ``Glute bridge hold: 25 s (up from 20 s) (+2 more)``.
    """
    more = len(notes) - 1
    return f"{notes[0]} (+{more} more)" if more else notes[0]


PATH_ROOM = 36
"""The most cells a path takes in a notification or a dialog: as narrow as a toast's line."""


def path_text(path: Path, room: int = PATH_ROOM) -> str:
    """A path for a notification or a dialog, shortened from the left to fit ``room`` cells.

    The file's name is always whole: a path wrapped in a narrow box would break in the middle
    of it (``my-easy-back.tom`` / ``l``).

    Args:
        path: the path.
        room: cells to fit in.

    Returns:
        The path, or ``…/`` and as many of its last parts as fit, e.g.
        ``…/routines/my-easy-back.toml``.
    """
    text = str(path)
    if len(text) <= room:
        return text
    kept = path.name
    for part in reversed(path.parent.parts):
        longer = f"{part}/{kept}"
        if len(longer) + 2 > room:
            break
        kept = longer
    return f"…/{kept}"
