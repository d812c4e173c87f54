"""How the session screen shows the engine: the words when the step or state changed, the
countdown, meters and title every time, a flash at each change, and what it says aloud."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from rich.text import Text
from textual.screen import Screen
from textual.timer import Timer

from postchain_tui.core.durations import format_seconds
from postchain_tui.core.engine import SessionEngine
from postchain_tui.core.engine_types import Cue, CueKind, EngineState, EngineView
from postchain_tui.core.plan import PlannedStep, StepKind
from postchain_tui.core.routine import Routine
from postchain_tui.core.set_entry import SetEntry
from postchain_tui.core.settings import Settings
from postchain_tui.core.spoken import Control, spoken_event, spoken_words
from postchain_tui.screens.formatting import step_amount
from postchain_tui.screens.session_text import (
    PHASE_CLASSES,
    big_time,
    phase_class,
    phase_word,
    stage_text,
)
from postchain_tui.screens.session_widgets import SessionWidgets
from postchain_tui.terminal_title import TerminalTitle, session_title

if TYPE_CHECKING:
    # Named in the base class's string only, which ruff does not read.
    from postchain_tui.core.outcome import SessionOutcome  # noqa: F401
    from postchain_tui.core.record import SessionLog

_STEP_CHANGE_CUES = {CueKind.STEP, CueKind.FINISHED}


class SessionShowing(Screen["SessionOutcome | None"]):
    """The drawing half of the session screen (see ``SessionDriving``, which sets all of this)."""

    FLASH_SECONDS = 0.3

    engine: SessionEngine
    routine: Routine
    settings: Settings
    widgets: SessionWidgets
    entry: SetEntry
    loads: Mapping[str, float]
    resume_from: SessionLog | None
    start_index: int
    terminal_title: TerminalTitle | None
    announce: Callable[[str, bool], None] | None
    _flash: Timer | None
    _words_shown_for: tuple[object, ...] | None
    _held_at: int | None
    _state_heard: EngineState | None

    # -- showing ------------------------------------------------------------------------------

    def flash(self) -> None:
        """Mark a change for a moment, for eyes that missed the bell."""
        self.widgets.stage.add_class("-flash")
        if self._flash is not None:
            self._flash.stop()
        self._flash = self.set_timer(self.FLASH_SECONDS, self.clear_flash, name="session-flash")

    def clear_flash(self) -> None:
        """End the flash now."""
        if self._flash is not None:
            self._flash.stop()
            self._flash = None
        self.widgets.stage.remove_class("-flash")

    def _show(self, view: EngineView) -> None:
        # The words change with the step and the state, not with the clock: most ticks skip them.
        words_for = (
            view.state,
            view.index,
            view.step_total_s,
            view.session_total_s,
            self.entry,
            self.waiting_for_enter,
        )
        if words_for != self._words_shown_for:
            self._words_shown_for = words_for
            self._show_words(view)
        self._show_time(view)
        if self.terminal_title is not None:
            self.terminal_title.set(session_title(view))

    def _before_resuming(self, view: EngineView) -> bool:
        """True while a resumed session waits to start: it shows where it will go on."""
        return self.resume_from is not None and view.state is EngineState.READY

    def _show_words(self, view: EngineView) -> None:
        widgets = self.widgets
        wanted = phase_class(view)
        widgets.stage.remove_class(*(name for name in PHASE_CLASSES if name != wanted))
        widgets.stage.add_class(wanted)
        index = self.start_index if self._before_resuming(view) else view.index
        widgets.position.update(f"step {index + 1} of {len(self.engine.steps)}")
        widgets.phase.update(f" {phase_word(view)} ")
        if view.step is None:
            self._show_ready_words(view)
        else:
            self._show_step_words(view)

    def _show_ready_words(self, view: EngineView) -> None:
        widgets = self.widgets
        steps = self.engine.steps
        first = steps[self.start_index]
        resuming = self.resume_from is not None
        widgets.step_label.update(
            "Finished"
            if view.state is EngineState.FINISHED
            else f"Press Enter to {'resume' if resuming else 'start'}"
        )
        if self._before_resuming(view):
            detail = f"Goes on at step {self.start_index + 1} of {len(steps)}"
        else:
            detail = f"About {format_seconds(view.session_total_s)} in all, {len(steps)} steps"
        widgets.detail.update(detail)
        widgets.cue.update(self.routine.summary)
        widgets.following.update(
            f"{'Next' if resuming else 'First'}: {first.label} · {step_amount(first)}"
        )

    def _show_step_words(self, view: EngineView) -> None:
        widgets = self.widgets
        text = stage_text(view, self._step_at(view.index + 2), self._entry_text(view.step))
        widgets.step_label.update(Text(text.label, style="bold"))
        widgets.detail.update("Press Enter to start." if self.waiting_for_enter else text.detail)
        widgets.cue.update(text.cue)
        widgets.following.update(text.following)

    def _show_time(self, view: EngineView) -> None:
        widgets = self.widgets
        if self._before_resuming(view):
            # The time left from the step it goes on at.
            left = float(sum(step.seconds for step in self.engine.steps[self.start_index :]))
            widgets.countdown.text = format_seconds(left)
            done = 1 - left / view.session_total_s if view.session_total_s else 0.0
            widgets.session_meter.update(done, f"session {format_seconds(left)} left")
        else:
            widgets.countdown.text = big_time(view)
            widgets.session_meter.update(
                view.session_progress, f"session {format_seconds(view.session_remaining_s)} left"
            )
        if view.step is None:
            widgets.step_meter.update(0.0, "")
        else:
            caption = format_seconds(view.step_total_s) if view.step.is_timed else ""
            widgets.step_meter.update(view.step_progress, caption)

    def _new_entry(self) -> None:
        step = self.engine.current
        uses_load = step is not None and step.kind is StepKind.REPS and step.uses_load
        load = self.loads.get(step.exercise) if step is not None else None
        self.entry = SetEntry.for_set(uses_load, load)

    def _entry_text(self, step: PlannedStep | None) -> str:
        if step is None or step.kind is not StepKind.REPS:
            return ""
        fields = self.entry.text(step_amount(step).removesuffix(" reps"), self.settings.load_unit)
        return f"{fields}  · Enter when done"

    def _announce(self, cues: list[Cue]) -> None:
        before, self._state_heard = self._state_heard, self.engine.state
        event = spoken_event(cues, before, self.engine.state)
        if event is None or self.announce is None:
            return
        words = spoken_words(
            event,
            self.engine.steps,
            completed=self.engine.completed,
            waiting=self.waiting_for_enter,
        )
        if words is None:
            return
        step_change = not isinstance(event, Control) and event.kind in _STEP_CHANGE_CUES
        self.announce(words, step_change)

    @property
    def waiting_for_enter(self) -> bool:
        """True while a set after a rest waits for Enter (when it does not start by itself)."""
        return (
            self._held_at is not None
            and self.engine.state is EngineState.PAUSED
            and self.engine.index == self._held_at
        )

    def _step_at(self, index: int) -> PlannedStep | None:
        return self.engine.steps[index] if index < len(self.engine.steps) else None
