"""The session clock of each platform keeps counting while the machine sleeps."""

from __future__ import annotations

import time

import pytest

from postchain_tui.core.clock import choose_session_clock, session_clock
from tests.platform_fakes import SleepingMachine, time_module

ASLEEP_S = 10 * 60


@pytest.mark.parametrize("platform", ["linux", "darwin", "win32"])
def test_the_chosen_clock_counts_the_time_the_lid_was_closed(platform: str) -> None:
    machine = SleepingMachine()
    clock = choose_session_clock(platform, time_module(machine, platform))
    before = clock()
    machine.run(2)
    machine.sleep(ASLEEP_S)
    machine.run(3)
    assert clock() - before == 2 + ASLEEP_S + 3


def test_the_session_clock_counts_time_spent_suspended() -> None:
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    if boottime is None:
        pytest.skip("this system has no CLOCK_BOOTTIME")
    before = time.clock_gettime(boottime)
    reading = session_clock()
    after = time.clock_gettime(boottime)
    assert before <= reading <= after
