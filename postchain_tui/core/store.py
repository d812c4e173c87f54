"""The session store: one TOML file per session, written so that nothing is ever half-written.

Files are written to a temporary name in the same folder, flushed to disk and renamed over the
target, so a reader (or a crash) only ever sees the old file or the new one. Names carry the
start time, the routine and a random token, so two terminals or two machines sharing a synced
folder never pick the same name. Reading never changes or removes a file.
"""

from __future__ import annotations

import errno
import os
import re
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from postchain_tui.core.bounded_read import SESSION_LIMIT, read_bounded

if TYPE_CHECKING:
    from postchain_tui.core.record import SessionLog

_UNSAFE = re.compile(r"[^a-z0-9_-]+")

UNSETTLED_NS = 2_000_000_000
"""How recently (in nanoseconds) a file can have been modified and its time still not be
trusted: a file system may keep times in steps this coarse, and a second change in the same
step would leave the time as it was. The index and the routine cache read such files again."""


def new_session_id(routine_id: str, started: datetime, token: str | None = None) -> str:
    """A session id that is unique across terminals and machines.

    Args:
        routine_id: the routine's id, kept in the name so a folder listing reads well.
        started: the start time.
        token: the random part; a fresh one when None (pass one only to make repeatable ids).

    Returns:
        e.g. ``2026-11-22T071502_pre-run-activation_3f9a1c0d5e6b7a81``. The 64 random bits
        make a clash between sessions started in the same second practically impossible (32
        bits clash about once in a hundred runs of 10,000 ids).
    """
    safe = _UNSAFE.sub("-", routine_id.lower()).strip("-")[:40] or "routine"
    # os.urandom is what the secrets module reads, without its import (hmac, OpenSSL).
    token = os.urandom(8).hex() if token is None else _UNSAFE.sub("-", token.lower())
    return f"{started.strftime('%Y-%m-%dT%H%M%S')}_{safe}_{token}"


