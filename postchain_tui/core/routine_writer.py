"""Writing a routine back out as a TOML document that the loader reads as the same routine.

Durations are written the way people write them (``"30s"``, ``"15-30s"``, ``"1min 30s"``), keys
that hold their default are left out, and an exercise's rest is written only when it differs
from the routine's.
"""

from __future__ import annotations

from typing import Any

import tomli_w

from postchain_tui.core.durations import Span, describe_span
from postchain_tui.core.routine import Defaults, Exercise, Routine, RoutineKind


def routine_document(routine: Routine) -> dict[str, Any]:
    """The TOML document of a routine, as a dictionary for ``tomli_w``.

    Args:
        routine: the routine.

    Returns:
        The document; ``parse_routine`` reads it back as the same routine.
    """
    document: dict[str, Any] = {"title": routine.title, "id": routine.id}
    if routine.kind is not RoutineKind.STRENGTH:
        document["kind"] = routine.kind.value
    optional: dict[str, Any] = {
        "summary": routine.summary,
        "tags": list(routine.tags),
        "source": routine.source,
        "plan": routine.plan,
        "week": routine.week,
    }
    document.update({key: value for key, value in optional.items() if value})
    defaults = defaults_document(routine.defaults)
    if defaults:
        document["defaults"] = defaults
    document["exercise"] = [
        exercise_document(exercise, routine.defaults) for exercise in routine.exercises
    ]
    return document


def defaults_document(defaults: Defaults) -> dict[str, Any]:
    """The ``[defaults]`` table: only the settings that differ from the built-in defaults."""
    base = Defaults()
    table: dict[str, Any] = {}
    if defaults.rest != base.rest:
        table["rest"] = span_value(defaults.rest)
    for key in ("lead_in", "switch_sides", "rep_pace"):
        seconds = getattr(defaults, key)
        if seconds != getattr(base, key):
            table[key] = span_value(Span(seconds, seconds))
    return table


def exercise_document(exercise: Exercise, defaults: Defaults) -> dict[str, Any]:
    """One ``[[exercise]]`` table.

    Args:
        exercise: the exercise.
        defaults: the routine's defaults, so a rest equal to them is left out.
    """
    table: dict[str, Any] = {"name": exercise.name}
    if exercise.hold is not None:
        table["hold"] = span_value(exercise.hold)
    if exercise.reps is not None:
        table["reps"] = reps_value(exercise.reps)
    if exercise.sets != 1:
        table["sets"] = exercise.sets
    if exercise.per_side:
        table["per_side"] = True
    if exercise.load:
        table["load"] = True
    if exercise.rest != defaults.rest:
        table["rest"] = span_value(exercise.rest)
    for key in ("cue", "equipment", "progression"):
        text = getattr(exercise, key)
        if text:
            table[key] = text
    return table


def span_value(span: Span) -> str | int:
    """A duration or range as written in a routine: ``0`` for none, else e.g. ``"15-30s"``."""
    if span.high == 0:
        return 0
    return describe_span(span)


def reps_value(span: Span) -> str | int:
    """Reps as written in a routine: ``10`` or ``"8-12"``."""
    return describe_span(span, "") if span.is_range else span.low


def routine_toml(routine: Routine, header: str = "") -> str:
    """The routine as TOML text.

    Args:
        routine: the routine.
        header: comment lines to put on top (each is prefixed with ``# ``).

    Returns:
        The text, ready to be written to a ``.toml`` file.
    """
    comments = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines())
    if comments:
        comments += "\n"
    return comments + tomli_w.dumps(routine_document(routine))
