"""A session's start with a long log: it never waits for the log to be read."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from textual.pilot import Pilot

from postchain_tui.app import AppOptions, PostchainApp, make_app
from postchain_tui.core import index_background, index_refresh
from postchain_tui.core import training as training_module
from postchain_tui.core.history import Freshness, SessionIndex
from postchain_tui.core.plan import StepKind
from postchain_tui.core.settings import Settings
from postchain_tui.core.store import SessionStore
from postchain_tui.screens.session import SessionScreen
from postchain_tui.screens.summary import SummaryScreen
from tests.fakes import FakeClock, fixed_wall
from tests.index_support import HeldReader
from tests.log_builders import at, save
from tests.progress_support import bridges, session_of
from tests.ui_support import session_screen, ui_catalog
from tests.waiting import pause_until

SIZE = (100, 30)
BRIDGE = "Glute bridge hold"
NOT_INDEXED = ("Today", "The training log is being indexed: today's holds are the routine's own.")


@pytest.fixture(autouse=True)
def holds_asked_by_the_test(monkeypatch: pytest.MonkeyPatch) -> None:
    """The session's timer never asks the log for today's holds: the tests do, when they want."""
    monkeypatch.setattr(SessionScreen, "HOLDS_DELAY_S", 3600)


async def ask_todays_advice(app: PostchainApp, pilot: Pilot[None]) -> None:
    """What the session's timer does during the lead-in."""
    session_screen(app).ask_todays_advice()
    await pilot.pause()


def bridges_app(data: Path, settings: Settings | None = None) -> PostchainApp:
    """An app that goes straight into the bridges routine, with its index file in ``data``."""
    options = AppOptions(
        catalog=ui_catalog(),
        store=SessionStore(data / "sessions"),
        start=bridges(),
        clock=FakeClock(1000.0),
        wall=fixed_wall(),
        index_path=data / "index.sqlite3",
        settings=settings or Settings(),
    )
    return make_app(options)


def notes_of(app: PostchainApp, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every notification from now on, as (title, message)."""
    notes: list[tuple[str, str]] = []
    monkeypatch.setattr(
        app, "notify", lambda message, **kw: notes.append((kw.get("title", ""), message))
    )
    return notes


def first_bridge_hold(app: PostchainApp) -> int:
    """The planned seconds of the session's first bridge hold."""
    return first_bridge_hold_of(session_screen(app))


def first_bridge_hold_of(screen: SessionScreen) -> int:
    """The planned seconds of the first bridge hold of a session screen."""
    return next(
        step.seconds
        for step in screen.engine.steps
        if step.kind is StepKind.HOLD and step.exercise == BRIDGE
    )


def bridge_hold_when_mounted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The first bridge hold's seconds as the session screen is mounted, before its first frame."""
    seen: list[int] = []
    mount = SessionScreen.on_mount

    def on_mount(screen: SessionScreen) -> None:
        seen.append(first_bridge_hold_of(screen))
        mount(screen)

    monkeypatch.setattr(SessionScreen, "on_mount", on_mount)
    return seen


@pytest.fixture
def short_log(tmp_path: Path) -> Path:
    """A data folder whose three bridge sessions move the bridge hold on to 25 s."""
    for day in range(1, 4):
        save(tmp_path / "sessions", session_of(bridges(), at(day), session_id=f"b{day}"))
    return tmp_path


async def test_todays_holds_come_after_the_first_frame_for_the_steps_after_the_lead_in(
    short_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    when_mounted = bridge_hold_when_mounted(monkeypatch)
    app = bridges_app(short_log)
    notes = notes_of(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = session_screen(app)
        assert screen.engine.steps[0].kind is StepKind.LEAD_IN
        assert when_mounted == [20], "the first frame does not wait for the log"
        assert first_bridge_hold(app) == 20, "nor does the screen's first moment"
        assert notes == []
        await ask_todays_advice(app, pilot)
        assert first_bridge_hold(app) == 25
        assert screen.engine.view().index == 0, "still in the lead-in"
        assert ("Today", "Glute bridge hold: 25 s (up from 20 s)") in [
            (title, message.splitlines()[0]) for title, message in notes
        ]


async def test_without_a_lead_in_todays_holds_are_there_from_the_start(
    short_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    when_mounted = bridge_hold_when_mounted(monkeypatch)
    app = bridges_app(short_log, Settings(lead_in=0))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert session_screen(app).engine.steps[0].kind is StepKind.HOLD
        assert when_mounted == [25]


@pytest.fixture
def long_log(short_log: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The short log, too long to read at a start (it has no index yet)."""
    monkeypatch.setattr(training_module, "START_READ_LIMIT", 2)
    return short_log


async def test_a_log_without_an_index_starts_with_the_routines_holds_and_is_indexed(
    long_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = bridges_app(long_log)
    notes = notes_of(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await ask_todays_advice(app, pilot)
        assert first_bridge_hold(app) == 20, "the routine's own hold, not the log's"
        assert notes == [NOT_INDEXED]
        assert app.training_log().wait_for_index(30)

    app = bridges_app(long_log)
    notes = notes_of(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await ask_todays_advice(app, pilot)
        assert first_bridge_hold(app) == 25, "the next start has the index"
        assert ("Today", "Glute bridge hold: 25 s (up from 20 s)") in [
            (title, message.splitlines()[0]) for title, message in notes
        ]


async def test_closing_the_app_while_the_log_is_indexed_leaves_a_usable_index(
    long_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_refresh, "BACKGROUND_BATCH", 1)
    monkeypatch.setattr(index_background, "STOP_WAIT_S", 0.0)
    held = HeldReader()
    monkeypatch.setattr(index_refresh, "read_entries_in_parallel", held)
    app = bridges_app(long_log)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await ask_todays_advice(app, pilot)
        assert held.first_read.wait(30)
        app.exit()
        await pilot.pause()
    held.carry_on.set()
    assert app.training_log().wait_for_index(30)
    assert held.calls == 1, "the build stopped after the batch it was reading"
    index_path = long_log / "index.sqlite3"
    with sqlite3.connect(index_path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with SessionIndex.open(long_log / "sessions", index_path) as index:
        assert index.freshness() is Freshness.UNBUILT
        index.refresh()
        # The three bridge sessions; the one closed during its lead-in left nothing.
        assert len(index.sessions()) == 3


async def test_the_session_of_start_is_the_apps_first_screen_and_ends_the_app(
    short_log: Path,
) -> None:
    # Pushed over Textual's empty first screen instead, it would be drawn later.
    app = bridges_app(short_log)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = session_screen(app)
        assert app.screen_stack == [screen]
        await pilot.press("n", "q", "y")  # begin the first set, then end the session early
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert app.ended_session is not None
        assert app.screen_stack[0] is screen
        await pilot.press("escape")  # leave the summary without feedback
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


async def test_on_a_small_terminal_todays_note_hides_none_of_the_countdown(
    short_log: Path,
) -> None:
    app = bridges_app(short_log)
    async with app.run_test(size=(60, 20), notifications=True) as pilot:
        await pilot.pause()
        await ask_todays_advice(app, pilot)
        await pause_until(pilot, lambda: app.screen.query("Toast"), "today's note")
        countdown = session_screen(app).widgets.countdown.region
        for toast in app.screen.query("Toast"):
            assert not toast.region.overlaps(countdown), toast.region
