"""Driving the session screen: the engine on its clock, a one-shot timer that wakes the screen
when the shown second changes, the saves, and leaving once the session has ended.

After every key and on the timer the screen calls ``engine.tick()``, acts on the cues (bell,
flash, save) and redraws (see ``SessionShowing``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual.timer import Timer

from postchain_tui.core.engine import SessionEngine
from postchain_tui.core.engine_types import Cue, CueKind, EngineState
from postchain_tui.core.plan import StepKind, build_plan
from postchain_tui.core.routine import Routine
from postchain_tui.core.session_options import rest_ran_out, routine_for_session
from postchain_tui.core.set_entry import SetEntry
from postchain_tui.core.settings import Settings
from postchain_tui.core.store import SessionStore, new_session_id
from postchain_tui.screens.session_saving import SessionSaved, SessionSaving
from postchain_tui.screens.session_showing import SessionShowing
from postchain_tui.screens.session_widgets import SessionWidgets
from postchain_tui.terminal_title import TerminalTitle

if TYPE_CHECKING:
    from postchain_tui.core.outcome import SessionOutcome
    from postchain_tui.core.progression import Advice
    from postchain_tui.core.record import SessionLog

_BELL_CUES = {CueKind.STEP, CueKind.COUNT, CueKind.FINISHED}
_SAVE_CUES = {CueKind.STEP_FINISHED, CueKind.FINISHED}


class SessionDriving(SessionShowing):
    """The driving half of the session screen (see ``SessionScreen``, which adds the keys).

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

    HOLDS_DELAY_S = 0.1
    """How long after the screen is mounted ``todays_advice`` is asked, in a session that opens
    with a lead-in. Textual writes each frame from a thread of its own, which the asking would
    hold up (a long log that is not indexed yet is listed first): the first frame reaches the
    terminal first."""
    MAX_WAIT_S = 1.0
    # Wake just after the second boundary, so the flip is already due when the tick runs
    # even if the timer fires a little early.
    WAKE_MARGIN_S = 0.002

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
