"""Running markers: a held lock means running, a left-over marker means interrupted."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from postchain_tui.core import running as running_module
from postchain_tui.core.running import RunningMarker, forget_marker, interrupted_sessions


def test_a_held_marker_is_not_interrupted(tmp_path: Path) -> None:
    marker = RunningMarker(tmp_path, "s1")
    assert marker.acquire()
    assert interrupted_sessions(tmp_path) == []
    marker.release()
    assert interrupted_sessions(tmp_path) == []
    assert not marker.path.exists()


def test_a_second_holder_is_refused(tmp_path: Path) -> None:
    first = RunningMarker(tmp_path, "s1")
    assert first.acquire()
    script = (
        "import sys; from pathlib import Path;"
        "from postchain_tui.core.running import RunningMarker;"
        f"sys.exit(0 if RunningMarker(Path({str(tmp_path)!r}), 's1').acquire() else 3)"
    )
    assert subprocess.run([sys.executable, "-c", script], check=False).returncode == 3
    first.release()


def test_a_marker_left_by_a_dead_process_is_interrupted(tmp_path: Path) -> None:
    script = (
        "import os; from pathlib import Path;"
        "from postchain_tui.core.running import RunningMarker;"
        f"RunningMarker(Path({str(tmp_path)!r}), 'crashed').acquire(); os._exit(9)"
    )
    subprocess.run([sys.executable, "-c", script], check=False)
    assert interrupted_sessions(tmp_path) == ["crashed"]
    forget_marker(tmp_path, "crashed")
    assert interrupted_sessions(tmp_path) == []


def test_missing_folder_means_nothing_interrupted(tmp_path: Path) -> None:
    assert interrupted_sessions(tmp_path / "nope") == []


def test_a_marker_replaced_by_a_symbolic_link_is_refused_and_its_target_untouched(
    tmp_path: Path,
) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me\n", encoding="utf-8")
    running = tmp_path / "running"
    running.mkdir()
    (running / "s1.lock").symlink_to(precious)
    marker = RunningMarker(running, "s1")
    with pytest.raises(OSError, match="the marker is a symbolic link; it is left as it is"):
        marker.acquire()
    assert precious.read_text(encoding="utf-8") == "keep me\n"
    assert interrupted_sessions(running) == []


def test_a_pid_that_cannot_be_written_never_raises_when_the_marker_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_space(*args: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    real_open = open

    class FullDiskFile:
        """A buffered file on a full disk: every write and flush fails, close flushes again."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            self.handle = real_open(*args, **kwargs)

        def __getattr__(self, name: str) -> Any:
            return getattr(self.handle, name)

        def write(self, data: str) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        flush = write

        def close(self) -> None:
            self.handle.close()
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(running_module, "open", FullDiskFile, raising=False)
    monkeypatch.setattr(running_module.os, "write", no_space)
    marker = RunningMarker(tmp_path, "s1")
    assert marker.acquire()
    problem = marker.keep()
    assert problem is not None and "No space left on device" in problem
    assert interrupted_sessions(tmp_path) == ["s1"]
