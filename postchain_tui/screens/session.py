"""The session screen: one step at a time, a big countdown, a bell at every change.

The screen never reads a clock. It asks the engine: after every key and on a timer that is
re-armed for the moment the shown second changes, it calls ``engine.tick()``, acts on the cues
(bell, flash, save) and redraws from ``engine.view()``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static

from postchain_tui.core.durations import format_seconds
from postchain_tui.core.engine import (
    ADJUST_STEP_S,
    Cue,
    CueKind,
    EngineState,
    EngineView,
    SessionEngine,
)
from postchain_tui.core.plan import PlannedStep, StepKind, build_plan
from postchain_tui.core.record import SessionLog
from postchain_tui.core.routine import Routine
from postchain_tui.core.store import SessionStore, new_session_id
from postchain_tui.screens.confirm import ConfirmationModal
from postchain_tui.screens.formatting import step_amount
from postchain_tui.terminal_title import TerminalTitle, session_title
from postchain_tui.widgets import BigCountdown, Meter

MAX_TYPED_REP_DIGITS = 3

_PHASE_WORDS = {
    StepKind.HOLD: "WORK",
    StepKind.REPS: "WORK",
    StepKind.REST: "REST",
    StepKind.SWITCH: "SWITCH SIDES",
    StepKind.LEAD_IN: "GET READY",
}
_PHASE_CLASSES = ("-ready", "-work", "-rest", "-paused", "-finished")
_BELL_CUES = {CueKind.STEP, CueKind.COUNT, CueKind.FINISHED}
_SAVE_CUES = {CueKind.STEP_FINISHED, CueKind.FINISHED}


@dataclass(frozen=True, slots=True)
class SessionOutcome:
    """What a session left behind, for the summary.

    Attributes:
        routine: the routine that was done.
        plan: the steps it was planned as.
        log: the session as last saved (or as it would have been saved).
        saved_to: the file the log is in, or None when the last save failed.
        save_error: why the last save failed, or empty.
    """

    routine: Routine
    plan: tuple[PlannedStep, ...]
    log: SessionLog
    saved_to: Path | None
    save_error: str = ""


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


def stage_text(view: EngineView, after_next: PlannedStep | None, typed_reps: str = "") -> StageText:
    """What the stage says about the current step.

    During work it is about that work. During a rest, a switch or the lead-in it is about the
    work coming next, so there is time to read its cue and get into position.

    Args:
        view: what the engine shows now; its step must not be None.
        after_next: the step after the next one, if any.
        typed_reps: reps typed so far in a rep set.

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
        detail = f"Target {step_amount(about)}."
        if about is step:
            detail += " Press Enter when done."
            if typed_reps:
                detail += f"  Reps done: {typed_reps}"
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


