"""The training log at a session's start: an unchanged folder is trusted, a long unindexed log
is left to a background build, and closing stops that build."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from postchain_tui.core import index_background, index_refresh
from postchain_tui.core import training as training_module
from postchain_tui.core.history import Freshness, SessionIndex
from postchain_tui.core.training import TrainingLog
from tests.index_support import LATER_NS, HeldReader, settle
from tests.log_builders import at, save
from tests.progress_support import bridges, session_of

BRIDGE_NOTE = "Glute bridge hold: 25 s (up from 20 s)"


def write_bridges(folder: Path, count: int) -> None:
    """``count`` completed bridge sessions, on consecutive days, settled: the hold grows."""
    for day in range(1, count + 1):
        save(folder, session_of(bridges(), at(day), session_id=f"bridges-{day:02d}"))
    settle(folder)


def log_at_later(folder: Path, index_path: Path | None) -> TrainingLog:
    return TrainingLog(folder, index_path, clock_ns=lambda: LATER_NS)


def test_an_unchanged_folder_is_trusted_without_listing_or_reading(
    folder: Path, index_path: Path, reads: list[str], scandirs: list[str]
) -> None:
    write_bridges(folder, 3)
    full = log_at_later(folder, index_path)
    expected = full.advice_for(bridges())
    full.close()
    assert BRIDGE_NOTE in expected.notes
    reads.clear()
    scandirs.clear()

    log = log_at_later(folder, index_path)
    assert log.advice_at_start(bridges()) == expected
    log.close()
    assert scandirs == [] and reads == []


def test_a_session_added_since_is_read_at_the_start(
    folder: Path, index_path: Path, reads: list[str], scandirs: list[str]
) -> None:
    write_bridges(folder, 1)
    log = log_at_later(folder, index_path)
    log.advice_for(bridges())
    log.close()
    reads.clear()
    scandirs.clear()
    # A session with the hold at 25 s since: it starts at 30 s now.
    save(folder, session_of(bridges(), at(2), holds={"Glute bridge hold": 25}, session_id="new"))

    log = log_at_later(folder, index_path)
    advice = log.advice_at_start(bridges())
    log.close()
    assert advice is not None
    assert advice.holds["Glute bridge hold"] == 30
    assert reads == ["new.toml"]
    assert scandirs == [str(folder)]


def test_a_long_log_without_an_index_is_indexed_in_the_background(
    folder: Path,
    index_path: Path,
    reads: list[str],
    scandirs: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(training_module, "START_READ_LIMIT", 2)
    write_bridges(folder, 3)
    log = log_at_later(folder, index_path)
    try:
        assert log.advice_at_start(bridges()) is None
        assert reads == []
        assert scandirs == [str(folder)], "only the names were counted"
        assert log.index_in_background()
        assert log.wait_for_index(30)
        assert sorted(reads) == ["bridges-01.toml", "bridges-02.toml", "bridges-03.toml"]
        reads.clear()
        scandirs.clear()
        advice = log.advice_at_start(bridges())
        assert advice is not None and BRIDGE_NOTE in advice.notes
        assert reads == [] and scandirs == []
    finally:
        log.close()
    with SessionIndex.open(folder, index_path, lambda: LATER_NS) as index:
        assert index.freshness() is Freshness.UNCHANGED


def test_while_the_index_is_built_the_log_answers_as_an_empty_one(
    folder: Path, index_path: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(training_module, "START_READ_LIMIT", 2)
    monkeypatch.setattr(index_background, "STOP_WAIT_S", 0.0)
    monkeypatch.setattr(index_refresh, "BACKGROUND_BATCH", 1)
    write_bridges(folder, 3)
    held = HeldReader()
    monkeypatch.setattr(index_refresh, "read_entries_in_parallel", held)
    log = log_at_later(folder, index_path)
    assert log.advice_at_start(bridges()) is None
    assert log.index_in_background()
    assert held.first_read.wait(30)
    try:
        assert log.indexing
        assert log.advice_at_start(bridges()) is None
        assert log.last_routine_id() is None
        assert log.index_in_background(), "the build under way goes on"
        assert held.calls == 1
    finally:
        log.close()  # asks the build to stop, and does not wait long
        held.carry_on.set()
    assert log.wait_for_index(30)
    assert held.calls == 1, "closing stopped the build after its batch"
    with SessionIndex.open(folder, index_path, lambda: LATER_NS) as index:
        assert index.freshness() is Freshness.UNBUILT
        assert len(index.sessions()) == 1
        index.refresh()
        assert len(index.sessions()) == 3


def test_a_long_log_with_no_index_file_is_not_read_at_the_start(
    folder: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(training_module, "START_READ_LIMIT", 2)
    write_bridges(folder, 3)
    log = log_at_later(folder, None)
    assert log.advice_at_start(bridges()) is None
    assert not log.index_in_background()
    assert reads == []
    advice = log.advice_for(bridges())  # the picker's question reads it all
    assert BRIDGE_NOTE in advice.notes
    log.close()


def test_a_short_log_without_an_index_is_read_at_the_start(
    folder: Path, index_path: Path, reads: list[str]
) -> None:
    write_bridges(folder, 3)
    log = log_at_later(folder, index_path)
    advice = log.advice_at_start(bridges())
    log.close()
    assert advice is not None and BRIDGE_NOTE in advice.notes
    assert len(reads) == 3
    with sqlite3.connect(index_path) as connection:
        assert connection.execute("SELECT count(*) FROM entries").fetchone() == (3,)