class SessionStore:
    """Reads and writes session files in one folder.

    Args:
        folder: the sessions folder; created on the first write.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.held_for_exit: list[SessionLog] = []
        """Sessions the disk refused that the user asked to see printed once the app closes."""

    def path_for(self, session_id: str) -> Path:
        """Where the session with this id is kept."""
        return self.folder / f"{session_id}.toml"

    def save(self, log: SessionLog) -> Path:
        """Write a session, replacing any earlier save of the same session atomically.

        Returns:
            The file written.

        Raises:
            OSError: when the disk refuses (full, read-only); the old file, if any, is intact.
        """
        path = self.path_for(log.id)
        write_atomically(path, session_toml(log).encode("utf-8"))
        return path

    def delete(self, session_id: str) -> None:
        """Delete a session's file, for good; a session with no file is no error.

        Raises:
            OSError: when the disk refuses; the file is still there.
        """
        self.path_for(session_id).unlink(missing_ok=True)
        _fsync_folder(self.folder)

    def load(self, path: Path) -> SessionLog:
        """Read one session file.

        Raises:
            SessionFileError: when it is not a session this version can read.
        """
        # Here rather than at the top: a store that only names its folder (the picker's first
        # frame) needs none of the session model, nor a TOML reader.
        import tomllib

        from postchain_tui.core.record import SessionFileError, SessionLog

        try:
            data = read_bounded(path, SESSION_LIMIT)
        except OSError as error:
            raise SessionFileError(path, f"cannot be read: {error.strerror or error}") from None
        try:
            document = tomllib.loads(data.decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise SessionFileError(path, "not UTF-8 text") from None
        except ValueError as error:  # TOMLDecodeError, and the odd ValueError tomllib lets out
            raise SessionFileError(path, f"not valid TOML ({error})") from None
        except RecursionError:
            raise SessionFileError(path, "not valid TOML (nested too deeply)") from None
        return SessionLog.from_document(document, path)

    def recover_saves(self) -> list[Path]:
        """Settle the temporary files left by saves that were cut off before their rename.

        A temporary file that holds a valid session and is newer than the session's file (or
        the only copy of it) becomes the session's file: it is the later save. Any other is
        removed. A temporary file of a process still running is a save in progress, left alone.

        Returns:
            The session files recovered from a temporary file.
        """
        if not self.folder.is_dir():
            return []
        recovered = []
        for entry in os.scandir(self.folder):
            match = _TEMPORARY.fullmatch(entry.name)
            if match is None or entry.is_symlink() or not is_session_file_name(match["name"]):
                continue
            pid = int(match["pid"])
            if pid != os.getpid() and _process_alive(pid):
                continue
            temporary, target = Path(entry.path), self.folder / match["name"]
            try:
                if self._is_later_save(temporary, target):
                    os.replace(temporary, target)
                    recovered.append(target)
                else:
                    temporary.unlink()
            except OSError:
                continue  # tried again at the next start
        return recovered

    def _is_later_save(self, temporary: Path, target: Path) -> bool:
        from postchain_tui.core.record import SessionFileError

        try:
            self.load(temporary)
            written = temporary.stat().st_mtime_ns
        except (SessionFileError, OSError):
            return False
        try:
            return written > target.stat().st_mtime_ns
        except FileNotFoundError:
            return True

    def session_files(self) -> list[Path]:
        """Every ``.toml`` file in the folder, oldest name first."""
        if not self.folder.is_dir():
            return []
        return sorted(p for p in self.folder.glob("*.toml") if is_session_file_name(p.name))


def is_session_file_name(name: str) -> bool:
    """Whether a file of the sessions folder holds a session: a ``.toml`` file, not hidden.

    Args:
        name: the file's name.

    Returns:
        False for other files and for the hidden temporary files of a save in progress.
    """
    return name.endswith(".toml") and not name.startswith(".")


_TEMPORARY = re.compile(r"\.(?P<name>.+)\.(?P<pid>[0-9]+)\.[0-9a-f]+\.tmp")
"""The name :func:`write_atomically` gives the temporary file of ``name``."""


def _process_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except PermissionError:
        return True  # someone else's process, alive
    return True


REPLACE_PAUSES_S = (0.05, 0.1, 0.2, 0.4, 0.8)
"""Seconds to wait before each new try at replacing a file another program has open. Windows
refuses to replace such a file (the History screen, a sync tool or a virus scanner reading it),
and those programs let go quickly."""


def session_toml(log: SessionLog) -> str:
    """A session as its file holds it."""
    import tomli_w  # only to write: a start that writes nothing yet goes without it

    return tomli_w.dumps(log.to_document())


def save_copy(log: SessionLog, folder: Path) -> Path:
    """Write a session into another folder (one the user named), under its own file name.

    A file of that name there is never replaced, nor a link followed, and the folder is not
    created: a mistyped folder is refused rather than made.

    Returns:
        The file written.

    Raises:
        FileExistsError: when the folder holds a file of that name already; it is untouched.
        OSError: when the folder is missing or the disk refuses; no file is left behind.
    """
    path = folder / f"{log.id}.toml"
    data = session_toml(log).encode("utf-8")
    # "x": a new file only, never one that is there already.
    with open(path, "xb") as handle:
        try:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        except BaseException:
            handle.close()
            path.unlink(missing_ok=True)
            raise
    _fsync_folder(folder)
    return path


def write_atomically(
    path: Path,
    data: bytes,
    *,
    replace: Callable[[Path, Path], None] | None = None,
    pause: Callable[[float], None] | None = None,
) -> None:
    """Replace ``path`` with ``data`` so that it is never seen half-written.

    A symbolic link at ``path`` is refused, not replaced: it was put there by someone, and
    what it points to is not postchain's to write. When the file is held open by another
    program (Windows will not replace it then), the replacement is tried again after each of
    ``REPLACE_PAUSES_S``; call it off the event loop.

    Args:
        path: the file to write.
        data: its new content.
        replace: renames a file over another; ``os.replace`` when None.
        pause: waits between tries; ``time.sleep`` when None.

    Raises:
        OSError: when writing fails or ``path`` is a symbolic link; ``path`` is untouched. The
            temporary file is removed, except when ``path`` stayed in use by another program:
            then it holds the new content, is named in the error, and a session's is put in
            place at the next start (``SessionStore.recover_saves``).
    """
    if path.is_symlink():
        raise OSError(errno.ELOOP, "a symbolic link; it is left as it is", str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(3).hex()}.tmp")
    try:
        # "x": a new file only, so a link planted under the temporary name is never followed.
        with open(temporary, "xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _replace_when_free(temporary, path, replace or os.replace, pause or time.sleep)
    except _StillInUse as in_use:
        reason = in_use.error.strerror or str(in_use.error)
        raise PermissionError(
            in_use.error.errno, f"{reason}; the new content is kept in {temporary}", str(path)
        ) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent)


class _StillInUse(Exception):
    def __init__(self, error: PermissionError) -> None:
        super().__init__(error)
        self.error = error


def _replace_when_free(
    temporary: Path,
    path: Path,
    replace: Callable[[Path, Path], None],
    pause: Callable[[float], None],
) -> None:
    for wait_s in (*REPLACE_PAUSES_S, None):
        try:
            replace(temporary, path)
            return
        except PermissionError as error:
            if wait_s is None:
                raise _StillInUse(error) from None
            pause(wait_s)


def _fsync_folder(folder: Path) -> None:
    # The rename is only durable once the folder entry is on disk too; not every platform
    # lets a folder be opened for that, and the file itself is already safe.
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