class SessionScreen(Screen[SessionOutcome | None]):
    """Runs one routine.

    Dismisses with a :class:`SessionOutcome` once the session has ended (finished or ended
    early), or with None when it is left before it started.

    Args:
        routine: the routine to do.
        store: where the session is saved.
        clock: the session clock, in seconds.
        wall: the wall clock for the start time (timezone-aware); the local time by default.
        title: keeps the terminal title; None leaves the title alone.
        autostart: start at once (the plan's lead-in gives time to get into position); False
            shows the routine first and waits for Enter.
    """

    CSS_PATH = "session.tcss"
    FLASH_SECONDS = 0.3
    MAX_WAIT_S = 1.0
    # Wake just after the second boundary, so the flip is already due when the tick runs
    # even if the timer fires a little early.
    WAKE_MARGIN_S = 0.002

    BINDINGS = [
        Binding("enter", "start", "Start"),
        Binding("enter", "done", "Done"),
        Binding("space", "pause", "Pause"),
        Binding("space", "resume", "Resume"),
        Binding("space", "start", "Start", show=False),
        Binding("n,right", "skip", "Skip", key_display="n/→"),
        Binding("p,left", "back", "Back", key_display="p/←"),
        Binding("plus,equals_sign", "adjust(1)", f"+{ADJUST_STEP_S}s", key_display="+"),
        Binding("minus", "adjust(-1)", f"-{ADJUST_STEP_S}s", key_display="-"),
        Binding("q", "quit_session", "Quit"),
        *(Binding(digit, f"type_reps('{digit}')", show=False) for digit in "0123456789"),
        Binding("backspace", "type_reps('')", show=False),
    ]

    def __init__(
        self,
        routine: Routine,
        *,
        store: SessionStore,
        clock: Callable[[], float],
        wall: Callable[[], datetime] | None = None,
        title: TerminalTitle | None = None,
        autostart: bool = True,
    ) -> None:
        super().__init__()
        self.autostart = autostart
        self.routine = routine
        self.store = store
        self.engine = SessionEngine(build_plan(routine), now=clock, wall=wall)
        self.terminal_title = title
        self.session_id: str | None = None
        self.session_log: SessionLog | None = None
        self.saved_to: Path | None = None
        self.save_error = ""
        self.typed_reps = ""
        self._wake: Timer | None = None
        self._flash: Timer | None = None
        self._keys_shown_for: tuple[EngineState, bool] | None = None
        self.wake_delay: float | None = None
        """Seconds until the screen next wakes itself, or None while nothing is counting."""

    def compose(self) -> ComposeResult:
        """The routine and position on top, the stage in the middle, what is next below."""
        with Horizontal(id="top"):
            yield Static(self.routine.title, id="routine-title", markup=False)
            yield Static(id="position")
        with Vertical(id="stage", classes="-ready"):
            with Horizontal(id="heading"):
                yield Static(id="phase")
                yield Static(id="step-label", markup=False)
            yield BigCountdown(id="countdown")
            yield Static(id="detail", markup=False)
            yield Static(id="cue", markup=False)
            yield Meter(id="step-meter")
        yield Static(id="next", markup=False)
        yield Meter(id="session-meter")
        yield Footer()

    def on_mount(self) -> None:
        """Start the session, or show the routine ready to start."""
        if self.autostart:
            self.action_start()
        else:
            self.refresh_from_engine()

    def on_unmount(self) -> None:
        """Never drop a session: one cut off by the app closing is saved as incomplete."""
        if self.engine.state in (EngineState.RUNNING, EngineState.PAUSED):
            self.engine.end_early()
            self.save()

    # -- driving ------------------------------------------------------------------------------

    def refresh_from_engine(self) -> None:
        """Bring the engine up to its clock, act on what happened and redraw.

        Called on a timer while a step runs; tests call it after moving a fake clock.
        """
        self._apply([])

    def _apply(self, cues: list[Cue]) -> None:
        cues = cues + self.engine.tick()
        kinds = {cue.kind for cue in cues}
        if kinds & _BELL_CUES:
            self.app.bell()
            self.flash()
        if CueKind.STEP in kinds:
            self.typed_reps = ""
        if kinds & _SAVE_CUES:
            self.save()
        view = self.engine.view()
        # The keys on offer depend only on the state and on whether the step is timed; the
        # footer is rebuilt only when those change.
        keys_for = (view.state, view.step is None or view.step.is_timed)
        if keys_for != self._keys_shown_for:
            self._keys_shown_for = keys_for
            self.refresh_bindings()
        self._show(view)
        if self.engine.state is EngineState.FINISHED:
            self._finish()
        else:
            self._arm_timer()

    def _arm_timer(self) -> None:
        if self._wake is not None:
            self._wake.stop()
            self._wake = None
        wait = self.engine.seconds_until_change()
        self.wake_delay = None
        if math.isfinite(wait):
            self.wake_delay = min(wait, self.MAX_WAIT_S) + self.WAKE_MARGIN_S
            self._wake = self.set_timer(
                self.wake_delay, self.refresh_from_engine, name="session-tick"
            )

    def _finish(self) -> None:
        if self._wake is not None:
            self._wake.stop()
            self._wake = None
        if self.session_log is None:
            self.save()
        assert self.session_log is not None
        self.dismiss(
            SessionOutcome(
                routine=self.routine,
                plan=self.engine.steps,
                log=self.session_log,
                saved_to=self.saved_to,
                save_error=self.save_error,
            )
        )

    # -- saving -------------------------------------------------------------------------------

    def save(self) -> Path | None:
        """Write the session as far as it has got, replacing the earlier save.

        A failure is reported and kept for the summary; the next save point tries again with
        the whole log, so nothing is lost while the app keeps running.

        Returns:
            The file written, or None when the disk refused or the session has not started.
        """
        started = self.engine.started_wall
        if started is None:
            return None
        if self.session_id is None:
            self.session_id = new_session_id(self.routine.id, started)
        self.session_log = SessionLog.from_engine(
            self.engine,
            session_id=self.session_id,
            routine=self.routine.id,
            title=self.routine.title,
        )
        try:
            path = self.store.save(self.session_log)
        except OSError as error:
            reason = error.strerror or str(error)
            if reason != self.save_error:
                self.notify(
                    f"Could not save the session to {self.store.folder}: {reason}. "
                    "It is kept in memory and saving is tried again after every step.",
                    title="Not saved",
                    severity="error",
                    timeout=10,
                    markup=False,
                )
            self.save_error = reason
            self.saved_to = None
            return None
        if self.save_error:
            self.notify("The session is saved again.", title="Saved")
        self.save_error = ""
        self.saved_to = path
        return path

    # -- showing ------------------------------------------------------------------------------

    def flash(self) -> None:
        """Mark a change for a moment, for eyes that missed the bell."""
        stage = self.query_one("#stage")
        stage.add_class("-flash")
        if self._flash is not None:
            self._flash.stop()
        self._flash = self.set_timer(self.FLASH_SECONDS, self.clear_flash, name="session-flash")

    def clear_flash(self) -> None:
        """End the flash now."""
        if self._flash is not None:
            self._flash.stop()
            self._flash = None
        self.query_one("#stage").remove_class("-flash")

    def _show(self, view: EngineView) -> None:
        stage = self.query_one("#stage")
        wanted = phase_class(view)
        stage.remove_class(*(name for name in _PHASE_CLASSES if name != wanted))
        stage.add_class(wanted)
        steps = self.engine.steps
        self.query_one("#position", Static).update(f"step {view.index + 1} of {len(steps)}")
        self.query_one("#phase", Static).update(f" {phase_word(view)} ")
        self.query_one("#countdown", BigCountdown).text = big_time(view)
        self.query_one("#session-meter", Meter).update(
            view.session_progress, f"session {format_seconds(view.session_remaining_s)} left"
        )
        if view.step is None:
            self._show_ready(view)
        else:
            self._show_step(view)
        if self.terminal_title is not None:
            self.terminal_title.set(session_title(view))

    def _show_ready(self, view: EngineView) -> None:
        first = self.engine.steps[0]
        self.query_one("#step-label", Static).update(
            "Finished" if view.state is EngineState.FINISHED else "Press Enter to start"
        )
        self.query_one("#detail", Static).update(
            f"About {format_seconds(view.session_total_s)} in all, {len(self.engine.steps)} steps"
        )
        self.query_one("#cue", Static).update(self.routine.summary)
        self.query_one("#step-meter", Meter).update(0.0, "")
        self.query_one("#next", Static).update(f"First: {first.label} · {step_amount(first)}")

    def _show_step(self, view: EngineView) -> None:
        text = stage_text(view, self._step_at(view.index + 2), self.typed_reps)
        self.query_one("#step-label", Static).update(Text(text.label, style="bold"))
        self.query_one("#detail", Static).update(text.detail)
        self.query_one("#cue", Static).update(text.cue)
        self.query_one("#next", Static).update(text.following)
        step_timed = view.step is not None and view.step.is_timed
        caption = format_seconds(view.step_total_s) if step_timed else ""
        self.query_one("#step-meter", Meter).update(view.step_progress, caption)

    def _step_at(self, index: int) -> PlannedStep | None:
        return self.engine.steps[index] if index < len(self.engine.steps) else None

    # -- keys ---------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer only the keys that do something now (the footer follows)."""
        state = self.engine.state
        step = self.engine.current
        in_session = state in (EngineState.RUNNING, EngineState.PAUSED)
        rule = {
            "start": state is EngineState.READY,
            "done": in_session and step is not None and not step.is_timed,
            "pause": state is EngineState.RUNNING,
            "resume": state is EngineState.PAUSED,
            "skip": in_session,
            "back": in_session,
            "adjust": in_session and step is not None and step.is_timed,
            "type_reps": in_session and step is not None and not step.is_timed,
        }
        return rule.get(action, True)

    def action_start(self) -> None:
        """Start the session."""
        self._apply(self.engine.start())

    def action_done(self) -> None:
        """End the rep set, with the reps typed if any."""
        reps = int(self.typed_reps) if self.typed_reps else None
        self._apply(self.engine.done(reps=reps))

    def action_pause(self) -> None:
        """Pause; the countdown stops where it is."""
        self.engine.pause()
        self._apply([])

    def action_resume(self) -> None:
        """Resume; the step gets back the time spent paused."""
        self.engine.resume()
        self._apply([])

    def action_skip(self) -> None:
        """Skip to the next step (recorded as skipped)."""
        self._apply(self.engine.skip())

    def action_back(self) -> None:
        """Go back to the previous step to redo it."""
        self._apply(self.engine.back())

    def action_adjust(self, direction: int) -> None:
        """Give the timed step more or less time.

        Args:
            direction: 1 for more, -1 for less.
        """
        self.engine.adjust(direction * ADJUST_STEP_S)
        self._apply([])

    def action_type_reps(self, digit: str) -> None:
        """Type the reps done in a rep set, digit by digit; an empty digit clears them.

        Args:
            digit: ``0`` to ``9``, or empty to clear.
        """
        if not digit:
            self.typed_reps = ""
        elif len(self.typed_reps) < MAX_TYPED_REP_DIGITS:
            self.typed_reps = (self.typed_reps + digit).lstrip("0")
        self._show(self.engine.view())

    def action_quit_session(self) -> None:
        """Leave; a started session is asked about first and then kept as incomplete.

        The session is paused while the question is open, so it cannot end underneath it.
        """
        if self.engine.state is EngineState.READY:
            self.dismiss(None)
            return
        was_running = self.engine.state is EngineState.RUNNING
        self.engine.pause()
        self._apply([])

        def answered(end: bool | None) -> None:
            if end:
                self._apply(self.engine.end_early())
                return
            if was_running:
                self.engine.resume()
            self._apply([])

        self.app.push_screen(
            ConfirmationModal(
                "End this session now?",
                "What you have done so far is saved, marked as not completed.",
                yes_label="End session",
                no_label="Keep going",
            ),
            callback=answered,
        )
