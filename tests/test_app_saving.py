"""Saving a session never holds the screen: the disk is written in a thread of its own."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.widgets import Static

from postchain_tui.core.record import SessionLog
from tests.ui_support import REST_1, rig, saves_settled, session_screen, short_routine

SIZE = (100, 30)
HELD_AT_MOST_S = 5.0
"""How long a held save waits to be let through; only reached when the screen waited for it."""


async def test_a_slow_disk_holds_neither_the_next_frame_nor_the_next_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    r = rig(tmp_path / "sessions", start=short_routine())
    let_through = threading.Event()
    written: list[SessionLog] = []
    save = r.store.save

    def slow_save(log: SessionLog) -> Path:
        let_through.wait(HELD_AT_MOST_S)
        path = save(log)
        written.append(log)
        return path

    monkeypatch.setattr(r.store, "save", slow_save)
    async with r.app.run_test(size=SIZE) as pilot:
        screen = session_screen(r.app)
        await pilot.press("n")  # the lead-in ends: its save waits on the disk
        await pilot.press("n")  # and the next key is taken all the same
        assert screen.engine.index == REST_1
        assert "REST" in str(screen.query_one("#phase", Static).content)
        assert written == []  # drawn while the disk still had the first save
        let_through.set()
        await saves_settled(pilot)
        assert len(written[-1].steps) == 2
        assert screen.saving.saved_to is not None
    saved = r.only_session()
    assert saved["completed"] is False


async def test_saves_land_in_order_the_last_one_last(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    r = rig(tmp_path / "sessions", start=short_routine())
    let_through = threading.Event()
    written: list[int] = []
    save = r.store.save

    def slow_save(log: SessionLog) -> Path:
        let_through.wait(HELD_AT_MOST_S)
        written.append(len(log.steps))
        return save(log)

    monkeypatch.setattr(r.store, "save", slow_save)
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "n", "n", "n")  # four saves while the first is held
        let_through.set()
        await saves_settled(pilot)
        # The first, then only the newest of those that waited: it holds all of them.
        assert written == [1, 4]
        assert len(r.only_session()["step"]) == 4


async def test_quitting_while_a_save_is_held_writes_the_last_save_before_the_app_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    r = rig(tmp_path / "sessions", start=short_routine())
    let_through = threading.Event()
    save = r.store.save

    def slow_save(log: SessionLog) -> Path:
        let_through.wait(HELD_AT_MOST_S)
        return save(log)

    monkeypatch.setattr(r.store, "save", slow_save)
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "n")
        let_through.set()  # the first save may still be on its way when the app ends
        r.app.exit()
        await pilot.pause()
    saved = r.only_session()
    assert (saved["completed"], len(saved["step"])) == (False, 3)
