"""The clock a real session runs on.

A session's clock must keep counting while a laptop sleeps (so a rest that ran out during
suspend is over on wake-up) and must never jump when the wall clock is corrected. On Linux,
``CLOCK_BOOTTIME`` is both; elsewhere ``time.monotonic`` is the closest there is.
"""

from __future__ import annotations

import time


def session_clock() -> float:
    """Seconds on a steady clock that includes time spent suspended, where the system has one."""
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    if boottime is not None:
        return time.clock_gettime(boottime)
    return time.monotonic()
