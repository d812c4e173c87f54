"""The offer to resume a session a crash cut off: resume, save as incomplete, or discard."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Button, Static

from postchain_tui.core.catalog import Catalog
from postchain_tui.core.engine_types import EngineState
from postchain_tui.core.running import interrupted_sessions
from postchain_tui.core.settings import Settings
from postchain_tui.core.store import SessionStore
from postchain_tui.screens.confirm import ConfirmationModal
from postchain_tui.screens.picker import PickerScreen
from postchain_tui.screens.resume import ResumeModal
from postchain_tui.screens.session import SessionScreen
from postchain_tui.screens.summary import SummaryScreen
from postchain_tui.widgets import BigCountdown
from tests.log_builders import at, make_log, rep_set
from tests.resume_support import CUT_OFF_ID, cut_off, left_behind
from tests.ui_support import BIRD_DOG, REST_1, Rig, rig, session_screen, short_routine

SIZE = (100, 30)


@dataclass
class Crash:
    """What a crash left: a cut-off session's file and its marker in the running folder."""

    sessions: Path
    running: Path
    path: Path

    def rig(self, **options: Any) -> Rig:
        """The app, started on this log with running markers on."""
        return rig(self.sessions, running_dir=self.running, **options)


@pytest.fixture
def crashed(tmp_path: Path) -> Crash:
    """A sessions folder with one cut-off session, its marker left in the running folder."""
    sessions, running = tmp_path / "sessions", tmp_path / "running"
    path = SessionStore(sessions).save(cut_off())
    left_behind(running, CUT_OFF_ID)
    return Crash(sessions, running, path)


def text_of(r: Rig, selector: str) -> str:
    """The plain text a Static on the current screen shows."""
    return str(r.app.screen.query_one(selector, Static).content)


async def test_the_offer_names_the_routine_when_it_started_and_how_far_it_got(
    crashed: Crash,
) -> None:
    r = crashed.rig()
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(r.app.screen, ResumeModal)
        assert text_of(r, "#resume-routine") == "Ui-short routine"
        assert text_of(r, "#when") == "Started Sat 21 Nov 2026 at 07:00. 1/4 sets done, 0:33 in."
        assert not r.app.screen.query_one("#resume", Button).disabled
        assert not r.app.screen.query("#resume-why-not")  # no reason to give


async def test_resume_goes_on_after_the_last_finished_step_into_the_same_file(
    crashed: Crash,
) -> None:
    r = crashed.rig()
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("r")
        screen = session_screen(r.app)
        assert screen.engine.state is EngineState.READY
        assert str(screen.query_one("#step-label", Static).content) == "Press Enter to resume"
        assert str(screen.query_one("#detail", Static).content) == "Goes on at step 3 of 10"
        assert str(screen.query_one("#position", Static).content) == "step 3 of 10"
        assert screen.query_one("#countdown", BigCountdown).text == "0:40"  # from the rest on
        await pilot.press("enter")
        assert screen.engine.index == REST_1
        assert interrupted_sessions(crashed.running) == []  # held again, by this session
        await pilot.press(*["n"] * (BIRD_DOG - REST_1 + 1))
        assert isinstance(r.app.screen, SummaryScreen)
    assert r.session_files() == [crashed.path]
    saved = tomllib.loads(crashed.path.read_text(encoding="utf-8"))
    assert saved["id"] == CUT_OFF_ID
    assert saved["completed"] is True
    assert saved["started_at"] == cut_off().started_at
    assert [step["index"] for step in saved["step"]] == list(range(BIRD_DOG + 1))
    assert [step["ended_by"] for step in saved["step"][:2]] == ["time", "time"]
    assert list(crashed.running.iterdir()) == []


async def test_save_as_incomplete_keeps_the_file_as_it_is(
    crashed: Crash,
) -> None:
    before = crashed.path.read_bytes()
    r = crashed.rig()
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s")
        assert isinstance(r.app.screen, PickerScreen)
    assert crashed.path.read_bytes() == before
    assert list(crashed.running.iterdir()) == []


async def test_discard_asks_again_and_only_then_deletes_the_session(
    crashed: Crash,
) -> None:
    r = crashed.rig()
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("d")
        assert isinstance(r.app.screen, ConfirmationModal)
        await pilot.press("n")
        assert isinstance(r.app.screen, ResumeModal)  # the same question again
        assert crashed.path.exists()
        await pilot.press("d")
        await pilot.press("y")
        assert isinstance(r.app.screen, PickerScreen)
    assert not crashed.path.exists()
    assert list(crashed.running.iterdir()) == []


async def test_resume_is_disabled_with_the_reason_when_the_routine_is_gone(
    crashed: Crash,
) -> None:
    r = crashed.rig(catalog=Catalog())
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        modal = r.app.screen
        assert isinstance(modal, ResumeModal)
        assert modal.query_one("#resume", Button).disabled
        assert text_of(r, "#resume-why-not") == (
            "It cannot be resumed. The routine 'ui-short' is not among your routines any more."
        )
        await pilot.press("r")
        assert r.app.screen is modal
        await pilot.press("s")
    assert crashed.path.exists()
    assert list(crashed.running.iterdir()) == []


async def test_started_with_a_routine_it_starts_once_the_offer_is_answered(
    crashed: Crash,
) -> None:
    r = crashed.rig(start=short_routine())
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(r.app.screen, ResumeModal)
        await pilot.press("s")
        screen = r.app.screen
        assert isinstance(screen, SessionScreen)
        assert screen.resume_from is None
        assert screen.engine.state is EngineState.RUNNING
        assert screen.session_id != CUT_OFF_ID
        # Getting ready: the new session is marked as running once its first set begins.
        assert list(crashed.running.iterdir()) == []


async def test_a_marker_without_a_file_is_reported_and_forgotten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    running = tmp_path / "running"
    left_behind(running, CUT_OFF_ID)
    r = rig(tmp_path / "sessions", running_dir=running)
    notes: list[tuple[str, str]] = []
    monkeypatch.setattr(
        r.app, "notify", lambda message, **kw: notes.append((kw.get("title", ""), message))
    )
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(r.app.screen, PickerScreen)
    assert notes == [
        (
            "Interrupted sessions that cannot be resumed",
            f"• {CUT_OFF_ID}.toml: no file: deleted since, or cut off before its first step ended",
        )
    ]
    assert list(running.iterdir()) == []


async def test_the_offer_follows_the_plan_the_settings_make(tmp_path: Path) -> None:
    # Cut off with lead-ins turned off, after stepping back from the rep set (the last step,
    # the ninth without the lead-in; the ninth with it is a rest).
    sessions, running = tmp_path / "sessions", tmp_path / "running"
    stepped_back = rep_set(BIRD_DOG - 1, "Bird dog", ended_by="back")
    log = make_log(CUT_OFF_ID, at(21), [stepped_back], routine="ui-short", completed=False)
    SessionStore(sessions).save(log)
    left_behind(running, CUT_OFF_ID)
    r = rig(sessions, running_dir=running, settings=Settings(lead_in=0))
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not r.app.screen.query_one("#resume", Button).disabled
        await pilot.press("r", "enter")
        screen = session_screen(r.app)
        assert screen.engine.index == BIRD_DOG - 1
        assert screen.engine.current is not None
        assert screen.engine.current.exercise == "Bird dog"
