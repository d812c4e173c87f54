"""What the routine picker says: which routines a filter lists, each one's entry in the list,
the preview's paragraphs and steps, and the report of routine files that could not be loaded."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from postchain_tui.core.durations import format_seconds
from postchain_tui.core.plan import PlannedStep, build_plan
from postchain_tui.core.routine import Routine, RoutineError
from postchain_tui.screens.formatting import estimate_text, step_amount
from postchain_tui.widgets.plan_preview import StepRow

MAX_ERRORS_LISTED = 5


def matches(routine: Routine, query: str) -> bool:
    """True when every word of ``query`` is in the routine's id, title or tags.

    Args:
        routine: the routine.
        query: what was typed; case does not matter, an empty query matches everything.

    Returns:
        Whether the routine should be listed.
    """
    haystack = " ".join((routine.id, routine.title, *routine.tags)).casefold()
    return all(word in haystack for word in query.casefold().split())


def error_report(errors: Sequence[RoutineError]) -> str:
    """One notification's text for routine files that could not be loaded.

    Args:
        errors: the load errors; must not be empty.

    Returns:
        A count and the first few messages.
    """
    count = len(errors)
    head = f"{count} routine file{'s' if count != 1 else ''} could not be loaded:"
    lines = [head, *(f"• {error}" for error in errors[:MAX_ERRORS_LISTED])]
    if count > MAX_ERRORS_LISTED:
        lines.append(f"…and {count - MAX_ERRORS_LISTED} more")
    return "\n".join(lines)


YOURS_TAG = "yours"
"""Ahead of the tags of a routine from the user's own folder, so it never looks like another."""


def routine_prompt(routine: Routine, mark: str = "", *, yours: bool = False) -> Text:
    """The list entry for a routine.

    Args:
        routine: the routine.
        mark: where the user is in the routine's plan, e.g. ``▶ week 2 · 1/3 done``.
        yours: whether it is from the user's own folder rather than bundled.

    Returns:
        Three lines: the title, the mark, time and tags, the summary (the list cuts each to fit).
    """
    prompt = Text()
    prompt.append(routine.title, style="bold")
    prompt.append("\n")
    if yours:
        prompt.append(YOURS_TAG, style="bold reverse")
        prompt.append(" · ")
    if mark:
        prompt.append(mark + " · ", style="bold reverse" if mark.startswith("▶") else "bold")
    prompt.append(estimate_text(build_plan(routine)), style="bold")
    if routine.tags:
        prompt.append(" · " + " · ".join(routine.tags), style="italic")
    if routine.summary:
        prompt.append("\n" + routine.summary, style="dim")
    return prompt


def plan_paragraphs(routine: Routine, notes: Sequence[Text] = ()) -> list[Text]:
    """What the preview says above a routine's steps.

    Args:
        routine: the routine.
        notes: what the log says about it (plan week, today's holds).

    Returns:
        Its title, summary and equipment, then the notes after a blank line.
    """
    paragraphs = [Text(routine.title, style="bold")]
    if routine.summary:
        paragraphs.append(Text(routine.summary))
    equipment = sorted({e.equipment for e in routine.exercises if e.equipment})
    if equipment:
        paragraphs.append(Text("Equipment: " + "; ".join(equipment), style="italic"))
    if notes:
        paragraphs += [Text(""), *notes]
    return paragraphs


def plan_rows(steps: Sequence[PlannedStep]) -> list[StepRow]:
    """The preview's table: every step with what it asks for (a rep set's time is a guess).

    Args:
        steps: the plan.

    Returns:
        One row per step; rests and the other gaps are muted.
    """
    rows = []
    for number, step in enumerate(steps, 1):
        amount = step_amount(step)
        if not step.is_timed:
            amount = f"{amount} · ~{format_seconds(step.seconds)}"
        rows.append(StepRow(str(number), step.label, amount, muted=not step.kind.is_work))
    return rows


def by_title(routines: dict[str, Routine]) -> dict[str, Routine]:
    """The routines in the order the list shows them: by title, then by id."""
    return dict(sorted(routines.items(), key=lambda item: (item[1].title.casefold(), item[0])))
