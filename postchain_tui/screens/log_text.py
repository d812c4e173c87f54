"""How the training log is put into words and tables on the history screen."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from postchain_tui.core.counting import session_counts
from postchain_tui.core.durations import format_duration, format_seconds
from postchain_tui.core.history import SessionSummary
from postchain_tui.core.overview import WeekGoal, weaker_side
from postchain_tui.core.record import Pain, SessionFileError, SessionLog, StepLog
from postchain_tui.core.results_text import sets_text
from postchain_tui.core.stats import DayBest, SideBalance

ROUTINE_WIDTH = 28
"""The fewest cells the session list gives routine titles; it drops other columns first."""
CELL_PADDING = 2
"""Cells a table column takes beside its text."""

SESSION_COLUMNS = (
    ("Date", "date", 20),
    ("Routine", "routine", ROUTINE_WIDTH),
    ("Time", "time", 7),
    ("Sets", "sets", 5),
    ("Counts", "counts", 6),
    ("RPE", "rpe", 3),
    ("Pain", "pain", 5),
)
"""The session list's columns at their widths: (heading, key, cells)."""
DROPPED_FIRST = ("counts", "pain", "rpe", "time")
"""The columns a narrow list leaves out, least useful first (the detail says them all)."""
ALL_COLUMNS_WIDTH = sum(width + CELL_PADDING for _label, _key, width in SESSION_COLUMNS)
"""Cells every column needs, with routine titles at their fewest."""


def fitted_columns(width: int) -> tuple[tuple[str, str, int], ...]:
    """The session list's columns for a list ``width`` cells wide (inside its frame).

    No column is cut: the least useful are left out until routine titles have
    ``ROUTINE_WIDTH`` cells, and the titles get whatever room is left over.

    Args:
        width: the cells the table's columns may take.

    Returns:
        (heading, key, cells) of each column shown, in order.
    """
    columns = list(SESSION_COLUMNS)

    def routine_room() -> int:
        others = sum(cells + CELL_PADDING for _label, key, cells in columns if key != "routine")
        return width - others - CELL_PADDING

    for key in DROPPED_FIRST:
        if routine_room() >= ROUTINE_WIDTH:
            break
        columns = [column for column in columns if column[1] != key]
    room = max(routine_room(), ROUTINE_WIDTH)
    return tuple((label, key, room if key == "routine" else cells) for label, key, cells in columns)


_ENDINGS = {"skip": "skipped", "back": "went back", "quit": "stopped"}
_SIDE_NAMES = {"left": "left", "right": "right"}


def when_text(log: SessionSummary | SessionLog) -> str:
    """When a session started, e.g. ``Sun 2026-11-22 07:15``."""
    return log.started_at.strftime("%a %Y-%m-%d %H:%M")


def pain_text(pain: Pain) -> str:
    """A pain flag for a table cell: ``-`` for none."""
    return "-" if pain is Pain.NONE else pain.value


def summary_row(
    summary: SessionSummary, columns: Sequence[tuple[str, str, int]] = SESSION_COLUMNS
) -> tuple[Text, ...]:
    """A session's line in the list: date, routine, time, sets, whether it counts, RPE, pain.

    Args:
        summary: the session.
        columns: the columns shown (see :func:`fitted_columns`); the routine's title is cut
            to its width.

    Returns:
        One cell per column, as text (the table measures text faster than markup).
    """
    routine = Text(summary.title or summary.routine, no_wrap=True)
    cells = {
        "date": Text(when_text(summary)),
        "routine": routine,
        "time": Text(format_duration(summary.wall_s), justify="right"),
        "sets": Text(summary.counts.sets_text, justify="right"),
        "counts": Text("yes" if summary.counts_toward_goal else "no"),
        "rpe": Text("-" if summary.rpe is None else str(summary.rpe), justify="right"),
        "pain": Text(pain_text(summary.pain)),
    }
    for _label, key, width in columns:
        if key == "routine":
            routine.truncate(width, overflow="ellipsis")
    return tuple(cells[key] for _label, key, _width in columns)


def sessions_count(count: int) -> str:
    """How many sessions there are, e.g. ``5,000 sessions``."""
    return f"{count:,} session{'' if count == 1 else 's'}"


def step_name(step: StepLog) -> str:
    """A step as the detail lists it, e.g. ``Side plank · set 1/2 · left``."""
    if not step.is_work:
        return step.name
    parts = [step.exercise]
    if step.total_sets > 1:
        parts.append(f"set {step.set_number}/{step.total_sets}")
    if step.side:
        parts.append(_SIDE_NAMES.get(step.side, step.side))
    return " · ".join(parts)


def step_planned(step: StepLog) -> str:
    """What a step asked for: ``0:30``, or ``8-12 reps`` for a rep set."""
    if step.target_reps:
        return f"{step.target_reps} reps"
    return format_seconds(step.planned_s)


def step_done(step: StepLog, load_unit: str = "kg") -> str:
    """What was done in a step: its time, reps and load, and a pause."""
    parts = [format_duration(step.actual_s)]
    if step.reps is not None:
        parts.append(f"{step.reps} reps")
    if step.load is not None:
        parts.append(f"{step.load:g} {step.load_unit or load_unit}")
    if step.paused_s >= 1:
        parts.append(f"paused {format_duration(step.paused_s)}")
    return " · ".join(parts)


