"""From a routine picked to its summary closed: the session screen with the app's clocks,
folders and settings, today's advice from the log, and the summary once the session ends.

The screens are imported when first needed: the picker's first frame needs none of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from postchain_tui.terminal_title import APP_NAME

if TYPE_CHECKING:
    from pathlib import Path

    from postchain_tui.app import PostchainApp
    from postchain_tui.core.outcome import SessionOutcome
    from postchain_tui.core.progression import Advice
    from postchain_tui.core.record import SessionLog
    from postchain_tui.core.resume import InterruptedSession
    from postchain_tui.core.routine import Routine
    from postchain_tui.screens.session import SessionScreen


class SessionFlow:
    """Sessions of the app, one after the other.

    Args:
        app: the app the sessions run in.
    """

    def __init__(self, app: PostchainApp) -> None:
        self.app = app
        self.ended_session: SessionOutcome | None = None
        """The last session done, as finally saved; the command line sums it up on exit."""

    def start(self, routine: Routine, resume_from: SessionLog | None = None) -> None:
        """Open the session screen for a routine.

        Args:
            routine: the routine to do.
            resume_from: an interrupted session of it to go on with; it waits for Enter.
        """
        self.app.push_screen(self.screen(routine, resume_from), callback=self.ended)

    def resume(self, offer: InterruptedSession) -> None:
        """Go on with an interrupted session where it stopped.

        Args:
            offer: the session; it must be resumable.
        """
        assert offer.routine is not None
        self.start(offer.routine, resume_from=offer.log)

    def screen(
        self,
        routine: Routine,
        resume_from: SessionLog | None = None,
        ended: Callable[[SessionOutcome | None], None] | None = None,
    ) -> SessionScreen:
        """The session screen for a routine, with the app's clocks, folders and settings.

        Where each hold starts today comes from the log's quick check, which the session asks
        for during its lead-in (see ``SessionScreen``), so the log never holds up the
        countdown. A log that is not indexed yet is indexed in the background meanwhile, and
        the session keeps the routine's own holds.

        Args:
            routine: the routine to do.
            resume_from: an interrupted session of it to go on with.
            ended: told when the session ends, for a screen that is not pushed.
        """
        from postchain_tui.screens.session import SessionScreen

        app = self.app
        if resume_from is not None:  # a resumed session says nothing of the log
            advice, todays_advice = self._todays_advice(routine, tell=False), None
        else:
            advice, todays_advice = None, partial(self._todays_advice, routine, tell=True)
        return SessionScreen(
            routine,
            store=app.store,
            clock=app.clock,
            wall=app.wall,
            title=app.terminal_title,
            advice=advice,
            todays_advice=todays_advice,
            autostart=resume_from is None,
            running_dir=app.running_dir,
            resume_from=resume_from,
            settings=app.settings,
            ended=ended,
            announce=app.announce,
        )

    def _todays_advice(self, routine: Routine, *, tell: bool) -> Advice | None:
        """Where each exercise starts today (holds and loads), from the log's quick check.

        Args:
            routine: the routine to be done.
            tell: say what moved on since last time, or that the log is not indexed yet.

        Returns:
            The advice; None when the log could not be checked quickly.
        """
        training = self.app.training_log()
        advice = training.advice_at_start(routine)
        if advice is None:
            indexing = training.index_in_background()
            if tell:
                why = "is being indexed" if indexing else "is too long to read without its index"
                self.app.notify(
                    f"The training log {why}: today's holds are the routine's own.",
                    title="Today",
                    timeout=8,
                    markup=False,
                )
            return None
        if advice.notes and tell:
            self._tell_today(advice.notes)
        return advice

    def _tell_today(self, notes: list[str]) -> None:
        """Say what moved on since last time; on a small terminal, briefly and in a line, so
        that the note stays below the countdown."""
        app = self.app
        width, height = app.size
        if width >= app.HORIZONTAL_BREAKPOINTS[1][0] and height >= app.VERTICAL_BREAKPOINTS[1][0]:
            app.notify("\n".join(notes), title="Today", timeout=8, markup=False)
            return
        from postchain_tui.screens.formatting import first_of_notes

        app.notify(first_of_notes(notes), title="Today", timeout=4, markup=False)

    def ended(self, outcome: SessionOutcome | None) -> None:
        """Sum a session up once it has ended, or go back to the start.

        Args:
            outcome: how the session ended; None if it was left before it began.
        """
        app = self.app
        app.terminal_title.set(APP_NAME)
        if outcome is None:
            self._back_to_start()
            return
        self.ended_session = outcome
        if outcome.log is None:
            from postchain_tui.core.outcome import NOTHING_LOGGED

            app.notify(NOTHING_LOGGED, title=outcome.routine.title, markup=False)
            self._back_to_start()
            return
        from postchain_tui.screens.summary import SummaryScreen

        training = app.training_log()
        training.close_index()  # the session just saved is part of the log now
        changes = training.changes_since_last(outcome.log)
        summary = SummaryScreen(
            outcome, app.store, changes=changes, load_unit=app.settings.load_unit
        )
        app.push_screen(summary, callback=lambda log: self._summary_closed(log, summary.kept_at))

    def _summary_closed(self, log: SessionLog | None, kept_at: Path | None = None) -> None:
        if log is not None and self.ended_session is not None:
            # The summary dismisses only once the log is saved, feedback and all.
            self.ended_session = replace(
                self.ended_session, log=log, saved_to=self.app.store.path_for(log.id), save_error=""
            )
        elif kept_at is not None and self.ended_session is not None:
            # The disk refused the log's folder; the user had it saved into another.
            self.ended_session = replace(self.ended_session, saved_to=kept_at, save_error="")
        self.app.training_log().close_index()
        self._back_to_start()

    def _back_to_start(self) -> None:
        # Started with a routine: there is no picker to go back to.
        if self.app.start_routine is not None:
            self.app.exit()
