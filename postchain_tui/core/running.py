"""Telling a session that is still running from one that was cut off.

While a session runs, its process holds a lock on a small marker file in ``<data dir>/running/``
named after the session. A clean end removes the marker. A marker that exists but that no
process holds (the lock dies with its process: ``kill -9``, a closed terminal, a power cut)
means the session was interrupted. Only this folder is looked at on start-up, so finding
interrupted sessions costs nothing however long the log is.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

try:
    import fcntl
except ImportError:  # pragma: no cover - platforms without fcntl fall back to process ids
    fcntl = None  # type: ignore[assignment]


class RunningMarker:
    """The lock a running session holds.

    Args:
        folder: the ``running`` folder.
        session_id: the session's id.
    """

    def __init__(self, folder: Path, session_id: str) -> None:
        self.path = folder / f"{session_id}.lock"
        self._handle: IO[str] | None = None

    def acquire(self) -> bool:
        """Take the lock; False when another process holds it (the session runs elsewhere)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held until release
        if fcntl is not None:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                handle.close()
                return False
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(str(os.getpid()))
            handle.flush()
        except OSError:
            # A full disk can refuse even these few bytes. The lock is what tells a running
            # session from a cut-off one; the process id is only needed without fcntl.
            if fcntl is None:  # pragma: no cover
                handle.close()
                raise
        self._handle = handle
        return True

    def release(self) -> None:
        """The session ended cleanly: remove the marker and let go of the lock."""
        if self._handle is None:
            return
        self.path.unlink(missing_ok=True)
        self._handle.close()
        self._handle = None

    def keep(self) -> None:
        """Let go of the lock but leave the marker, so the next start offers the session.

        For a session whose last save failed: its file is behind what was done, and the offer
        to resume it is the way to get the rest done and saved.
        """
        if self._handle is None:
            return
        self._handle.close()
        self._handle = None

    @property
    def held(self) -> bool:
        """True while this process holds the lock."""
        return self._handle is not None


def interrupted_sessions(folder: Path) -> list[str]:
    """The ids of sessions whose marker is left but whose process is gone.

    Args:
        folder: the ``running`` folder; it need not exist.

    Returns:
        Session ids, oldest name first.
    """
    if not folder.is_dir():
        return []
    found = []
    for marker in sorted(folder.glob("*.lock")):
        if not _is_held(marker):
            found.append(marker.stem)
    return found


def forget_marker(folder: Path, session_id: str) -> None:
    """Remove an interrupted session's marker once it has been resumed, kept or discarded."""
    (folder / f"{session_id}.lock").unlink(missing_ok=True)


def _is_held(marker: Path) -> bool:
    try:
        handle = open(marker, encoding="utf-8")  # noqa: SIM115 - closed below
    except OSError:
        return False
    with handle:
        if fcntl is not None:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
            except OSError:
                return True
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
            return False
        return _pid_alive(handle.read().strip())  # pragma: no cover


def _pid_alive(text: str) -> bool:  # pragma: no cover - only without fcntl
    if not text.isdigit():
        return False
    try:
        os.kill(int(text), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
