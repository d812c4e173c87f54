"""The writer: one write at a time, in order, the latest of those waiting and no other."""

from __future__ import annotations

import threading

import pytest

from postchain_tui.core.writer import LatestWriter

WAIT_AT_MOST_S = 5.0


def test_writes_waiting_behind_a_slow_one_are_dropped_for_the_newest() -> None:
    let_through = threading.Event()
    written: list[int] = []

    def write(item: int) -> None:
        let_through.wait(WAIT_AT_MOST_S)
        written.append(item)

    writer: LatestWriter[int] = LatestWriter(write)
    for item in (1, 2, 3, 4):
        writer.submit(item)
    assert writer.busy
    let_through.set()
    assert writer.wait(WAIT_AT_MOST_S)
    assert written == [1, 4]
    assert not writer.busy


def test_a_write_that_raises_leaves_the_writer_free_for_the_next() -> None:
    written: list[int] = []

    def write(item: int) -> None:
        if item == 1:
            raise ValueError("refused")
        written.append(item)

    writer: LatestWriter[int] = LatestWriter(write)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(threading, "excepthook", lambda args: None)
        writer.submit(1)
        assert writer.wait(WAIT_AT_MOST_S)
    writer.submit(2)
    assert writer.wait(WAIT_AT_MOST_S)
    assert written == [2]


def test_waiting_with_nothing_given_returns_at_once() -> None:
    writer: LatestWriter[int] = LatestWriter(lambda item: None)
    assert writer.wait(0)
