"""The clock a real session runs on.

A session's clock must keep counting while a laptop sleeps (so a rest that ran out during
suspend is over on wake-up) and must never jump when the wall clock is corrected. Which clock
does both depends on the system, and :func:`choose_session_clock` is the one place that says so:

- **Linux** (and any system with it): ``CLOCK_BOOTTIME``, the monotonic clock plus the time
  spent suspended. Linux's ``CLOCK_MONOTONIC``, behind ``time.monotonic``, stops in suspend.
- **macOS**: ``clock_gettime(CLOCK_MONOTONIC)``, which the system's manual page says "will
  continue to increment while the system is asleep". ``time.monotonic`` is not used there: it
  reads ``mach_absolute_time()``, which does not advance while the lid is closed (CPython
  issue 86273, "Monotonic time on macOS 10.12+ should use mach_continuous_time()", still open).
- **Windows**: ``time.monotonic``. It reads ``GetTickCount64()`` up to Python 3.12, which
  includes the time suspended (PEP 418's table of clocks), and ``QueryPerformanceCounter()``
  from 3.13 on (CPython issue 88494), whose documentation counts "the time when the machine was
  in a sleep state such as standby, hibernate, or connected standby". Neither is
  ``QueryUnbiasedInterruptTime()``, which would leave the sleep out. Windows has no
  ``clock_gettime`` at all.
- **Elsewhere**: ``time.monotonic``, the closest there is.
"""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable
from types import ModuleType

Clock = Callable[[], float]


def choose_session_clock(platform: str = sys.platform, clocks: ModuleType = time) -> Clock:
    """The steady clock that includes time spent suspended, for this platform.

    Args:
        platform: ``sys.platform``.
        clocks: the ``time`` module; tests pass one that stands for another system's.

    Returns:
        A function giving seconds on that clock.
    """
    boottime = getattr(clocks, "CLOCK_BOOTTIME", None)
    if boottime is not None:
        return functools.partial(clocks.clock_gettime, boottime)
    if platform == "darwin":
        return functools.partial(clocks.clock_gettime, clocks.CLOCK_MONOTONIC)
    monotonic: Clock = clocks.monotonic
    return monotonic


session_clock: Clock = choose_session_clock()
"""Seconds on this system's session clock (see :func:`choose_session_clock`)."""
