"""Telling a session that is still running from one that was cut off.

While a session runs, its process holds a lock on a small marker file in ``<data dir>/running/``
named after the session. A clean end removes the marker. A marker that exists but that no
process holds (the lock dies with its process: ``kill -9``, a closed terminal, a power cut)
means the session was interrupted. Only this folder is looked at on start-up, so finding
interrupted sessions costs nothing however long the log is.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

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
        self._descriptor: int | None = None
        self.write_error: str | None = None
        """Why the process id could not be written into the marker, if it could not."""

    def acquire(self) -> bool:
        """Take the lock; False when another process holds it (the session runs elsewhere).

        Raises:
            OSError: when the marker cannot be made, or is not a plain file (a symbolic link
                put in its place is refused, never followed: it is left as it is).
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = _open_marker(self.path, os.O_RDWR | os.O_CREAT)
        if fcntl is not None:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(descriptor)
                return False
        try:
            # Unbuffered: nothing is left to fail again when the marker is closed.
            os.ftruncate(descriptor, 0)
            os.write(descriptor, str(os.getpid()).encode("ascii"))
        except OSError as error:
            # A full disk can refuse even these few bytes. The lock is what tells a running
            # session from a cut-off one; the process id is only needed without fcntl.
            self.write_error = f"{self.path}: {error.strerror or error}"
            if fcntl is None:  # pragma: no cover
                os.close(descriptor)
                raise
        self._descriptor = descriptor
        return True

    def release(self) -> None:
        """The session ended cleanly: remove the marker and let go of the lock."""
        if self._descriptor is None:
            return
        self.path.unlink(missing_ok=True)
        self._let_go()

    def keep(self) -> str | None:
        """Let go of the lock but leave the marker, so the next start offers the session.

        For a session whose last save failed: its file is behind what was done, and the offer
        to resume it is the way to get the rest done and saved.

        Returns:
            A problem to show when the marker may not tell the next start enough (its
            process id could not be written); None otherwise. It never raises.
        """
        if self._descriptor is None:
            return None
        self._let_go()
        return self.write_error

    @property
    def held(self) -> bool:
        """True while this process holds the lock."""
        return self._descriptor is not None

    def _let_go(self) -> None:
        assert self._descriptor is not None
        with contextlib.suppress(OSError):  # the lock goes with the descriptor all the same
            os.close(self._descriptor)
        self._descriptor = None


def _open_marker(path: Path, flags: int) -> int:
    """Open a marker without following a symbolic link, and only if it is a regular file."""
    flags |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    flags |= getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags, 0o644)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise OSError(
                errno.ELOOP, "the marker is a symbolic link; it is left as it is", str(path)
            ) from None
        raise
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise OSError(errno.EINVAL, "the marker is not a regular file", str(path))
    return descriptor


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
        if marker.is_symlink() or not marker.is_file():
            continue  # not a marker this app made: never followed, never offered
        if not _is_held(marker):
            found.append(marker.stem)
    return found


def is_running(folder: Path | None, session_id: str) -> bool:
    """Whether a session is running now, in this process or another: its marker is held.

    Such a session is saved again after every step, so an edit made elsewhere meanwhile would
    be overwritten, and a deleted file would come back.
    """
    if folder is None:
        return False
    marker = folder / f"{session_id}.lock"
    return marker.is_file() and not marker.is_symlink() and _is_held(marker)


def forget_marker(folder: Path, session_id: str) -> None:
    """Remove an interrupted session's marker once it has been resumed, kept or discarded."""
    (folder / f"{session_id}.lock").unlink(missing_ok=True)


def _is_held(marker: Path) -> bool:
    try:
        descriptor = _open_marker(marker, os.O_RDONLY)
    except OSError:
        return False
    try:
        if fcntl is not None:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except OSError:
                return True
            fcntl.flock(descriptor, fcntl.LOCK_UN)
            return False
        text = os.read(descriptor, 32).decode("ascii", "replace")  # pragma: no cover
        return _pid_alive(text.strip())  # pragma: no cover
    finally:
        os.close(descriptor)


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
