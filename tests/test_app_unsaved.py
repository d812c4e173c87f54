"""Leaving the summary of a session the disk refused: try again, save elsewhere, print, or drop."""

from __future__ import annotations

import io
import tomllib
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from postchain_tui.cli import print_held_sessions
from postchain_tui.core.outcome import exit_line
from postchain_tui.core.record import SessionLog
from postchain_tui.screens.confirm import ConfirmationModal
from postchain_tui.screens.summary import SummaryScreen
from postchain_tui.screens.unsaved import UnsavedSessionModal
from tests.test_app_crash_safety import failing_saves
from tests.test_app_summary import finish_short_routine
from tests.ui_support import Rig, rig, short_routine

SIZE = (100, 30)


def full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Rig, set[int]]:
    """A session started at once on a disk that refuses every save until ``fails`` is cleared."""
    r = rig(tmp_path / "sessions", start=short_routine())
    fails = set(range(1, 100))
    monkeypatch.setattr(r.store, "save", failing_saves(r.store, fails))
    return r, fails


async def leave_the_summary(r: Rig, pilot: Pilot[None]) -> SessionLog:
    """Finish the session and press Esc on its summary; the question is open after it."""
    await finish_short_routine(r, pilot)
    summary = r.app.screen
    assert isinstance(summary, SummaryScreen)
    log = summary.session_log
    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(r.app.screen, UnsavedSessionModal)
    return log


async def save_into(pilot: Pilot[None], folder: Path) -> None:
    await pilot.click("#elsewhere")
    modal = pilot.app.screen
    assert isinstance(modal, UnsavedSessionModal)
    modal.query_one("#elsewhere-folder", Input).value = str(folder)
    await pilot.press("enter")
    await pilot.pause()


async def test_try_again_saves_once_the_disk_has_room(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    r, fails = full_disk(tmp_path, monkeypatch)
    async with r.app.run_test(size=SIZE) as pilot:
        log = await leave_the_summary(r, pilot)
        assert r.session_files() == []
        fails.clear()
        await pilot.press("enter")  # Try again has the focus
        await pilot.pause()
    assert r.store.load(r.store.path_for(log.id)) == log


async def test_trying_again_on_a_full_disk_asks_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    r, _ = full_disk(tmp_path, monkeypatch)
    async with r.app.run_test(size=SIZE) as pilot:
        await leave_the_summary(r, pilot)
        await pilot.click("#retry")
        await pilot.pause()
        assert isinstance(r.app.screen, UnsavedSessionModal)
        assert r.app.is_running
    assert r.session_files() == []


async def test_the_session_is_saved_into_another_folder_under_its_own_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    r, _ = full_disk(tmp_path, monkeypatch)
    other = tmp_path / "usb"
    other.mkdir()
    notes: list[str] = []
    async with r.app.run_test(size=SIZE) as pilot:
        log = await leave_the_summary(r, pilot)
        monkeypatch.setattr(r.app, "notify", lambda message, **_: notes.append(message))
        await save_into(pilot, other)
    assert list(other.iterdir()) == [other / f"{log.id}.toml"]
    assert r.store.load(other / f"{log.id}.toml") == log
    assert notes[0].startswith("Saved into …/usb, as ")
    assert f", as {log.id}.toml. " in notes[0]
    ended = r.app.ended_session
    assert ended is not None
    assert exit_line(ended).endswith(f"saved to {other / f'{log.id}.toml'}"), "the exit line too"


async def test_a_file_of_the_same_name_in_the_other_folder_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    r, _ = full_disk(tmp_path, monkeypatch)
    other = tmp_path / "usb"
    other.mkdir()
    async with r.app.run_test(size=SIZE) as pilot:
        await finish_short_routine(r, pilot)
        summary = r.app.screen
        assert isinstance(summary, SummaryScreen)
        there = other / f"{summary.session_log.id}.toml"
        there.write_text("someone else's", encoding="utf-8")
        await pilot.press("escape")
        await pilot.pause()
        await save_into(pilot, other)
        assert isinstance(r.app.screen, UnsavedSessionModal)  # asked again
    assert list(other.iterdir()) == [there]
    assert there.read_text(encoding="utf-8") == "someone else's"


async def test_a_missing_folder_is_refused_not_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    r, _ = full_disk(tmp_path, monkeypatch)
    async with r.app.run_test(size=SIZE) as pilot:
        await leave_the_summary(r, pilot)
        await save_into(pilot, tmp_path / "typo")
        assert isinstance(r.app.screen, UnsavedSessionModal)
    assert not (tmp_path / "typo").exists()


async def test_a_session_kept_for_printing_reads_back_from_the_printed_toml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    r, _ = full_disk(tmp_path, monkeypatch)
    async with r.app.run_test(size=SIZE) as pilot:
        log = await leave_the_summary(r, pilot)
        await pilot.click("#print")
        await pilot.pause()
    assert not r.app.is_running
    out = io.StringIO()
    print_held_sessions(r.store, out)
    first_line, toml_text = out.getvalue().split("\n", 1)
    assert first_line.startswith(f"postchain: session {log.id} was not saved; here it is as TOML")
    assert SessionLog.from_document(tomllib.loads(toml_text)) == log
    assert r.session_files() == []


def test_nothing_is_printed_when_every_session_was_saved(tmp_path: Path) -> None:
    out = io.StringIO()
    print_held_sessions(rig(tmp_path).store, out)
    assert out.getvalue() == ""


@pytest.mark.parametrize(("answer", "leaves"), [("y", True), ("n", False)])
async def test_leaving_without_saving_asks_once_more(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answer: str, leaves: bool
) -> None:
    r, _ = full_disk(tmp_path, monkeypatch)
    async with r.app.run_test(size=SIZE) as pilot:
        await leave_the_summary(r, pilot)
        await pilot.click("#leave")
        await pilot.pause()
        assert isinstance(r.app.screen, ConfirmationModal)
        await pilot.press(answer)
        await pilot.pause()
        assert r.app.is_running is not leaves
        if not leaves:
            assert isinstance(r.app.screen, UnsavedSessionModal)
    assert r.store.held_for_exit == []
    assert r.session_files() == []


async def test_escape_goes_back_to_the_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    r, _ = full_disk(tmp_path, monkeypatch)
    async with r.app.run_test(size=SIZE) as pilot:
        await leave_the_summary(r, pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(r.app.screen, SummaryScreen)
