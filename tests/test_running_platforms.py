"""Running markers on each platform's lock: flock, Windows' msvcrt.locking, or process ids."""

from __future__ import annotations

import errno
import fcntl
import os
from pathlib import Path

import pytest

from postchain_tui.core.running import (
    SYSTEM_LOCK,
    FlockLock,
    MarkerLock,
    MsvcrtLock,
    ProcessIdLock,
    RunningMarker,
    choose_lock,
    interrupted_sessions,
)
from tests.platform_fakes import WindowsLocks
from tests.test_store import dead_pid


def test_each_system_gets_its_own_lock() -> None:
    assert isinstance(choose_lock(fcntl, None), FlockLock)
    assert isinstance(choose_lock(None, WindowsLocks()), MsvcrtLock)
    assert isinstance(choose_lock(None, None), ProcessIdLock)


def test_this_system_locks_with_flock() -> None:
    assert isinstance(SYSTEM_LOCK, FlockLock)


LOCKS = {"flock": lambda: FlockLock(fcntl), "msvcrt": lambda: MsvcrtLock(WindowsLocks())}


@pytest.fixture(params=sorted(LOCKS))
def lock(request: pytest.FixtureRequest) -> MarkerLock:
    return LOCKS[request.param]()


def test_a_held_marker_refuses_a_second_holder_and_is_not_interrupted(
    tmp_path: Path, lock: MarkerLock
) -> None:
    marker = RunningMarker(tmp_path, "s1", lock)
    assert marker.acquire()
    assert not RunningMarker(tmp_path, "s1", lock).acquire()
    assert interrupted_sessions(tmp_path, lock) == []
    assert marker.path.read_text(encoding="ascii") == str(os.getpid())
    marker.release()
    assert not marker.path.exists()
    assert interrupted_sessions(tmp_path, lock) == []


def test_a_marker_whose_holder_is_gone_is_interrupted_and_can_be_taken_again(
    tmp_path: Path, lock: MarkerLock
) -> None:
    marker = RunningMarker(tmp_path, "s1", lock)
    assert marker.acquire()
    assert marker.keep() is None  # the lock goes, as with its process
    assert interrupted_sessions(tmp_path, lock) == ["s1"]
    again = RunningMarker(tmp_path, "s1", lock)
    assert again.acquire()
    assert interrupted_sessions(tmp_path, lock) == []
    again.release()


def test_a_marker_is_removed_where_an_open_file_cannot_be(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = RunningMarker(tmp_path, "s1", MsvcrtLock(WindowsLocks()))
    real_unlink = Path.unlink

    def windows_unlink(path: Path, missing_ok: bool = False) -> None:
        if marker.held:
            raise PermissionError(13, "The process cannot access the file", str(path))
        real_unlink(path, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", windows_unlink)
    assert marker.acquire()
    marker.release()
    assert not marker.held
    assert not marker.path.exists()


@pytest.mark.parametrize(
    ("text", "interrupted"),
    [(str(os.getpid()), []), ("dead", ["s1"]), ("not a pid", ["s1"]), ("", ["s1"])],
)
def test_without_a_lock_the_process_id_tells(
    tmp_path: Path, text: str, interrupted: list[str]
) -> None:
    (tmp_path / "s1.lock").write_text(str(dead_pid()) if text == "dead" else text, encoding="ascii")
    assert interrupted_sessions(tmp_path, ProcessIdLock()) == interrupted


def test_without_a_lock_the_marker_holds_the_process_id(tmp_path: Path) -> None:
    marker = RunningMarker(tmp_path, "s1", ProcessIdLock())
    assert marker.acquire()
    assert marker.path.read_text(encoding="ascii") == str(os.getpid())
    assert interrupted_sessions(tmp_path, ProcessIdLock()) == []
    marker.release()
    assert not marker.path.exists()


def test_without_a_lock_a_process_id_that_cannot_be_written_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_space(*args: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", no_space)
    marker = RunningMarker(tmp_path, "s1", ProcessIdLock())
    with pytest.raises(OSError, match="No space left"):
        marker.acquire()
    assert not marker.held
