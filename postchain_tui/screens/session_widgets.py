"""The widgets the session screen redraws, made once with the ids its CSS knows."""

from __future__ import annotations

from dataclasses import dataclass

from textual.containers import Vertical

from postchain_tui.widgets import BigCountdown, Meter
from postchain_tui.widgets.steady import SteadyStatic


@dataclass(frozen=True, slots=True)
class SessionWidgets:
    """The widgets the session screen redraws, kept so a tick never has to look them up.

    Attributes:
        stage: the frame around the countdown, classed by phase.
        position: ``step 3 of 12``.
        phase: the phase badge.
        step_label: the line beside the badge.
        countdown: the big number.
        detail: what to do, under the countdown.
        cue: how to do it.
        step_meter: how far through the step.
        following: the line under the stage, about the step after.
        session_meter: how far through the session.
    """

    stage: Vertical
    position: SteadyStatic
    phase: SteadyStatic
    step_label: SteadyStatic
    countdown: BigCountdown
    detail: SteadyStatic
    cue: SteadyStatic
    step_meter: Meter
    following: SteadyStatic
    session_meter: Meter

    @classmethod
    def create(cls) -> SessionWidgets:
        """Make the widgets, with the ids the screen's CSS and the tests know them by.

        Returns:
            New widgets, not mounted yet.
        """
        return cls(
            stage=Vertical(id="stage", classes="-ready"),
            position=SteadyStatic(id="position"),
            phase=SteadyStatic(id="phase"),
            step_label=SteadyStatic(id="step-label", markup=False),
            countdown=BigCountdown(id="countdown"),
            detail=SteadyStatic(id="detail", markup=False),
            cue=SteadyStatic(id="cue", markup=False),
            step_meter=Meter(id="step-meter"),
            following=SteadyStatic(id="next", markup=False),
            session_meter=Meter(id="session-meter"),
        )
