"""A session survives what can happen to it: a crash, a full disk, a second one alongside."""

from __future__ import annotations

import errno
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from postchain_tui.core.record import SessionLog
from postchain_tui.core.resume import routine_digest
from postchain_tui.core.running import interrupted_sessions
from postchain_tui.core.store import SessionStore
from postchain_tui.screens.session import SessionScreen
from tests.fakes import fixed_wall
from tests.ui_support import (
    BIRD_DOG,
    BRIDGE_1,
    BRIDGE_2,
    REST_1,
    Rig,
    advance,
    rig,
    short_routine,
)

SIZE = (100, 30)


def markers(running: Path) -> list[str]:
    """The session ids with a marker in the running folder."""
    return sorted(marker.stem for marker in running.glob("*.lock"))


def failing_saves(store: SessionStore, fail_on: set[int]) -> Callable[[SessionLog], Path]:
    """The store's save, failing with a full disk on the given attempts (counted from 1)."""
    save = store.save
    attempts = 0

    def save_or_fail(log: SessionLog) -> Path:
        nonlocal attempts
        attempts += 1
        if attempts in fail_on:
            raise OSError(errno.ENOSPC, "No space left on device")
        return save(log)

    return save_or_fail


def marked_session(tmp_path: Path) -> tuple[Rig, Path]:
    """An app that starts the short routine at once, keeping its marker in ``running``."""
    running = tmp_path / "running"
    return rig(tmp_path / "sessions", start=short_routine(), running_dir=running), running


async def test_a_running_session_holds_its_marker_until_it_is_saved_as_finished(
    tmp_path: Path,
) -> None:
    r, running = marked_session(tmp_path)
    async with r.app.run_test(size=SIZE) as pilot:
        screen = r.app.screen
        assert isinstance(screen, SessionScreen)
        assert markers(running) == []  # getting ready: nothing to log or resume yet
        await pilot.press("n")  # the first set begins
        assert markers(running) == [screen.session_id]
        assert interrupted_sessions(running) == []  # held: running, not cut off
        await pilot.press(*["n"] * BIRD_DOG)
        assert r.only_session()["completed"] is True
        assert markers(running) == []


async def test_quitting_the_app_mid_session_saves_it_and_removes_the_marker(
    tmp_path: Path,
) -> None:
    r, running = marked_session(tmp_path)
    async with r.app.run_test(size=SIZE) as pilot:
        await advance(pilot, r.clock, 4)
        r.app.exit()
        await pilot.pause()
    assert r.only_session()["completed"] is False
    assert markers(running) == []


async def test_when_the_last_save_fails_the_marker_is_left_for_the_next_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    r, running = marked_session(tmp_path)
    # Saves: after the lead-in (1), then the session's end (2) fails.
    monkeypatch.setattr(r.store, "save", failing_saves(r.store, {2}))
    monkeypatch.setattr(r.app, "notify", lambda message, **kw: None)
    async with r.app.run_test(size=SIZE) as pilot:
        await advance(pilot, r.clock, 3)
        screen = r.app.screen
        assert isinstance(screen, SessionScreen)
        session_id = screen.session_id
        await pilot.press("q", "y")
    assert interrupted_sessions(running) == [session_id]
    saved = r.only_session()
    assert (saved["completed"], len(saved["step"])) == (False, 1)


async def test_a_full_disk_is_reported_the_session_goes_on_and_the_next_save_catches_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    r = rig(tmp_path / "sessions", start=short_routine())
    # Saves come after each finished step: the lead-in (1), the bridge (2), the rest (3)...
    monkeypatch.setattr(r.store, "save", failing_saves(r.store, {2, 3}))
    notes: list[tuple[str, str, str]] = []
    monkeypatch.setattr(
        r.app,
        "notify",
        lambda message, **kw: notes.append((kw.get("title", ""), kw.get("severity", ""), message)),
    )
    async with r.app.run_test(size=SIZE) as pilot:
        screen = r.app.screen
        assert isinstance(screen, SessionScreen)
        await advance(pilot, r.clock, 3)
        (path,) = r.session_files()
        after_lead_in = path.read_bytes()
        await advance(pilot, r.clock, 6 + 3)  # the bridge and the rest end; both saves fail
        assert screen.engine.index == BRIDGE_2
        assert screen.saving.saved_to is None
        assert path.read_bytes() == after_lead_in
        assert notes == [
            (
                "Not saved",
                "error",
                f"Could not save the session to {r.store.folder}: No space left on device. "
                "It is kept in memory and saving is tried again after every step.",
            )
        ]
        await advance(pilot, r.clock, 6)
        assert screen.saving.saved_to == path
        assert [title for title, _, _ in notes] == ["Not saved", "Saved"]
    saved = r.only_session()
    assert [step["index"] for step in saved["step"][:4]] == [0, BRIDGE_1, REST_1, BRIDGE_2]


async def test_two_sessions_at_once_are_saved_to_two_files(tmp_path: Path) -> None:
    r, running = marked_session(tmp_path)
    async with r.app.run_test(size=SIZE) as pilot:
        first = r.app.screen
        assert isinstance(first, SessionScreen)
        r.clock.t += 3  # the first set begins: the session is saved and marked
        first.refresh_from_engine()
        # A second terminal: its own store on the same folder, started in the same second.
        second = SessionScreen(
            short_routine(),
            store=SessionStore(r.store.folder),
            clock=r.clock,
            wall=fixed_wall(),
            running_dir=running,
        )
        await r.app.push_screen(second)
        r.clock.t += 3
        second.refresh_from_engine()
        await pilot.pause()
        ids = sorted(screen.session_id or "" for screen in (first, second))
        assert ids[0] != ids[1]
        assert markers(running) == ids
    files = r.session_files()
    assert [path.stem for path in files] == ids
    for path in files:
        assert tomllib.loads(path.read_text(encoding="utf-8"))["step"][0]["index"] == 0
    assert markers(running) == []


async def test_a_session_keeps_its_routine_file_and_its_digest(tmp_path: Path) -> None:
    r, _ = marked_session(tmp_path)
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.press("n")  # the first set begins: the first save
    saved = r.only_session()
    routine = short_routine()
    assert routine.path is not None
    assert saved["routine_file"] == str(routine.path.resolve())
    assert saved["routine_digest"] == routine_digest(routine.path) != ""
