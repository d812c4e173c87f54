"""The session screen: one step at a time, a big countdown, a bell at every change.

The screen never reads a clock. It asks the engine: after every key and on a one-shot timer
set for the moment the shown second changes, it calls ``engine.tick()``, acts on the cues
(bell, flash, save) and redraws from ``engine.view()``: the words only when the step or state
changed, the countdown, meters and title every time.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static

from postchain_tui.core.engine import ADJUST_STEP_S, SessionEngine
from postchain_tui.core.engine_types import Cue, CueKind, EngineState
from postchain_tui.core.plan import PlannedStep, StepKind, build_plan
from postchain_tui.core.routine import Routine
from postchain_tui.core.session_options import rest_ran_out, routine_for_session
from postchain_tui.core.set_entry import SetEntry
from postchain_tui.core.settings import Settings
from postchain_tui.core.store import SessionStore, new_session_id
from postchain_tui.screens.formatting import step_amount
from postchain_tui.screens.session_saving import SessionSaved, SessionSaving
from postchain_tui.screens.session_showing import SessionShowing
from postchain_tui.screens.session_widgets import SessionWidgets
from postchain_tui.terminal_title import TerminalTitle
from postchain_tui.widgets import KeyBar

if TYPE_CHECKING:
    from postchain_tui.core.outcome import SessionOutcome
    from postchain_tui.core.progression import Advice
    from postchain_tui.core.record import SessionLog

_BELL_CUES = {CueKind.STEP, CueKind.COUNT, CueKind.FINISHED}
_SAVE_CUES = {CueKind.STEP_FINISHED, CueKind.FINISHED}
_STEP_CHANGE_CUES = {CueKind.STEP, CueKind.FINISHED}


class SessionScreen(SessionShowing):
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
        running_dir: where to keep the marker that tells a running session from one a crash
            cut off; None keeps no marker.
        resume_from: an interrupted session of this routine to go on with: the session starts
            after its last finished step and is saved into its file, under its id.
        ended: called with what the screen would be dismissed with, instead of dismissing it;
            for a screen that is the app's first, which cannot be dismissed.
        advice: where each exercise starts today (see ``core.progression``): the seconds to
            hold where progression has moved a hold range on (ranges start at their low end
            otherwise), and the load to prefill for a loaded exercise.
        todays_advice: asks the log for ``advice``. A session that opens with a lead-in asks
            ``HOLDS_DELAY_S`` after it is mounted, and the answer revises the steps not begun
            (the lead-in leaves time for it); any other asks before it starts.
        settings: the user's settings: bell, flash, lead-in, and whether a set after a rest
            starts by itself or waits for Enter.
        announce: called with the words to say aloud at once (a step's start, a count, a pause,
            the end), and whether a step began or the session ended; before the screen saves,
            so speech keeps time with the title. None says nothing.

    Raises:
        ValueError: when ``resume_from`` cannot be resumed with this routine.
    """

    CSS_PATH = "session.tcss"
    FLASH_SECONDS = 0.3
    HOLDS_DELAY_S = 0.1
    """How long after the screen is mounted ``todays_advice`` is asked, in a session that opens
    with a lead-in. Textual writes each frame from a thread of its own, which the asking would
    hold up (a long log that is not indexed yet is listed first): the first frame reaches the
    terminal first."""
    MAX_WAIT_S = 1.0
    # Wake just after the second boundary, so the flip is already due when the tick runs
    # even if the timer fires a little early.
    WAKE_MARGIN_S = 0.002

    # Bindings that share a key share its id, so a keymap moves the key's whole job.
    BINDINGS = [
        Binding("enter", "start", "Start", id="session.done"),
        Binding("enter", "done", "Done", id="session.done"),
        Binding("enter", "begin_set", "Start set", id="session.done"),
        Binding("space", "pause", "Pause", id="session.pause"),
        Binding("space", "resume", "Resume", id="session.pause"),
        Binding("space", "start", "Start", show=False, id="session.pause"),
        Binding("n,right", "skip", "Skip", key_display="n/→", id="session.skip"),
        Binding("p,left", "back", "Back", key_display="p/←", id="session.back"),
        Binding(
            "plus,equals_sign",
            "adjust(1)",
            f"+{ADJUST_STEP_S}s",
            key_display="+",
            id="session.more_time",
        ),
        Binding(
            "minus", "adjust(-1)", f"-{ADJUST_STEP_S}s", key_display="-", id="session.less_time"
        ),
        Binding("tab", "switch_field", "Load/reps", id="session.switch_field"),
        Binding("q", "quit_session", "Quit", id="session.quit"),
        Binding("v", "toggle_voice", "Voice on/off", show=False, id="session.voice"),
        *(
            Binding(
                digit,
                f"type_key('{digit}')",
                "Type the reps (or load) done",
                show=False,
                id=f"session.type_{digit}",
            )
            for digit in "0123456789"
        ),
        Binding(
            "full_stop",
            "type_key('.')",
            "Type a decimal point in the load",
            show=False,
            id="session.type_point",
        ),
        Binding(
            "backspace",
            "erase",
            "Take back the last digit typed",
            show=False,
            id="session.erase",
        ),
    ]

    class VoiceToggled(Message):
        """The user wants the voice off, or back on."""

    def __init__(
        self,
        routine: Routine,
        *,
        store: SessionStore,
        clock: Callable[[], float],
        wall: Callable[[], datetime] | None = None,
        title: TerminalTitle | None = None,
        autostart: bool = True,
        running_dir: Path | None = None,
        resume_from: SessionLog | None = None,
        advice: Advice | None = None,
        todays_advice: Callable[[], Advice | None] | None = None,
        settings: Settings | None = None,
        ended: Callable[[SessionOutcome | None], None] | None = None,
        announce: Callable[[str, bool], None] | None = None,
    ) -> None:
        super().__init__()
        self.announce = announce
        self.settings = settings or Settings()
        routine = routine_for_session(routine, self.settings)
        self.autostart = autostart
        self.routine = routine
        self.store = store
        holds = advice.holds if advice is not None else None
        self.loads: Mapping[str, float] = advice.loads if advice is not None else {}
        self.engine = SessionEngine(build_plan(routine, holds=holds), now=clock, wall=wall)
        self.todays_advice = todays_advice
        self.ended = ended
        if not self.opens_with_lead_in:
            self.ask_todays_advice()
        self.terminal_title = title
        self.running_dir = running_dir
        self.resume_from = resume_from
        self.start_index = 0
        self.session_id: str | None = None
        if resume_from is not None:
            from postchain_tui.core.resume import resume_index  # only a resumed session

            start_index = resume_index(resume_from, self.engine.steps)
            if start_index is None:
                raise ValueError(f"session {resume_from.id} cannot be resumed with this routine")
            self.start_index = start_index
            self.session_id = resume_from.id
        self.saving = SessionSaving(
            routine,
            store=store,
            running_dir=running_dir,
            resume_from=resume_from,
            load_unit=self.settings.load_unit,
            notify=self.notify,
            report=self._saves_done,
        )
        self._finishing = False
        self.entry = SetEntry()
        self.waker: Timer | None = None
        """Wakes the screen when the shown second changes; None while nothing is counting."""
        self._flash: Timer | None = None
        self._keys_shown_for: tuple[EngineState, bool, bool] | None = None
        self._words_shown_for: tuple[object, ...] | None = None
        self.widgets = SessionWidgets.create()
        self._held_at: int | None = None
        self._resume_on_return = False
        self._state_heard: EngineState | None = None
        self.wake_delay: float | None = None
        """Seconds until the screen next wakes itself, or None while nothing is counting."""

    @property
    def opens_with_lead_in(self) -> bool:
        """Whether the session's first step is a lead-in (the user's settings may drop it)."""
        return self.engine.steps[0].kind is StepKind.LEAD_IN

    def ask_todays_advice(self) -> None:
        """Ask ``todays_advice`` (once): hold for that long in the steps not begun yet, and
        prefill those loads."""
        ask, self.todays_advice = self.todays_advice, None
        advice = ask() if ask is not None else None
        if advice is None:
            return
        self.loads = advice.loads
        self.engine.revise_steps(build_plan(self.routine, holds=advice.holds))
        if self.is_mounted:
            self.refresh_from_engine()

    def compose(self) -> ComposeResult:
        """The routine and position on top, the stage in the middle, what is next below."""
        widgets = self.widgets
        with Horizontal(id="top"):
            yield Static(self.routine.title, id="routine-title", markup=False)
            yield widgets.position
        with widgets.stage:
            with Horizontal(id="heading"):
                yield widgets.phase
                yield widgets.step_label
            yield widgets.countdown
            yield widgets.detail
            yield widgets.cue
            yield widgets.step_meter
        yield widgets.following
        yield widgets.session_meter
        yield KeyBar()

    def on_mount(self) -> None:
        """Start the session, or show the routine ready to start."""
        if self.todays_advice is not None:
            self.set_timer(self.HOLDS_DELAY_S, self.ask_todays_advice, name="todays-advice")
        if self.autostart:
            # Opening on the first step is change enough: a flash would only restyle the
            # screen before its first frame (the bell still rings).
            self.action_start(flash=False)
        else:
            self.refresh_from_engine()

    def on_unmount(self) -> None:
        """Never drop a session: one cut off by the app closing is saved as incomplete.

        The app may be exiting: the last save is written before this returns.
        """
        self._stop_waking()
        if self.engine.state in (EngineState.RUNNING, EngineState.PAUSED):
            self.engine.end_early()
            self.save(wait=True)
        self.saving.flush()
        self.saving.unmark()

    # -- driving ------------------------------------------------------------------------------

    def refresh_from_engine(self) -> None:
        """Bring the engine up to its clock, act on what happened and redraw.

        Called by the waker timer while a step runs; tests call it after moving a fake clock.
        """
        self._apply([])

    def _apply(self, cues: list[Cue], *, flash: bool = True) -> None:
        cues = cues + self.engine.tick()
        if not self.settings.auto_start_after_rest and rest_ran_out(self.engine, cues):
            # The set waits for Enter; the wait is recorded as paused, as it is.
            self.engine.pause()
            self._held_at = self.engine.index
        kinds = {cue.kind for cue in cues}
        if kinds & _BELL_CUES:
            if self.settings.bell:
                self.app.bell()
            if self.settings.flash and flash:
                self.flash()
        if CueKind.STEP in kinds or CueKind.FINISHED in kinds:
            self._new_entry()
        self._announce(cues)
        view = self.engine.view()
        # The keys on offer depend only on the state and on whether the step is timed; the
        # footer is rebuilt only when those change.
        keys_for = (view.state, view.step is None or view.step.is_timed, self.waiting_for_enter)
        if keys_for != self._keys_shown_for:
            self._keys_shown_for = keys_for
            self.refresh_bindings()
        self._show(view)
        if kinds & _SAVE_CUES:
            # After the new step is shown, so the disk never holds up the countdown or title.
            self.save()
        if self.engine.state is EngineState.FINISHED:
            self._finish()
        else:
            self._arm_waker()

    def _arm_waker(self) -> None:
        wait = self.engine.seconds_until_change()
        if not math.isfinite(wait):
            self._stop_waking()
            return
        self.wake_delay = min(wait, self.MAX_WAIT_S) + self.WAKE_MARGIN_S
        if self.waker is not None:
            self.waker.stop()
        self.waker = self.set_timer(self.wake_delay, self.refresh_from_engine, name="session-wake")

    def _stop_waking(self) -> None:
        self.wake_delay = None
        if self.waker is not None:
            self.waker.stop()
            self.waker = None

    def _finish(self) -> None:
        self._stop_waking()
        if self.saving.session_log is None:
            self.save()
        self._finishing = True
        self._leave_when_saved()

    def _leave_when_saved(self) -> None:
        saving = self.saving
        if not self._finishing or not saving.settled:
            return
        self._finishing = False
        saving.unmark()
        from postchain_tui.core.outcome import SessionOutcome  # the session model, at its end

        self._leave(
            SessionOutcome(
                routine=self.routine,
                log=saving.session_log,
                saved_to=saving.saved_to,
                save_error=saving.save_error,
            )
        )

    def _leave(self, outcome: SessionOutcome | None) -> None:
        if self.ended is not None:
            self.ended(outcome)
        else:
            self.dismiss(outcome)

    # -- saving -------------------------------------------------------------------------------

    def save(self, *, wait: bool = False) -> bool:
        """Save the session as far as it has got, replacing the earlier save, in the background.

        A failure is reported and kept for the summary; the next save point tries again with
        the whole log, so nothing is lost while the app keeps running.

        Nothing is written before a set has begun: a session left during its lead-in was no
        session (see ``core.counting``), and leaves neither a file nor a running marker.

        Args:
            wait: save here and now, after the saves under way (see ``SessionSaving.save``).

        Returns:
            False when there is nothing to save yet.
        """
        started = self.engine.started_wall
        if started is None or not (self.engine.work_began or self.resume_from is not None):
            return False
        if self.session_id is None:
            self.session_id = new_session_id(self.routine.id, started)
        self.saving.save(self.engine, self.session_id, wait=wait)
        return True

    def _saves_done(self) -> None:
        # In the writer's thread: the results are taken on the event loop.
        self.post_message(SessionSaved())

    def on_session_saved(self, _message: SessionSaved) -> None:
        """Keep what the saves came to; a finished session leaves once its last save is in."""
        self.saving.take_results()
        self._leave_when_saved()

    # -- keys ---------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer only the keys that do something now (the footer follows)."""
        state = self.engine.state
        step = self.engine.current
        in_session = state in (EngineState.RUNNING, EngineState.PAUSED)
        rule = {
            "start": state is EngineState.READY,
            "done": (
                in_session and step is not None and not step.is_timed and not self.waiting_for_enter
            ),
            "begin_set": self.waiting_for_enter,
            "pause": state is EngineState.RUNNING,
            "resume": state is EngineState.PAUSED,
            "skip": in_session,
            "back": in_session,
            "adjust": in_session and step is not None and step.is_timed,
            "type_key": in_session and step is not None and not step.is_timed,
            "erase": in_session and step is not None and not step.is_timed,
            "switch_field": in_session and step is not None and self.entry.uses_load,
        }
        return rule.get(action, True)

    def action_start(self, flash: bool = True) -> None:
        """Start the session (a resumed one at the step after its last finished one).

        Args:
            flash: flash the stage as at every change of step.
        """
        if self.resume_from is not None and not self.saving.mark_running(self.resume_from.id):
            self.notify(
                "This session has been resumed in another window already.",
                title="Running elsewhere",
                severity="warning",
                timeout=10,
            )
            self._leave(None)
            return
        cues = self.engine.start(self.start_index)
        if self.resume_from is None:
            assert self.engine.started_wall is not None
            # Marked as running at its first save, once a set has begun.
            self.session_id = new_session_id(self.routine.id, self.engine.started_wall)
        self._apply(cues, flash=flash)

    def action_done(self) -> None:
        """End the rep set, with the reps and load typed; unlikely reps are asked about first."""
        step = self.engine.current
        entry = self.entry
        if step is None or not entry.needs_confirming(step.reps):
            self._set_done(step, entry)
            return
        was_running = self.engine.state is EngineState.RUNNING
        self.engine.pause()
        self._apply([])

        def answered(keep: bool | None) -> None:
            if was_running:
                self.engine.resume()
            if keep:
                self._set_done(step, entry)
            else:
                self._apply([])

        from postchain_tui.screens.confirm import ConfirmationModal

        self.app.push_screen(
            ConfirmationModal(
                f"{entry.reps_done} reps?",
                f"That is far more than the target of {step_amount(step)}. Keep it, or go back "
                "and correct it (Backspace takes back a digit).",
                yes_label="Keep it",
                no_label="Correct it",
            ),
            callback=answered,
        )

    def _set_done(self, step: PlannedStep | None, entry: SetEntry) -> None:
        load = entry.load_used
        if step is not None and load is not None:
            # The next set of the exercise starts from the load just used.
            self.loads = {**self.loads, step.exercise: load}
        self._apply(self.engine.done(reps=entry.reps_done, load=load))

    def action_pause(self) -> None:
        """Pause; the countdown stops where it is."""
        self.engine.pause()
        self._apply([])

    def action_resume(self) -> None:
        """Resume; the step gets back the time spent paused."""
        self._held_at = None
        self.engine.resume()
        self._apply([])

    def action_begin_set(self) -> None:
        """Start the set that waits after a rest."""
        self.action_resume()

    def on_screen_suspend(self) -> None:
        """Pause while another screen covers this one (help, the command palette).

        The session cannot end underneath it, and time spent reading is not counted as work.
        A glance at the key list or the palette goes on when it closes; after anything else
        (the log, a question) the session waits to be resumed.
        """
        if self.engine.state is EngineState.RUNNING:
            self.engine.pause()
            self._apply([])
            from textual.command import CommandPalette

            from postchain_tui.screens.help import HelpScreen

            self._resume_on_return = isinstance(self.app.screen, (HelpScreen, CommandPalette))

    def on_screen_resume(self) -> None:
        """Go on after a glance at the key list or the palette, if the session was running."""
        if self._resume_on_return and self.engine.state is EngineState.PAUSED:
            self.action_resume()
        self._resume_on_return = False

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

    def action_type_key(self, key: str) -> None:
        """Type a digit of the reps done, or a digit or decimal point of the load.

        Args:
            key: ``0`` to ``9``, or ``.``.
        """
        self.entry = self.entry.typed(key)
        self._show(self.engine.view())

    def action_erase(self) -> None:
        """Take back the last character typed in the current field."""
        self.entry = self.entry.erased()
        self._show(self.engine.view())

    def action_switch_field(self) -> None:
        """Move between the reps and the load."""
        self.entry = self.entry.switched()
        self._show(self.engine.view())

    def action_toggle_voice(self) -> None:
        """Turn the voice off, or back on; the app keeps the choice in the settings."""
        self.post_message(self.VoiceToggled())

    def has_something_to_lose(self) -> bool:
        """Whether a session is under way, which quitting the app would end (see ``quitting``)."""
        return self.engine.state in (EngineState.RUNNING, EngineState.PAUSED)

    def ask_before_quitting(self) -> None:
        """Ask before ending the session, as ``q`` does."""
        self.action_quit_session()

    def action_quit_session(self) -> None:
        """Leave; a started session is asked about first and then kept as incomplete.

        The session is paused while the question is open, so it cannot end underneath it.
        """
        if self.engine.state is EngineState.READY:
            self._leave(None)
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

        from postchain_tui.screens.confirm import ConfirmationModal  # off the first frame's way

        self.app.push_screen(
            ConfirmationModal(
                "End this session now?",
                "What you have done so far is saved, marked as not completed.",
                yes_label="End session",
                no_label="Keep going",
            ),
            callback=answered,
        )
