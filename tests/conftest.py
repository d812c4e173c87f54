"""Shared test fixtures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.index_support import watch_listings, watch_reads
from tests.terminal import TmuxApp

ROUTINE_DATA = Path(__file__).parent / "data" / "routines"


@pytest.fixture
def routine_data() -> Path:
    """The folder of routine test files, with ``good/`` and ``bad/`` inside."""
    return ROUTINE_DATA


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An empty sessions folder, ``data/sessions`` under the test's own folder."""
    path = tmp_path / "data" / "sessions"
    path.mkdir(parents=True)
    return path


@pytest.fixture
def index_path(tmp_path: Path) -> Path:
    """Where the session index of :func:`folder` is kept (not created)."""
    return tmp_path / "data" / "index.sqlite3"


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the session files read from now on, in order."""
    return watch_reads(monkeypatch)


@pytest.fixture
def scandirs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The folders listed from now on, in order."""
    return watch_listings(monkeypatch)


@pytest.fixture(autouse=True)
def picker_reads_the_log_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """The picker reads the log only when a test asks (``PickerScreen.read_the_log``).

    Its timer would read it in a worker thread 0.1 s after each time the list is shown, in the
    middle of whatever the test does next.
    """
    from postchain_tui.screens.picker import PickerScreen

    monkeypatch.setattr(PickerScreen, "COACH_DELAY_S", 3600)


@pytest.fixture(autouse=True)
def heard(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """What the app's voice was asked to say (argument lists); no test makes a sound.

    The app finds ``espeak-ng`` on every test machine, and starts no process for it.
    """
    from postchain_tui import voice
    from tests.speech_support import silent_machine

    machine, said = silent_machine()
    monkeypatch.setattr(voice, "this_machine", lambda: machine)
    return said


@pytest.fixture
def app(tmp_path: Path) -> Iterator[TmuxApp]:
    """postchain in a tmux server of the test's own, stopped after the test (terminal tests)."""
    runner = TmuxApp(socket=tmp_path / "tmux.sock")
    yield runner
    runner.stop()
