"""Waiting in tests, always bounded: a wait that runs out fails and says what never happened.

Two kinds of waits: for something outside the test process (a tmux pane, a file another process
writes, a child process ending), on the real clock; and for an app under ``run_test`` to get
somewhere, counted in ``pilot.pause()`` calls, so a fake session clock never matters.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from textual.pilot import Pilot

T = TypeVar("T")

LIMIT_S = 10.0
"""How long a wait on the real clock may take unless told otherwise: far beyond any healthy
run, so that reaching it means the thing never happens."""
POLL_S = 0.02
MAX_PAUSES = 200
"""How many times an app test lets the app run before it gives up."""


def wait_until(
    condition: Callable[[], T],
    what: str,
    *,
    timeout: float = LIMIT_S,
    interval: float = POLL_S,
    detail: Callable[[], object] | None = None,
) -> T:
    """Call ``condition`` every ``interval`` seconds until it gives something true.

    Args:
        condition: what is waited for; its last value is returned.
        what: the thing waited for, as the failure says it never happened.
        timeout: seconds to wait at most.
        interval: seconds between calls.
        detail: what to show beside the failure (the screen, the file), asked only then.

    Returns:
        The first true value ``condition`` gave.

    Raises:
        AssertionError: when it gave none within ``timeout``.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            shown = f"\n{detail()}" if detail is not None else ""
            raise AssertionError(f"never happened within {timeout:g} s: {what}{shown}")
        time.sleep(interval)


async def pause_until(
    pilot: Pilot[Any], condition: Callable[[], object], what: str, *, limit: int = MAX_PAUSES
) -> None:
    """Let the app run (``pilot.pause()``) until ``condition()`` is true.

    Args:
        pilot: the app's pilot.
        condition: what is waited for.
        what: the thing waited for, as the failure says it never happened.
        limit: pauses at most.

    Raises:
        AssertionError: when it is still false after ``limit`` pauses.
    """
    for _ in range(limit):
        if condition():
            return
        await pilot.pause()
    if not condition():
        raise AssertionError(f"never happened in {limit} pauses of the app: {what}")