def session_heading(log: SessionLog) -> list[Text]:
    """The lines above a session's steps: routine, when and how long, effort, pain, notes."""
    ended = log.ended_at.astimezone(log.started_at.tzinfo).strftime("%H:%M")
    counts = session_counts(log)
    goal = "counts towards the weekly goal" if counts.counts_toward_goal else "not a workout"
    lines = [
        Text(log.title or log.routine, style="bold"),
        Text(f"{when_text(log)}-{ended} · {format_duration(log.wall_s)} · {counts.state}"),
        Text(
            f"{sets_text(counts)} ({goal}) · "
            f"{'no RPE given' if log.rpe is None else f'RPE {log.rpe}'} · "
            f"{'no pain' if log.pain is Pain.NONE else f'pain: {log.pain.value}'}"
        ),
    ]
    if log.pain is Pain.SHARP:
        lines.append(Text("Sharp pain was flagged: see a professional before training it.", "bold"))
    lines.append(Text(f"Notes: {log.notes}" if log.notes else "No notes.", style="italic"))
    return lines


def session_detail(log: SessionLog, load_unit: str = "kg") -> RenderableType:
    """Everything about one session: the heading, then every step planned against done.

    Args:
        log: the session.
        load_unit: what loads are counted in.

    Returns:
        The heading lines and a table of steps, in the order they were done.
    """
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False, show_edge=False)
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column("Step", ratio=3)
    table.add_column("Planned", no_wrap=True)
    table.add_column("Done", ratio=2)
    table.add_column("", no_wrap=True)
    for step in log.steps:
        style = "" if step.is_work else "dim"
        table.add_row(
            str(step.index + 1),
            Text(step_name(step), style=style),
            Text(step_planned(step), style=style),
            Text(step_done(step, load_unit), style=style),
            Text(_ENDINGS.get(step.ended_by, ""), style="bold" if step.skipped else ""),
        )
    if not log.steps:
        table.add_row("", Text("No step was finished.", style="italic"), "", "", "")
    return Group(*session_heading(log), Text(""), table)


def week_goal_text(goal: WeekGoal) -> str:
    """This week against the goal and the streak, in one line."""
    noun = "session" if goal.goal == 1 else "sessions"
    week = f"This week: {goal.done} of {goal.goal} {noun}"
    week += " · goal met ✓" if goal.met else f" · {goal.to_go} to go"
    if not goal.streak:
        return f"{week} · No streak yet"
    weeks = "week" if goal.streak == 1 else "weeks"
    return f"{week} · Streak: {goal.streak} {weeks} meeting the goal"


@dataclass(frozen=True, slots=True)
class Trend:
    """One measure of one exercise over time.

    Attributes:
        exercise: the exercise, e.g. ``Side plank``.
        measure: ``hold``, ``reps`` or ``load``.
        values: the best of each day it was done, oldest first.
        caption: the values in words, e.g. ``30 → 45s · best 50``.
    """

    exercise: str
    measure: str
    values: tuple[float, ...]
    caption: str


def trends(progress: Mapping[str, Sequence[DayBest]], load_unit: str = "kg") -> list[Trend]:
    """The trends to draw: each exercise's longest hold, most reps and heaviest load by day.

    Args:
        progress: each exercise's best per day, oldest first (see ``stats.exercise_progress``).
        load_unit: what loads are counted in.

    Returns:
        One trend per exercise and measure that has values, exercises in the order given.
    """
    found = []
    for exercise, days in progress.items():
        holds = [day.hold_s for day in days if day.hold_s is not None]
        reps = [float(day.reps) for day in days if day.reps is not None]
        loads = [day.load for day in days if day.load is not None]
        for measure, values, unit in (
            ("hold", holds, "s"),
            ("reps", reps, " reps"),
            ("load", loads, f" {load_unit}"),
        ):
            if values:
                found.append(Trend(exercise, measure, tuple(values), _caption(values, unit)))
    return found


def _caption(values: Sequence[float], unit: str) -> str:
    first, last, best = values[0], values[-1], max(values)
    return f"{first:.4g} → {last:.4g}{unit} · best {best:.4g}"


def balance_table(balances: Sequence[SideBalance]) -> RenderableType:
    """Left against right for each per-side exercise, naming the side that came up short.

    Args:
        balances: the exercises' side averages.

    Returns:
        A table, or a line saying there is nothing to compare.
    """
    if not balances:
        return Text("No exercise done on both sides in these weeks.", style="italic")
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False, show_edge=False)
    table.add_column("Per side", ratio=3)
    table.add_column("Left", justify="right", no_wrap=True)
    table.add_column("Right", justify="right", no_wrap=True)
    table.add_column("Short side", no_wrap=True)
    for balance in balances:
        unit = "s" if balance.unit == "s" else " reps"
        short = weaker_side(balance)
        table.add_row(
            balance.exercise,
            f"{balance.left:.1f}{unit}",
            f"{balance.right:.1f}{unit}",
            Text(
                "even" if short is None else f"{short} by {_shortfall(balance):.0%}",
                style="" if short is None else "bold",
            ),
        )
    return table


def _shortfall(balance: SideBalance) -> float:
    larger = max(balance.left, balance.right)
    return abs(balance.left - balance.right) / larger if larger else 0.0


MAX_PROBLEMS_LISTED = 5
"""Skipped files named in one notification; the rest are counted."""


def skipped_files_text(problems: Sequence[SessionFileError]) -> str:
    """One notification's text for files in the sessions folder that are not sessions.

    Args:
        problems: the files and why; must not be empty.
    """
    count = len(problems)
    lines = [f"{count} file{'s' if count != 1 else ''} in the sessions folder skipped:"]
    lines += [
        f"• {error.path.name if error.path else '?'}: {error.message}"
        for error in problems[:MAX_PROBLEMS_LISTED]
    ]
    if count > MAX_PROBLEMS_LISTED:
        lines.append(f"…and {count - MAX_PROBLEMS_LISTED} more")
    return "\n".join(lines)
