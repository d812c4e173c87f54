"""Running markers: a held lock means running, a left-over marker means interrupted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
