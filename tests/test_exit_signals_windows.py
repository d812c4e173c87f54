"""Closing the console window on Windows saves the session as cut off and offers it again."""

from __future__ import annotations

import asyncio
import importlib
import signal
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from postchain_tui import exit_signals
from postchain_tui.core.running import interrupted_sessions
from postchain_tui.exit_signals import (
    CLOSE_GRACE_S,
    CTRL_BREAK_EVENT,
    CTRL_C_EVENT,
    CTRL_CLOSE_EVENT,
    CTRL_SHUTDOWN_EVENT,
    SIGBREAK,
)
from postchain_tui.screens.session import SessionScreen
from tests.ui_support import advance, rig, short_routine
from tests.waiting import pause_until

SIZE = (100, 30)


class Kernel32:
    """Records the console control handlers set, as Windows keeps them."""

    def __init__(self) -> None:
        self.handlers: list[Callable[[int], int]] = []

    def SetConsoleCtrlHandler(self, routine: Callable[[int], int], add: int) -> int:
        assert add == 1
        self.handlers.append(routine)
        return 1


def windows_ctypes(kernel32: Kernel32) -> types.ModuleType:
    """``ctypes`` as on Windows, as far as setting a console handler goes."""
    module = types.ModuleType("ctypes")
    module.c_int, module.c_ulong = int, int  # type: ignore[attr-defined]
    module.WINFUNCTYPE = lambda restype, *argtypes: lambda function: function  # type: ignore[attr-defined]
    module.windll = types.SimpleNamespace(kernel32=kernel32)  # type: ignore[attr-defined]
    return module


async def windows_session(tmp_path: Path, pilot: Any, app: Any) -> tuple[Callable[[int], int], str]:
    """Start the first set (the session is marked as running), with Windows' console handler."""
    kernel32 = Kernel32()
    exit_signals.install(app, "win32", windows_ctypes(kernel32))
    (handler,) = kernel32.handlers
    await pilot.press("n")
    screen = app.screen
    assert isinstance(screen, SessionScreen)
    return handler, screen.session_id


@pytest.mark.parametrize("event", [CTRL_CLOSE_EVENT, CTRL_SHUTDOWN_EVENT])
async def test_a_closed_console_is_held_until_the_session_is_saved_and_offered_again(
    tmp_path: Path, event: int
) -> None:
    running = tmp_path / "running"
    r = rig(tmp_path / "sessions", start=short_routine(), running_dir=running)
    async with r.app.run_test(size=SIZE) as pilot:
        handler, session_id = await windows_session(tmp_path, pilot, r.app)
        await advance(pilot, r.clock, 3)
        # Windows calls the handler on a thread of its own, and ends the process once it returns.
        held = asyncio.create_task(asyncio.to_thread(handler, event))
        await pause_until(pilot, lambda: r.app.return_code is not None, "the app told to exit")
        assert r.app.return_code == 128 + SIGBREAK
        assert not held.done()  # the app is still closing: the process is held
    assert await asyncio.wait_for(held, timeout=CLOSE_GRACE_S) == 1
    saved = r.only_session()
    assert (saved["id"], saved["completed"]) == (session_id, False)
    assert interrupted_sessions(running) == [session_id]


async def test_ctrl_break_ends_the_app_as_a_signal_does(tmp_path: Path) -> None:
    running = tmp_path / "running"
    r = rig(tmp_path / "sessions", start=short_routine(), running_dir=running)
    async with r.app.run_test(size=SIZE) as pilot:
        handler, session_id = await windows_session(tmp_path, pilot, r.app)
        assert await asyncio.to_thread(handler, CTRL_BREAK_EVENT) == 1
        await pilot.pause()
    assert r.app.return_code == 128 + SIGBREAK
    assert r.only_session()["completed"] is False
    assert interrupted_sessions(running) == [session_id]


async def test_ctrl_c_is_left_to_the_next_handler_and_the_session_goes_on(tmp_path: Path) -> None:
    r = rig(tmp_path / "sessions", start=short_routine(), running_dir=tmp_path / "running")
    async with r.app.run_test(size=SIZE) as pilot:
        handler, _ = await windows_session(tmp_path, pilot, r.app)
        assert await asyncio.to_thread(handler, CTRL_C_EVENT) == 0
        await pilot.pause()
        assert isinstance(r.app.screen, SessionScreen)
        assert r.app.return_code is None


def test_the_module_loads_where_there_is_no_sighup(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(signal, "SIGHUP")
    try:
        reloaded = importlib.reload(exit_signals)
        assert reloaded.EXIT_SIGNALS == (signal.SIGTERM,)
    finally:
        monkeypatch.undo()
        importlib.reload(exit_signals)
    assert exit_signals.EXIT_SIGNALS == (signal.SIGTERM, signal.SIGHUP)
