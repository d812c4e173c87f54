"""Reading a file postchain keeps (a routine, a session, the settings, the routine cache) safely.

Only a regular file is read, and only up to a limit far above what such a file ever needs: a
name that leads to ``/dev/zero`` would otherwise be read until memory runs out, a FIFO would
wait for a writer for ever, and a stray huge file would be read whole.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

KIB = 1024
MIB = 1024 * KIB

ROUTINE_LIMIT = 1 * MIB
SESSION_LIMIT = 4 * MIB
SETTINGS_LIMIT = 256 * KIB
ROUTINE_CACHE_LIMIT = 64 * MIB

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    Args:
        path: the file; a symbolic link to a regular file is read like the file.
        limit: the most bytes accepted.

    Returns:
        The file's bytes.

    Raises:
        OSError: when it cannot be opened, is not a regular file, or is larger than the limit;
            ``strerror`` says which, in words for a person.
    """
    # Without O_NONBLOCK, opening a FIFO waits until something opens it to write.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    descriptor = os.open(path, flags)
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            kind = next((name for test, name in _KINDS if test(mode)), "something else")
            raise OSError(errno.EINVAL, f"{kind}, not a regular file", str(path))
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(descriptor, min(left, MIB))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(descriptor)
    if left <= 0:
        raise OSError(errno.EFBIG, f"larger than {_size(limit)}", str(path))
    return b"".join(chunks)


def _size(limit: int) -> str:
    if limit >= MIB:
        return f"{limit // MIB} MiB"
    return f"{limit // KIB} KiB"
