"""Telling a session that is still running from one that was cut off.

While a session runs, its process holds a lock on a small marker file in ``<data dir>/running/``
named after the session. A clean end removes the marker. A marker that exists but that no
process holds (the lock dies with its process: ``kill -9``, a closed terminal, a power cut)
means the session was interrupted. Only this folder is looked at on start-up, so finding
interrupted sessions costs nothing however long the log is.

The lock is the system's own, chosen once by :func:`choose_lock`:

- **Linux and macOS**: ``flock`` (``fcntl``), which the system drops when the process ends.
- **Windows**: ``msvcrt.locking`` on one byte past the marker's text, also dropped by the
  system when the process ends. (Windows' locks keep other processes from reading the bytes
  they cover, hence a byte the process id does not use.)
- **Anywhere else**: the process id written in the marker, checked for a live process.
"""

from __future__ import annotations

import contextlib
import errno
import importlib
import os
import stat
from pathlib import Path
from types import ModuleType
from typing import Protocol


class MarkerLock(Protocol):
    """How a marker is locked on this system."""

    needs_pid: bool
    """Whether the process id in the marker is what tells a live session (no lock to hold)."""

    def take(self, descriptor: int) -> bool:
        """Lock the open marker, without waiting; False when another process holds it."""
        ...

    def held_elsewhere(self, descriptor: int) -> bool:
        """Whether another process holds the marker opened (read-only) as ``descriptor``."""
        ...


class FlockLock:
    """``flock`` through ``fcntl``: Linux, macOS and the other Unix systems."""

    needs_pid = False

    def __init__(self, fcntl: ModuleType) -> None:
        self._fcntl = fcntl

    def take(self, descriptor: int) -> bool:
        try:
            self._fcntl.flock(descriptor, self._fcntl.LOCK_EX | self._fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def held_elsewhere(self, descriptor: int) -> bool:
        try:
            self._fcntl.flock(descriptor, self._fcntl.LOCK_SH | self._fcntl.LOCK_NB)
        except OSError:
            return True
        self._fcntl.flock(descriptor, self._fcntl.LOCK_UN)
        return False


LOCKED_BYTE = 1 << 20
"""Where the Windows lock sits: past any process id, which other processes may then still read."""


class MsvcrtLock:
    """``msvcrt.locking`` on one byte: Windows."""

    needs_pid = False

    def __init__(self, msvcrt: ModuleType) -> None:
        self._msvcrt = msvcrt

    def take(self, descriptor: int) -> bool:
        return self._lock(descriptor)

    def held_elsewhere(self, descriptor: int) -> bool:
        if not self._lock(descriptor):
            return True
        self._at_locked_byte(descriptor, self._msvcrt.LK_UNLCK)
        return False

    def _lock(self, descriptor: int) -> bool:
        try:
            # Not waiting: LK_LOCK would try again for seconds.
            self._at_locked_byte(descriptor, self._msvcrt.LK_NBLCK)
        except OSError:
            return False
        return True

    def _at_locked_byte(self, descriptor: int, mode: int) -> None:
        # msvcrt locks from the file's position; the process id is written from the start.
        os.lseek(descriptor, LOCKED_BYTE, os.SEEK_SET)
        try:
            self._msvcrt.locking(descriptor, mode, 1)
        finally:
            os.lseek(descriptor, 0, os.SEEK_SET)


class ProcessIdLock:
    """No lock at all: the marker's process id, alive or not, tells."""

    needs_pid = True

    def take(self, descriptor: int) -> bool:
        return True

    def held_elsewhere(self, descriptor: int) -> bool:
        text = os.read(descriptor, 32).decode("ascii", "replace")
        return _pid_alive(text.strip())


def choose_lock(fcntl: ModuleType | None, msvcrt: ModuleType | None) -> MarkerLock:
    """The lock markers use, given the system's ``fcntl`` and ``msvcrt`` modules (None: absent)."""
    if fcntl is not None:
        return FlockLock(fcntl)
    if msvcrt is not None:
        return MsvcrtLock(msvcrt)
    return ProcessIdLock()


def _module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


SYSTEM_LOCK = choose_lock(_module("fcntl"), _module("msvcrt"))
"""The lock of this system."""


class RunningMarker:
    """The lock a running session holds.

    Args:
        folder: the ``running`` folder.
        session_id: the session's id.
        lock: how the marker is locked; this system's lock when None.
    """

    def __init__(self, folder: Path, session_id: str, lock: MarkerLock | None = None) -> None:
        self.path = folder / f"{session_id}.lock"
        self._lock = lock or SYSTEM_LOCK
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
        if not self._lock.take(descriptor):
            os.close(descriptor)
            return False
        try:
            # Unbuffered: nothing is left to fail again when the marker is closed.
            os.ftruncate(descriptor, 0)
            os.write(descriptor, str(os.getpid()).encode("ascii"))
        except OSError as error:
            # A full disk can refuse even these few bytes. The lock is what tells a running
            # session from a cut-off one; the process id is only needed without a lock.
            self.write_error = f"{self.path}: {error.strerror or error}"
            if self._lock.needs_pid:
                os.close(descriptor)
                raise
        self._descriptor = descriptor
        return True

    def release(self) -> None:
        """The session ended cleanly: remove the marker and let go of the lock."""
        if self._descriptor is None:
            return
        try:
            self.path.unlink(missing_ok=True)
        except PermissionError:
            # Windows removes no file that is open: let go of it first.
            self._let_go()
            self.path.unlink(missing_ok=True)
            return
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


def interrupted_sessions(folder: Path, lock: MarkerLock | None = None) -> list[str]:
    """The ids of sessions whose marker is left but whose process is gone.

    Args:
        folder: the ``running`` folder; it need not exist.
        lock: how markers are locked; this system's lock when None.

    Returns:
        Session ids, oldest name first.
    """
    if not folder.is_dir():
        return []
    found = []
    for marker in sorted(folder.glob("*.lock")):
        if marker.is_symlink() or not marker.is_file():
            continue  # not a marker this app made: never followed, never offered
        if not _is_held(marker, lock or SYSTEM_LOCK):
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
    return marker.is_file() and not marker.is_symlink() and _is_held(marker, SYSTEM_LOCK)


def forget_marker(folder: Path, session_id: str) -> None:
    """Remove an interrupted session's marker once it has been resumed, kept or discarded."""
    (folder / f"{session_id}.lock").unlink(missing_ok=True)


def _is_held(marker: Path, lock: MarkerLock) -> bool:
    try:
        descriptor = _open_marker(marker, os.O_RDONLY)
    except OSError:
        return False
    try:
        return lock.held_elsewhere(descriptor)
    finally:
        os.close(descriptor)


def _pid_alive(text: str) -> bool:
    if not text.isdigit():
        return False
    try:
        os.kill(int(text), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
