"""A routine as a FIT workout file, for a watch's ``GARMIN/NewFiles`` folder or Garmin Connect.

The file holds ``file_id`` (type workout), one ``workout`` (sport training, sub-sport strength
training, the routine's title) and its ``workout_step`` messages, which follow the session plan
step by step: a hold is a time step, a rep set a reps step aiming at the low end of its range
(the range itself is in the step's notes), each side of a per-side exercise a step of its own,
and rests, switch-sides gaps and get-ready lead-ins time steps of rest intensity. A run of sets
that are step for step the same is written once, followed by a repeat step; a set that differs
(the first, with a lead-in, or the last, with no rest after it) is written on its own. So the
steps, repeats expanded, are the plan that ``postchain show`` prints.

The FIT SDK is loaded only here, when a file is asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from itertools import groupby
from typing import Any

from postchain_tui.core.durations import describe_span
from postchain_tui.core.fit_exercises import fit_exercise_numbers
from postchain_tui.core.plan import PlannedStep, StepKind
from postchain_tui.core.routine import Routine

MAX_NAME_BYTES = 100
"""The longest name or note written, in UTF-8 bytes (a FIT field holds at most 255)."""

_MESG_NUM = {"file_id": 0, "workout": 26, "workout_step": 27}
"""The profile's global message numbers (``Profile['types']['mesg_num']``)."""


def workout_step_name(step: PlannedStep) -> str:
    """The name a step has on the watch, e.g. ``Bird dog (left)``, ``Rest``."""
    if step.side is not None and step.kind.is_work:
        return f"{step.title} ({step.side.value})"
    return step.title


def set_blocks(steps: Sequence[PlannedStep]) -> list[tuple[list[PlannedStep], int]]:
    """The plan as runs of sets that are step for step the same.

    Returns:
        ``(steps of one set, how many sets in a row have exactly those steps)``, in order.
    """
    sets = [list(group) for _, group in groupby(steps, _set_key)]
    runs = []
    for _, group in groupby(sets, _set_shape):
        same = list(group)
        runs.append((same[0], len(same)))
    return runs


def workout_messages(
    routine: Routine, steps: Sequence[PlannedStep], created: datetime
) -> list[dict[str, Any]]:
    """The messages of the workout file, in order.

    Args:
        routine: the routine, for its title.
        steps: its plan, with the holds the next session would start at.
        created: when the file is made (its ``time_created``).
    """
    workout_steps: list[dict[str, Any]] = []
    for block, count in set_blocks(steps):
        first = len(workout_steps)
        workout_steps.extend(_step_message(step, first + n) for n, step in enumerate(block))
        if count > 1:
            workout_steps.append(
                {
                    "mesg_num": _MESG_NUM["workout_step"],
                    "message_index": len(workout_steps),
                    "duration_type": "repeat_until_steps_cmplt",
                    "duration_value": first,
                    "target_value": count,
                }
            )
    return [
        {
            "mesg_num": _MESG_NUM["file_id"],
            "type": "workout",
            "manufacturer": "development",
            "product": 0,
            "time_created": created,
        },
        {
            "mesg_num": _MESG_NUM["workout"],
            "wkt_name": _text(routine.title or routine.id),
            "sport": "training",
            "sub_sport": "strength_training",
            "num_valid_steps": len(workout_steps),
        },
        *workout_steps,
    ]


def encode_workout(routine: Routine, steps: Sequence[PlannedStep], created: datetime) -> bytes:
    """The routine as the bytes of a FIT workout file (see :func:`workout_messages`)."""
    from garmin_fit_sdk import Encoder

    encoder = Encoder()
    for message in workout_messages(routine, steps, created):
        encoder.write_mesg(message)
    return bytes(encoder.close())


def _set_key(step: PlannedStep) -> tuple[int, int]:
    return step.exercise_index, step.set_number


def _set_shape(block: list[PlannedStep]) -> tuple[tuple[object, ...], ...]:
    return tuple((step.kind, step.exercise, step.side, step.seconds, step.reps) for step in block)


def _step_message(step: PlannedStep, index: int) -> dict[str, Any]:
    message: dict[str, Any] = {
        "mesg_num": _MESG_NUM["workout_step"],
        "message_index": index,
        "wkt_step_name": _text(workout_step_name(step)),
        "target_type": "open",
    }
    if step.kind is StepKind.REPS and step.reps is not None:
        message["duration_type"] = "reps"
        message["duration_value"] = step.reps.low
        message["notes"] = _text(f"{describe_span(step.reps, '')} reps")
    else:
        message["duration_type"] = "time"
        # duration_value holds a time step's milliseconds (the profile's duration_time).
        message["duration_value"] = step.seconds * 1000
    if not step.kind.is_work:
        message["intensity"] = "rest"
        return message
    message["intensity"] = "active"
    numbers = fit_exercise_numbers(step.exercise)
    if numbers is not None:
        category, name = numbers
        message["exercise_category"] = category
        if name is not None:
            message["exercise_name"] = name
    return message


def _text(value: str) -> str:
    encoded = value.encode("utf-8")[:MAX_NAME_BYTES]
    return encoded.decode("utf-8", errors="ignore")
