"""How the user's settings change a session: the lead-in, and waiting for Enter after a rest."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from postchain_tui.core.engine import SessionEngine
from postchain_tui.core.engine_types import Cue, CueKind, EndReason, EngineState
from postchain_tui.core.plan import StepKind
from postchain_tui.core.routine import Routine
from postchain_tui.core.settings import Settings


def routine_for_session(routine: Routine, settings: Settings) -> Routine:
    """The routine as the session does it: with the user's lead-in, when one is set.

    Args:
        routine: the routine as its file has it.
        settings: the user's settings.

    Returns:
        The routine, its defaults' lead-in replaced by the setting's (0 turns lead-ins off);
        the same routine when the setting is blank.
    """
    if settings.lead_in is None or settings.lead_in == routine.defaults.lead_in:
        return routine
    return replace(routine, defaults=replace(routine.defaults, lead_in=settings.lead_in))


def rest_ran_out(engine: SessionEngine, cues: Sequence[Cue]) -> bool:
    """Whether a rest has just run its full time and the work after it has just begun.

    A rest cut short with skip means the user is ready already, and stepping back into a set
    means they chose it, so neither counts.

    Args:
        engine: the running session.
        cues: what happened since the last time the caller looked.

    Returns:
        True when the current step is work, entered among ``cues``, straight from a rest
        that ended by its time.
    """
    step = engine.current
    if engine.state is not EngineState.RUNNING or step is None or not step.kind.is_work:
        return False
    entered = any(cue.kind is CueKind.STEP and cue.index == engine.index for cue in cues)
    if not entered or not engine.records:
        return False
    previous = engine.records[-1]
    return (
        previous.index == engine.index - 1
        and previous.step.kind is StepKind.REST
        and previous.ended_by is EndReason.TIME
    )
