"""The postchain app: picker, session and summary screens wired together.

Use :func:`make_app`; the screens live in ``postchain_tui.screens``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from textual.app import App

from postchain_tui.core.catalog import Catalog
from postchain_tui.core.clock import session_clock
from postchain_tui.core.routine import Routine
from postchain_tui.core.store import SessionStore
from postchain_tui.screens.picker import PickerScreen
from postchain_tui.terminal_title import APP_NAME, TerminalTitle

if TYPE_CHECKING:
    from postchain_tui.core.record import SessionLog
    from postchain_tui.screens.session import SessionOutcome


class PostchainApp(App[None]):
    """Pick a routine, do it one step at a time, say how it went.

    Args:
        catalog: the routines to offer, and files that could not be loaded.
        store: where sessions are saved.
        start: a routine to go straight into; the app exits after its summary.
        clock: the session clock, in seconds.
        wall: the wall clock for session start times; the local time by default.
    """

    CSS_PATH = "app.tcss"
    TITLE = APP_NAME
    ENABLE_COMMAND_PALETTE = False
    # Screens stack their panes on narrow terminals and trim text on short ones.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]

    def __init__(
        self,
        *,
        catalog: Catalog,
        store: SessionStore,
        start: Routine | None = None,
        clock: Callable[[], float] = session_clock,
        wall: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__()
        self.catalog = catalog
        self.store = store
        self.start_routine = start
        self.clock = clock
        self.wall = wall
        self.terminal_title = TerminalTitle(self.write_to_terminal)

    def write_to_terminal(self, sequence: str) -> None:
        """Send an escape sequence straight to the terminal (nothing when headless).

        Args:
            sequence: the raw text to write.
        """
        # Textual has no API for the window title; this is how it sends its own bell.
        driver = self._driver
        if driver is not None and not self.is_headless:
            driver.write(sequence)

    def on_mount(self) -> None:
        """Open the picker, or go straight into the routine given on the command line."""
        self.terminal_title.save()
        self.terminal_title.set(APP_NAME)
        if self.start_routine is not None:
            self.start_session(self.start_routine)
        else:
            self.push_screen(PickerScreen(self.catalog.entries, self.catalog.errors))

    def on_unmount(self) -> None:
        """Give the terminal its own title back."""
        self.terminal_title.restore()

    def on_picker_screen_chosen(self, message: PickerScreen.Chosen) -> None:
        """Start the routine picked."""
        self.start_session(message.routine)

    def start_session(self, routine: Routine) -> None:
        """Open the session screen for a routine.

        Args:
            routine: the routine to do.
        """
        from postchain_tui.screens.session import SessionScreen

        screen = SessionScreen(
            routine, store=self.store, clock=self.clock, wall=self.wall, title=self.terminal_title
        )
        self.push_screen(screen, callback=self._session_ended)

    def _session_ended(self, outcome: SessionOutcome | None) -> None:
        self.terminal_title.set(APP_NAME)
        if outcome is None:
            self._back_to_start()
            return
        from postchain_tui.screens.summary import SummaryScreen

        self.push_screen(SummaryScreen(outcome, self.store), callback=self._summary_closed)

    def _summary_closed(self, _log: SessionLog | None) -> None:
        self._back_to_start()

    def _back_to_start(self) -> None:
        # Started with a routine: there is no picker to go back to.
        if self.start_routine is not None:
            self.exit()


def make_app(
    *,
    catalog: Catalog,
    store: SessionStore,
    start: Routine | None = None,
    clock: Callable[[], float] = session_clock,
    wall: Callable[[], datetime] | None = None,
) -> PostchainApp:
    """Build the app, for the command line and for tests.

    Args:
        catalog: the routines for the picker (and load errors to report).
        store: where sessions are saved.
        start: a routine to start at once instead of showing the picker.
        clock: the session clock in seconds; tests pass a fake one.
        wall: the wall clock for session start times (timezone-aware); tests pass a fixed one.

    Returns:
        The app, not yet running.
    """
    return PostchainApp(catalog=catalog, store=store, start=start, clock=clock, wall=wall)
