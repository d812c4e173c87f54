"""Ending cleanly when the system asks: a signal, or a Windows console being closed.

On Linux and macOS these are SIGTERM (``kill``) and SIGHUP (the terminal closed). On Windows
there are no such signals: closing the console window sends ``CTRL_CLOSE_EVENT`` (logging off
and shutting down send their own events), and Ctrl+Break sends ``CTRL_BREAK_EVENT``.

Left to their default, these end the process at once: the terminal stays in the alternate
screen with mouse tracking on and the cursor hidden, and a running session loses the step under
way. Instead, the app is asked to exit as it does from a key: the session screen saves the
session as cut off, and Textual gives the terminal back as it found it. The session's running
marker is kept, so the next start offers to resume it, and the exit status is 128 plus the
signal's number, as a shell reports a process a signal ended (SIGBREAK's on Windows).

Why Windows needs its own handler: the C runtime turns the console events into SIGBREAK, but its
handler only sets a flag and returns, and Windows ends a process whose handler has returned from
``CTRL_CLOSE_EVENT`` (so ``signal.signal(signal.SIGBREAK, ...)`` would rarely get to run). A
handler of our own, set with ``SetConsoleCtrlHandler``, is called on a thread of its own and
holds the process until the app has closed, within the few seconds Windows allows.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
import time
from collections.abc import Callable
from types import ModuleType
from typing import Any

from textual.app import App

EXIT_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)
"""The signals that end the app cleanly where there are signals (Windows has no SIGHUP)."""

CTRL_C_EVENT, CTRL_BREAK_EVENT, CTRL_CLOSE_EVENT = 0, 1, 2
CTRL_LOGOFF_EVENT, CTRL_SHUTDOWN_EVENT = 5, 6
ENDING_EVENTS = (CTRL_CLOSE_EVENT, CTRL_LOGOFF_EVENT, CTRL_SHUTDOWN_EVENT)
"""The console events after which Windows ends the process once the handler returns."""

SIGBREAK = 21
"""``signal.SIGBREAK`` on Windows: the number the console events report the exit with."""

CLOSE_GRACE_S = 4.5
"""How long a closing console is held for the save, just under the time Windows allows."""
_POLL_S = 0.02


def exit_status(signal_number: int) -> int:
    """The exit status of a process ended by this signal, as a shell reports it."""
    return 128 + signal_number


def install(app: App[Any], platform: str = sys.platform, windows: ModuleType | None = None) -> None:
    """Make the system's requests to end ask ``app`` to exit cleanly, from its event loop.

    Args:
        app: the running app; call from its event loop (``on_mount``).
        platform: ``sys.platform``.
        windows: ``ctypes``, through which the console handler is set on Windows; tests pass
            one that records it.
    """
    loop = asyncio.get_running_loop()
    if platform == "win32":
        set_console_handler(ConsoleEventHandler(app, loop), windows or _ctypes())
        return
    for number in EXIT_SIGNALS:
        # Not every platform or thread can take signal handlers; the default is kept there.
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(number, _exit_on_signal, app, number)


class ConsoleEventHandler:
    """What a Windows console event does: the app is asked to exit as on a signal.

    Called by Windows on a thread of its own. For the events that end the process anyway, it
    returns only once the app has closed (its session saved), or when time is nearly up.

    Args:
        app: the running app.
        loop: the app's event loop.
        pause: waits a moment between looks at the app; ``time.sleep`` in use.
        clock: ``time.monotonic`` in use.
    """

    def __init__(
        self,
        app: App[Any],
        loop: asyncio.AbstractEventLoop,
        pause: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app = app
        self.loop = loop
        self._pause = pause
        self._clock = clock

    def __call__(self, event: int) -> int:
        """Handle one console event.

        Returns:
            1 when handled; 0 leaves it to the next handler (Ctrl+C, which Textual reads as a
            key, and events this app does not know).
        """
        if event != CTRL_BREAK_EVENT and event not in ENDING_EVENTS:
            return 0
        self.loop.call_soon_threadsafe(_exit_on_signal, self.app, SIGBREAK)
        if event in ENDING_EVENTS:
            deadline = self._clock() + CLOSE_GRACE_S
            while not self.closed() and self._clock() < deadline:
                self._pause(_POLL_S)
        return 1

    def closed(self) -> bool:
        """Whether the app has closed: every screen gone (saved on the way), or its loop."""
        return self.loop.is_closed() or not self.app.screen_stack


def set_console_handler(handler: Callable[[int], int], windows: Any) -> None:
    """Add ``handler`` to the process's console control handlers through ``ctypes``.

    Args:
        handler: called with the event's number; returns 1 when it handled it.
        windows: the ``ctypes`` module (of Windows, where it has ``WINFUNCTYPE``).
    """
    routine_type = windows.WINFUNCTYPE(windows.c_int, windows.c_ulong)
    routine = routine_type(handler)
    # ctypes keeps no reference of its own: without this one, the callback would be freed.
    _HANDLERS.append(routine)
    windows.windll.kernel32.SetConsoleCtrlHandler(routine, 1)


_HANDLERS: list[object] = []


def _ctypes() -> ModuleType:
    import ctypes

    return ctypes


def _exit_on_signal(app: App[Any], number: int) -> None:
    from postchain_tui.screens.session import SessionScreen

    for screen in app.screen_stack:
        # The session is saved as cut off when its screen closes; its marker must stay so
        # that the next start offers it, as after a crash.
        if isinstance(screen, SessionScreen):
            screen.saving.keep_marker()
    app.exit(return_code=exit_status(number))
