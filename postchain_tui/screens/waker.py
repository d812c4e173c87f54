"""A one-shot alarm that can be set again and again without making a new timer each time.

Textual's ``set_timer`` makes a timer, an asyncio task and a new callback wrapper per call, and
inspects the wrapper's signature when it fires. A screen that sets its next wake-up once a
second pays that every second; the event loop's own ``call_later`` needs none of it.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Callable


class Waker:
    """Calls ``callback`` once, a given delay after :meth:`arm`; arming again replaces that.

    The callback runs straight from the event loop, in the context the waker was made in (so
    code that asks Textual for the active app or message pump finds the same as there), and an
    exception it raises goes to ``on_error`` instead of the event loop's log.

    Args:
        callback: what to call.
        on_error: given any exception the callback raises.
    """

    def __init__(
        self, callback: Callable[[], object], on_error: Callable[[Exception], object]
    ) -> None:
        self._callback = callback
        self._on_error = on_error
        self._context = contextvars.copy_context()
        self._handle: asyncio.TimerHandle | None = None

    @property
    def armed(self) -> bool:
        """Whether a call is due."""
        return self._handle is not None

    def arm(self, delay: float) -> None:
        """Call back ``delay`` seconds from now, instead of at any time set before.

        Args:
            delay: seconds, on the event loop's clock.
        """
        self.cancel()
        loop = asyncio.get_running_loop()
        self._handle = loop.call_later(delay, self._fire, context=self._context)

    def cancel(self) -> None:
        """Call back at no time (until armed again)."""
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def _fire(self) -> None:
        self._handle = None
        try:
            self._callback()
        except Exception as error:
            self._on_error(error)
