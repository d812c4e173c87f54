"""A session as a FIT activity file, for Garmin Connect, Strava, intervals.icu and the like.

The file is written with Garmin's FIT SDK (loaded only here, when a file is asked for) in the
order the FIT activity-file guidelines give for a file summarised at its end: ``file_id``
(type activity), a timer-start ``event``, one ``set`` per hold or rep set done and per rest, in
the order they happened, a timer-stop ``event``, then one ``lap``, one ``session`` (sport
training, sub-sport strength training) and the ``activity``.

Times are the session's own, in UTC: its wall-clock start, then each step's measured seconds
and pauses one after another. A set's duration is its working time; the session's elapsed time
is its wall time (pauses, and any time it lay interrupted, included) and its timer time the
working time of all its steps. Work that was skipped, left with back or cut off by quitting is
not a set; a session with no work done has nothing to export (:func:`has_work_done`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from postchain_tui.core.fit_exercises import fit_exercise_numbers
from postchain_tui.core.load_units import convert
from postchain_tui.core.plan import StepKind
from postchain_tui.core.record import SessionLog, StepLog

MAX_WEIGHT_KG = 0xFFFE / 16
"""The heaviest load a FIT set can carry (the profile stores sixteenths of a kilogram)."""

PRODUCT_NAME = "postchain"

_UNSAFE = re.compile(r"[^a-z0-9]+")


def has_work_done(log: SessionLog) -> bool:
    """True when a side of a hold or rep set was done: only then is the session exported."""
    return any(step.is_done_work for step in log.steps)


def kilograms(load: float, unit: str) -> float:
    """A load in kilograms, from a load logged in ``unit`` (``kg``, ``lb``; empty means kg)."""
    return convert(load, unit, "kg")


def activity_file_name(log: SessionLog) -> str:
    """The file's name, from the session's own start time and its routine's id.

    e.g. ``2026-12-05T18-30-pre-run-activation.fit``.
    """
    routine = _UNSAFE.sub("-", log.routine.lower()).strip("-")[:60] or "routine"
    return f"{log.started_at.strftime('%Y-%m-%dT%H-%M')}-{routine}.fit"


@dataclass(frozen=True, slots=True)
class TimedStep:
    """A step of the session placed on the clock.

    Attributes:
        step: the step as logged.
        start: when it began, in FIT time (whole seconds since 1989-12-31 UTC).
        end: when it ended, pauses included, in FIT time.
    """

    step: StepLog
    start: int
    end: int


def timed_steps(log: SessionLog, start: int) -> list[TimedStep]:
    """Every step visited, placed one after another from ``start``, pauses included."""
    placed = []
    offset = 0.0
    for step in log.steps:
        begin = start + int(offset)
        offset += max(0.0, step.actual_s) + max(0.0, step.paused_s)
        placed.append(TimedStep(step, begin, start + int(offset)))
    return placed


def is_exported_set(step: StepLog) -> bool:
    """True for the steps that become a ``set``: work done, and every rest that took time."""
    if step.kind == StepKind.REST:
        return step.actual_s > 0
    return step.is_done_work


def encode_activity(log: SessionLog) -> bytes:
    """The session as the bytes of a FIT activity file.

    Raises:
        ValueError: for a session with no work done, which has no activity to show.
    """
    if not has_work_done(log):
        raise ValueError(f"session {log.id} has no work done")
    from garmin_fit_sdk import Encoder
    from garmin_fit_sdk.util import convert_datetime_to_timestamp

    start = convert_datetime_to_timestamp(log.started_at)
    steps = timed_steps(log, start)
    stepped_s = sum(max(0.0, step.actual_s) + max(0.0, step.paused_s) for step in log.steps)
    elapsed_s = max(0.0, log.wall_s)
    # The steps' seconds are rounded in the log, so they may add up to a hair past the wall
    # time; no set may end after the session does.
    end = start + int(max(elapsed_s, stepped_s))
    timer_s = sum(max(0.0, step.actual_s) for step in log.steps)
    encoder = Encoder()
    for message in _messages(log, steps, start, end, elapsed_s, timer_s):
        encoder.write_mesg(message)
    return bytes(encoder.close())


_MESG_NUM = {
    "file_id": 0,
    "session": 18,
    "lap": 19,
    "event": 21,
    "activity": 34,
    "set": 225,
}
"""The profile's global message numbers (``Profile['types']['mesg_num']``)."""


def _messages(
    log: SessionLog,
    steps: list[TimedStep],
    start: int,
    end: int,
    elapsed_s: float,
    timer_s: float,
) -> list[dict[str, Any]]:
    summary = {
        "start_time": start,
        "total_elapsed_time": elapsed_s,
        "total_timer_time": timer_s,
        "sport": "training",
        "sub_sport": "strength_training",
    }
    messages: list[dict[str, Any]] = [
        {
            "mesg_num": _MESG_NUM["file_id"],
            "type": "activity",
            "manufacturer": "development",
            "product": 0,
            "time_created": start,
            "product_name": PRODUCT_NAME,
        },
        _timer_event(start, "start"),
    ]
    exported = [timed for timed in steps if is_exported_set(timed.step)]
    messages.extend(_set_message(timed, index) for index, timed in enumerate(exported))
    messages.append(_timer_event(end, "stop_all"))
    messages.append(
        {
            "mesg_num": _MESG_NUM["lap"],
            "message_index": 0,
            "timestamp": end,
            "event": "lap",
            "event_type": "stop",
            "lap_trigger": "session_end",
            **summary,
        }
    )
    messages.append(
        {
            "mesg_num": _MESG_NUM["session"],
            "message_index": 0,
            "timestamp": end,
            "event": "session",
            "event_type": "stop",
            "trigger": "activity_end",
            "first_lap_index": 0,
            "num_laps": 1,
            **summary,
        }
    )
    messages.append(
        {
            "mesg_num": _MESG_NUM["activity"],
            "timestamp": end,
            "local_timestamp": end + _utc_offset_s(log.started_at),
            "total_timer_time": timer_s,
            "num_sessions": 1,
            "type": "manual",
            "event": "activity",
            "event_type": "stop",
        }
    )
    return messages


def _timer_event(timestamp: int, event_type: str) -> dict[str, Any]:
    return {
        "mesg_num": _MESG_NUM["event"],
        "timestamp": timestamp,
        "event": "timer",
        "event_type": event_type,
    }


def _set_message(timed: TimedStep, index: int) -> dict[str, Any]:
    step = timed.step
    message: dict[str, Any] = {
        "mesg_num": _MESG_NUM["set"],
        "message_index": index,
        "timestamp": timed.end,
        "start_time": timed.start,
        "duration": max(0.0, step.actual_s),
    }
    if step.kind == StepKind.REST:
        message["set_type"] = "rest"
        return message
    message["set_type"] = "active"
    if step.reps is not None and 0 <= step.reps < 0xFFFF:
        message["repetitions"] = step.reps
    if step.load is not None:
        unit = step.load_unit or "kg"
        weight = kilograms(step.load, unit)
        if 0 <= weight <= MAX_WEIGHT_KG:
            message["weight"] = weight
            message["weight_display_unit"] = "pound" if unit == "lb" else "kilogram"
    numbers = fit_exercise_numbers(step.exercise)
    if numbers is not None:
        category, name = numbers
        message["category"] = [category]
        if name is not None:
            message["category_subtype"] = [name]
    return message


def _utc_offset_s(moment: datetime) -> int:
    offset = moment.utcoffset()
    return round(offset.total_seconds()) if offset is not None else 0
