"""End to end in a real terminal: a session killed outright keeps its steps and is resumed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.terminal import TmuxApp, needs_tmux
from tests.waiting import wait_until

pytestmark = [needs_tmux, pytest.mark.terminal]

TOLERANCE_S = 0.25

# A second each for the lead-in and the holds; the rest is long enough to kill the app in it.
ROUTINE = """\
title = "Crash check"
id = "crash-check"

[defaults]
lead_in = "1s"
rest = "3s"

[[exercise]]
name = "Bridge hold"
hold = "1s"
sets = 2
"""


def saved_session(sessions: Path) -> dict[str, Any] | None:
    """The one session file in the folder, parsed; None before it is written."""
    files = list(sessions.glob("*.toml"))
    assert len(files) <= 1, files
    return tomllib.loads(files[0].read_text(encoding="utf-8")) if files else None


def wait_for_steps(sessions: Path, count: int, timeout: float) -> None:
    """Wait until the session file holds ``count`` finished steps."""

    def has_steps() -> bool:
        saved = saved_session(sessions)
        return saved is not None and len(saved["step"]) >= count

    wait_until(
        has_steps,
        f"a session file with {count} finished steps",
        timeout=timeout,
        detail=lambda: saved_session(sessions),
    )


def test_a_killed_session_keeps_its_steps_and_is_resumed_on_the_next_start(
    app: TmuxApp, tmp_path: Path
) -> None:
    data, config = tmp_path / "data", tmp_path / "config"
    (config / "routines").mkdir(parents=True)
    (config / "routines" / "crash-check.toml").write_text(ROUTINE, encoding="utf-8")
    folders = ("--data-dir", str(data), "--config-dir", str(config))
    sessions = data / "sessions"

    app.start(*folders, "start", "crash-check")
    wait_for_steps(sessions, 2, timeout=10)  # the lead-in and the first hold
    os.kill(app.app_pid(), signal.SIGKILL)  # in the rest: no chance to tidy up
    app.stop()

    listed = subprocess.run(
        [sys.executable, "-m", "postchain_tui", *folders, "history", "--json"],
        capture_output=True,
        text=True,
        timeout=20,
        check=True,
    )
    (session,) = json.loads(listed.stdout)
    assert session["completed"] is False
    assert [(step["kind"], step["ended_by"]) for step in session["steps"]] == [
        ("lead_in", "time"),
        ("hold", "time"),
    ]
    assert [step["actual_s"] for step in session["steps"]] == pytest.approx(
        [1.0, 1.0], abs=TOLERANCE_S
    )
    assert [marker.stem for marker in (data / "running").iterdir()] == [session["id"]]

    app.start(*folders)
    app.wait_for_text("A session was cut off", timeout=10)
    assert "1/2 sets done" in app.screen()
    app.press("r")
    app.wait_for_text("Press Enter to resume", timeout=5)
    app.press("Enter")
    app.wait_for_text("Session complete", timeout=15)

    finished = saved_session(sessions)
    assert finished is not None
    assert finished["id"] == session["id"]
    assert finished["completed"] is True
    assert finished["started_at"].isoformat() == session["started_at"]
    assert [step["index"] for step in finished["step"]] == [0, 1, 2, 3]
    assert list((data / "running").iterdir()) == []


def written(path: Path) -> str:
    """The text of ``path``, or empty while it has not been written."""
    return path.read_text(encoding="ascii").strip() if path.exists() else ""


@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_saves_the_session_gives_the_terminal_back_and_offers_it_again(
    app: TmuxApp, tmp_path: Path, signal_number: int
) -> None:
    data, config = tmp_path / "data", tmp_path / "config"
    (config / "routines").mkdir(parents=True)
    (config / "routines" / "crash-check.toml").write_text(ROUTINE, encoding="utf-8")
    folders = ("--data-dir", str(data), "--config-dir", str(config))
    status = tmp_path / "status"

    app.start(*folders, "start", "crash-check", status_file=status)
    wait_for_steps(data / "sessions", 2, timeout=10)  # the lead-in and the first hold
    assert app.tmux("display-message", "-p", "#{alternate_on}").strip() == "1"
    os.kill(app.app_pid(), signal_number)  # in the rest

    exit_status = wait_until(lambda: written(status), f"{status} written", timeout=10)
    assert exit_status == str(128 + signal_number)
    pane = app.tmux("display-message", "-p", "#{alternate_on} #{cursor_flag} #{mouse_any_flag}")
    assert pane.split() == ["0", "1", "0"]  # main screen, cursor shown, no mouse tracking
    saved = saved_session(data / "sessions")
    assert saved is not None and saved["completed"] is False
    assert [marker.stem for marker in (data / "running").iterdir()] == [saved["id"]]
    app.stop()

    # A server of its own: the first may still be shutting down.
    again = TmuxApp(socket=tmp_path / "again.sock")
    try:
        again.start(*folders)
        again.wait_for_text("A session was cut off", timeout=10)
        assert "1/2 sets done" in again.screen()
    finally:
        again.stop()
