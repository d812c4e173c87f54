"""Ending cleanly when told to by a signal: SIGTERM (``kill``) and SIGHUP (the terminal closed).

Left to their default, these signals end the process at once: the terminal stays in the
alternate screen with mouse tracking on and the cursor hidden, and a running session loses the
step under way. Instead, the app is asked to exit as it does from a key: the session screen
saves the session as cut off, and Textual gives the terminal back as it found it. The session's
running marker is kept, so the next start offers to resume it, and the exit status is 128 plus
the signal's number, as a shell reports a process a signal ended.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from typing import Any

from textual.app import App

EXIT_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def exit_status(signal_number: int) -> int:
    """The exit status of a process ended by this signal, as a shell reports it."""
    return 128 + signal_number


def install(app: App[Any]) -> None:
    """Make SIGTERM and SIGHUP ask ``app`` to exit cleanly, from its event loop.

    Args:
        app: the running app; call from its event loop (``on_mount``).
    """
    loop = asyncio.get_running_loop()
    for number in EXIT_SIGNALS:
        # Not every platform or thread can take signal handlers; the default is kept there.
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(number, _exit_on_signal, app, number)


def _exit_on_signal(app: App[Any], number: int) -> None:
    from postchain_tui.screens.session import SessionScreen

    for screen in app.screen_stack:
        # The session is saved as cut off when its screen closes; its marker must stay so
        # that the next start offers it, as after a crash.
        if isinstance(screen, SessionScreen) and screen.marker is not None:
            screen.marker.keep()
            screen.marker = None
    app.exit(return_code=exit_status(number))
