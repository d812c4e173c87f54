"""Test doubles shared by the test suite: a hand-driven session clock and a fixed wall clock."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone
from typing import Any

#: A fixed, timezone-aware wall-clock start for sessions in tests (07:15:02 at UTC+01:00).
WALL_START = datetime(2026, 11, 22, 7, 15, 2, tzinfo=timezone(timedelta(hours=1)))


class FakeClock:
    """A clock that only moves when told to.

    ``.t`` is the current reading in float seconds; calling the clock returns it, so it can be
    passed wherever a ``Callable[[], float]`` clock is expected.
    """

    def __init__(self, t: float = 0.0) -> None:
        self.t = float(t)

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        """Move the clock forward by ``seconds`` (which must not be negative)."""
        if seconds < 0:
            raise ValueError("a session clock never goes backwards")
        self.t += seconds


def fixed_wall(moment: datetime = WALL_START) -> FixedWall:
    """A wall clock that always reads ``moment`` (timezone-aware)."""
    return FixedWall(moment)


class FixedWall:
    """A wall clock that always returns the same timezone-aware moment; counts its calls."""

    def __init__(self, moment: datetime = WALL_START) -> None:
        if moment.tzinfo is None:
            raise ValueError("the wall clock must be timezone-aware")
        self.moment = moment
        self.calls = 0

    def __call__(self) -> datetime:
        self.calls += 1
        return self.moment


def fields_of(instance: Any) -> dict[str, Any]:
    """A dataclass instance's fields by name (without copying them, unlike ``asdict``)."""
    return {item.name: getattr(instance, item.name) for item in dataclasses.fields(instance)}


__all__ = ["WALL_START", "FakeClock", "FixedWall", "fields_of", "fixed_wall"]


class FakeProcess:
    """A child process whose exit status the test decides; it ends when told to."""

    def __init__(self) -> None:
        self.status: int | None = None
        self.terminated = False

    def poll(self) -> int | None:
        return self.status

    def terminate(self) -> None:
        self.terminated = True
        self.status = -15
