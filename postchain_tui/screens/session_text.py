"""What the session screen says: the phase badge, the big number, the words around it.

Pure functions of what the engine shows, so they are tested without a screen.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from postchain_tui.core.durations import format_seconds
from postchain_tui.core.engine_types import EngineState, EngineView
from postchain_tui.core.plan import PlannedStep, StepKind
from postchain_tui.screens.formatting import step_amount

_PHASE_WORDS = {
    StepKind.HOLD: "WORK",
    StepKind.REPS: "WORK",
    StepKind.REST: "REST",
    StepKind.SWITCH: "SWITCH SIDES",
    StepKind.LEAD_IN: "GET READY",
}
PHASE_CLASSES = ("-ready", "-work", "-rest", "-paused", "-finished")

def phase_word(view: EngineView) -> str:
    """The word on the badge above the countdown.

    Args:
        view: what the engine shows now.

    Returns:
        ``WORK``, ``REST``, ``SWITCH SIDES``, ``GET READY``, ``PAUSED``, ``READY`` or ``DONE``.
    """
    if view.state is EngineState.READY:
        return "READY"
    if view.state is EngineState.FINISHED or view.step is None:
        return "DONE"
    if view.state is EngineState.PAUSED:
        return "PAUSED"
    return _PHASE_WORDS[view.step.kind]


def phase_class(view: EngineView) -> str:
    """The CSS class that gives the stage its border and colours.

    Args:
        view: what the engine shows now.

    Returns:
        ``-work``, ``-rest`` (for every gap), ``-paused``, ``-ready`` or ``-finished``.
    """
    if view.state is EngineState.READY:
        return "-ready"
    if view.state is EngineState.FINISHED or view.step is None:
        return "-finished"
    if view.state is EngineState.PAUSED:
        return "-paused"
    return "-work" if view.step.kind.is_work else "-rest"


def big_time(view: EngineView) -> str:
    """The big number.

    Args:
        view: what the engine shows now.

    Returns:
        Time left in a timed step (rounded up), time spent in a rep set (rounded down), or
        the session's length before it starts.
    """
    if view.step is None:
        return format_seconds(view.session_remaining_s)
    if view.step.is_timed:
        return format_seconds(view.remaining_s)
    return format_seconds(math.floor(view.elapsed_s))


@dataclass(frozen=True, slots=True)
class StageText:
    """The words around the countdown.

    Attributes:
        label: the line beside the phase badge.
        detail: what to do, under the countdown.
        cue: how to do it.
        following: the line under the stage, about the step after.
    """

    label: str
    detail: str
    cue: str
    following: str


def stage_text(view: EngineView, after_next: PlannedStep | None, entry: str = "") -> StageText:
    """What the stage says about the current step.

    During work it is about that work. During a rest, a switch or the lead-in it is about the
    work coming next, so there is time to read its cue and get into position.

    Args:
        view: what the engine shows now; its step must not be None.
        after_next: the step after the next one, if any.
        entry: the reps (and load) typed so far in a rep set, as shown, target included.

    Returns:
        The texts.
    """
    step = view.step
    assert step is not None
    upcoming = view.next_step
    if step.kind.is_work or upcoming is None:
        label, about, cue = step.label, step, step.cue
        following, word = upcoming, "Next"
    else:
        label, about, cue = f"Up next: {upcoming.label}", upcoming, upcoming.cue
        following, word = after_next, "Then"
    if view.state is EngineState.PAUSED:
        detail = "Paused. Press Space to resume."
    elif about.kind is StepKind.REPS:
        detail = entry if about is step and entry else f"Target {step_amount(about)}."
    elif about.kind.is_work:
        seconds = view.step_total_s if about is step else about.seconds
        detail = f"Hold for {format_seconds(seconds)}"
    else:
        detail = ""
    return StageText(
        label=label,
        detail=detail,
        cue=cue,
        following=(
            f"{word}: {following.label} · {step_amount(following)}"
            if following is not None
            else "Last step"
        ),
    )
