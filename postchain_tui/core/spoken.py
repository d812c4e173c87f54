"""The words postchain says: one function from an engine cue and the plan to a sentence.

The same words feed the voice, the user's cue command and anything else that tells the user
what is happening without the screen. Numbers are spelt out as words, so that no speech
engine reads ``8-12`` as a date or ``90`` digit by digit.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from postchain_tui.core.engine_types import Cue, CueKind, EngineState
from postchain_tui.core.plan import PlannedStep, StepKind

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
#: Shorter than this, a length is said in seconds alone ("ninety seconds", as coaches say it).
SAID_IN_SECONDS_BELOW = 100

PAUSED_WORDS = "Paused"
RESUMED_WORDS = "Go"
HALFWAY_WORDS = "Halfway"


class Control(StrEnum):
    """What the user did that is said aloud, beside the engine's own cues."""

    PAUSED = "paused"
    RESUMED = "resumed"


def number_words(number: int) -> str:
    """A whole number as it is said.

    Args:
        number: from 0 up.

    Returns:
        e.g. ``ninety``, ``one hundred and five``, ``two thousand``.
    """
    if number < 0:
        raise ValueError(f"cannot say a negative number, got {number}")
    if number < 20:
        return _ONES[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        return f"{_ONES[hundreds]} hundred" + (f" and {number_words(rest)}" if rest else "")
    thousands, rest = divmod(number, 1000)
    said = f"{number_words(thousands)} thousand"
    if rest:
        said += f" and {number_words(rest)}" if rest < 100 else f" {number_words(rest)}"
    return said


def duration_words(seconds: int) -> str:
    """A length of time as it is said.

    Args:
        seconds: whole seconds, from 0 up.

    Returns:
        e.g. ``thirty seconds``, ``ninety seconds``, ``two minutes thirty seconds``.
    """
    if seconds < SAID_IN_SECONDS_BELOW:
        return f"{number_words(seconds)} second{'s' if seconds != 1 else ''}"
    minutes, rest = divmod(seconds, 60)
    parts = []
    if minutes:
        parts.append(f"{number_words(minutes)} minute{'s' if minutes != 1 else ''}")
    if rest:
        parts.append(f"{number_words(rest)} second{'s' if rest != 1 else ''}")
    return " ".join(parts)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


def _amount_words(step: PlannedStep) -> str:
    if step.kind is StepKind.REPS and step.reps is not None:
        reps = step.reps
        if reps.is_range:
            return f"{number_words(reps.low)} to {number_words(reps.high)} reps"
        return f"{number_words(reps.low)} rep{'s' if reps.low != 1 else ''}"
    return duration_words(step.seconds)


def _work_words(step: PlannedStep) -> str:
    parts = [step.exercise]
    if step.total_sets > 1:
        parts.append(f"set {number_words(step.set_number)} of {number_words(step.total_sets)}")
    if step.side is not None:
        parts.append(f"{step.side.value} side")
    parts.append(_amount_words(step))
    return " ".join(_sentence(part) for part in parts)


def _gap_words(step: PlannedStep, next_step: PlannedStep | None) -> str:
    if step.kind is StepKind.SWITCH:
        return "Switch sides."
    words = f"{step.title}, {duration_words(step.seconds)}."
    if next_step is not None and next_step.kind.is_work:
        upcoming = next_step.exercise
        if next_step.side is not None:
            upcoming += f", {next_step.side.value} side"
        words += f" Next: {upcoming}."
    return words


def step_words(step: PlannedStep, next_step: PlannedStep | None, *, waiting: bool = False) -> str:
    """What to say when a step starts.

    Args:
        step: the step starting.
        next_step: the step after it, named during a rest or the lead-in.
        waiting: the step waits for Enter before it starts counting.

    Returns:
        e.g. ``Glute bridge. Left side. Thirty seconds.`` or
        ``Rest, ninety seconds. Next: Box jumps.``
    """
    words = _work_words(step) if step.kind.is_work else _gap_words(step, next_step)
    if waiting:
        words += " Press Enter to start."
    return words


def spoken_words(
    event: Cue | Control,
    steps: Sequence[PlannedStep],
    *,
    completed: bool = True,
    waiting: bool = False,
) -> str | None:
    """The words for something that just happened in a session.

    Args:
        event: an engine cue, or a pause or resume.
        steps: the session's plan.
        completed: for the end, whether every step was reached.
        waiting: for a step's start, whether it waits for Enter.

    Returns:
        The words, or None when nothing is said (a step has finished: the next one is).
    """
    if isinstance(event, Control):
        return PAUSED_WORDS if event is Control.PAUSED else RESUMED_WORDS
    if event.kind is CueKind.COUNT:
        return number_words(event.count)
    if event.kind is CueKind.HALFWAY:
        return HALFWAY_WORDS
    if event.kind is CueKind.FINISHED:
        return "Session complete" if completed else "Session ended"
    if event.kind is CueKind.STEP:
        following = event.index + 1
        next_step = steps[following] if following < len(steps) else None
        return step_words(steps[event.index], next_step, waiting=waiting)
    return None


def spoken_event(
    cues: Sequence[Cue], before: EngineState | None, after: EngineState
) -> Cue | Control | None:
    """The one thing to say of what has just happened, as a new utterance ends the last.

    A step's start says most (its count, had it one, is on screen), a pause or resume was asked
    for by the user, and a count or halfway is said when nothing else is.

    Args:
        cues: the engine's cues since the last look.
        before: the engine's state at the last look (None before the first).
        after: its state now.

    Returns:
        The cue or control to put into words, or None when there is nothing to say.
    """
    changes = [cue for cue in cues if cue.kind in (CueKind.STEP, CueKind.FINISHED)]
    if changes:
        return changes[-1]
    if before is EngineState.RUNNING and after is EngineState.PAUSED:
        return Control.PAUSED
    if before is EngineState.PAUSED and after is EngineState.RUNNING:
        return Control.RESUMED
    marks = [cue for cue in cues if cue.kind in (CueKind.COUNT, CueKind.HALFWAY)]
    return marks[-1] if marks else None
