"""What the app opens with: the first screen's style sheet, read with the app's own, and what
is said or offered once it is up (settings not used, a missing voice, the training log asked
for, sessions a crash cut off)."""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from postchain_tui.core.routine import RoutineError

if TYPE_CHECKING:
    from postchain_tui.app import AppOptions, PostchainApp


def first_screen_css(options: AppOptions) -> str:
    """The style sheet of the screen the app opens with, relative to the app's module.

    Textual parses all of its styles again whenever a screen brings a style sheet it has not
    read yet; the first screen's is therefore read with the app's own, before anything is
    parsed. (The screen names it all the same, and it is not read twice.)

    Args:
        options: what the app is given.

    Returns:
        The history's, the session's or the picker's ``.tcss`` file.
    """
    if options.open_history:
        return "screens/history.tcss"
    if options.start is not None:
        return "screens/session.tcss"
    return "screens/picker.tcss"


def open_first_screen(app: PostchainApp) -> None:
    """Say what was wrong in the settings, then open the history or offer interrupted sessions.

    The picker or a session is open already (see ``PostchainApp.get_default_screen``).

    Args:
        app: the app, mounted.
    """
    # The command line holds the garbage collector off until the first frame is out.
    app.call_after_refresh(gc.enable)
    if app.settings_problems:
        # What would be allowed is left out here (it is printed on the terminal too): the
        # note must not hide a session's countdown for long.
        brief = (
            RoutineError(problem.message, path=problem.path, line=problem.line, key=problem.key)
            for problem in app.settings_problems
        )
        app.notify(
            "\n".join(["Not used from the settings file:", *map(str, brief)]),
            title="Settings",
            severity="warning",
            timeout=10,
            markup=False,
        )
    missing_voice = app.voice.missing()
    if missing_voice is not None:
        app.notify(missing_voice, title="Voice", timeout=10, markup=False)
    if app.open_history:
        app.show_history()
        return
    if app.running_dir is None or not app.interrupted_at_start:
        return
    # Only after a crash: the offer's screens stay off the way to the first frame.
    from postchain_tui.screens.resume import offer_interrupted_sessions

    start_routine = app.start_routine
    offer_interrupted_sessions(
        app,
        running_dir=app.running_dir,
        store=app.store,
        catalog=app.catalog,
        plan_for=app.session_plan,
        resume=app.sessions.resume,
        done=lambda: app.sessions.start(start_routine) if start_routine is not None else None,
    )
