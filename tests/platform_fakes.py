"""Other systems' facts, played on this one: their clocks across a sleep, their locks."""

from __future__ import annotations

import os
import types

#: Clock ids as in a ``time`` module; only their being distinct matters here.
CLOCK_MONOTONIC, CLOCK_BOOTTIME = 1, 7


class SleepingMachine:
    """A machine whose clocks run while it is awake, and some of them while it sleeps too."""

    def __init__(self) -> None:
        self.awake_s = 1000.0
        self.asleep_s = 0.0

    def run(self, seconds: float) -> None:
        self.awake_s += seconds

    def sleep(self, seconds: float) -> None:
        self.asleep_s += seconds

    def awake_clock(self) -> float:
        return self.awake_s

    def sleep_counting_clock(self) -> float:
        return self.awake_s + self.asleep_s


def time_module(machine: SleepingMachine, platform: str) -> types.ModuleType:
    """A ``time`` module as this platform's Python has it, on ``machine``.

    - Linux: ``monotonic`` and ``CLOCK_MONOTONIC`` stop in suspend; ``CLOCK_BOOTTIME`` does not.
    - macOS: ``monotonic`` (``mach_absolute_time``) stops while asleep; ``CLOCK_MONOTONIC``
      does not; there is no ``CLOCK_BOOTTIME``.
    - Windows: ``monotonic`` (``GetTickCount64``, ``QueryPerformanceCounter``) counts the
      sleep; there is no ``clock_gettime``.
    """
    module = types.ModuleType("time")
    if platform == "win32":
        module.monotonic = machine.sleep_counting_clock  # type: ignore[attr-defined]
        return module
    counting = {"linux": CLOCK_BOOTTIME, "darwin": CLOCK_MONOTONIC}[platform]

    def clock_gettime(clock_id: int) -> float:
        if clock_id == counting:
            return machine.sleep_counting_clock()
        return machine.awake_clock()

    module.monotonic = machine.awake_clock  # type: ignore[attr-defined]
    module.clock_gettime = clock_gettime  # type: ignore[attr-defined]
    module.CLOCK_MONOTONIC = CLOCK_MONOTONIC  # type: ignore[attr-defined]
    if platform == "linux":
        module.CLOCK_BOOTTIME = CLOCK_BOOTTIME  # type: ignore[attr-defined]
    return module


class WindowsLocks(types.ModuleType):
    """``msvcrt`` as far as ``locking`` goes, with Windows' rules, in one process.

    A lock covers bytes from the file's position, is refused while another handle holds them
    (a second descriptor stands for a second process), and goes when its descriptor is closed:
    a descriptor number that comes back for the same file is a new handle.
    """

    LK_UNLCK, LK_LOCK, LK_NBLCK, LK_RLCK, LK_NBRLCK = 0, 1, 2, 3, 4

    def __init__(self) -> None:
        super().__init__("msvcrt")
        self.held: dict[tuple[int, int, int, int], int] = {}

    def locking(self, descriptor: int, mode: int, count: int) -> None:
        status = os.fstat(descriptor)
        region = (status.st_dev, status.st_ino, os.lseek(descriptor, 0, os.SEEK_CUR), count)
        holder = self.held.get(region)
        if mode == self.LK_UNLCK:
            if holder != descriptor:
                raise PermissionError(13, "Permission denied")
            del self.held[region]
            return
        if mode not in (self.LK_NBLCK, self.LK_NBRLCK):
            raise AssertionError("a lock that waits is never asked for")
        if holder is not None and holder != descriptor and _still_open(holder, status):
            raise PermissionError(13, "Permission denied")
        self.held[region] = descriptor


def _still_open(descriptor: int, status: os.stat_result) -> bool:
    try:
        again = os.fstat(descriptor)
    except OSError:
        return False
    return (again.st_dev, again.st_ino) == (status.st_dev, status.st_ino)
