"""Parsed routine files kept between starts: a start parses TOML only for files that changed.

Reading the routines is most of what the command line does before the app opens, and most of
that is ``tomllib``, which is pure Python. The document parsed from each routine file is kept in
one file, with the file's stamp (size, modification time, inode); a file whose stamp differs is
parsed again, and so is one changed too recently to trust its time. Only documents that made a
valid routine are kept: a broken file is always read again, and its problem reported from the
file itself.

The cache is a shortcut and nothing more: one that cannot be read is ignored, one that cannot
be written is left as it was, one whose checksum does not match what it holds is ignored, and a
postchain of another version or another Python starts a fresh one. ``marshal`` keeps it, as it
needs no import and reads fast; a document it cannot hold (a TOML date, say) is simply not kept.
"""

from __future__ import annotations

import marshal
import os
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from postchain_tui import __version__
from postchain_tui.core.bounded_read import ROUTINE_CACHE_LIMIT, read_bounded
from postchain_tui.core.store import UNSETTLED_NS, write_atomically

_FORMAT = ("postchain routine cache", 2, __version__, sys.version_info[:2], marshal.version)

Stamp = tuple[int, int, int]
"""A file's size, modification time in nanoseconds and inode."""


class RoutineCache:
    """The parsed documents of routine files, by path, valid while each file's stamp holds.

    Args:
        path: the cache file; None keeps nothing.
        clock_ns: the wall clock in nanoseconds, to tell a file just modified.
    """

    def __init__(self, path: Path | None, clock_ns: Callable[[], int] = time.time_ns) -> None:
        self.path = path
        self.clock_ns = clock_ns
        self._entries: dict[str, tuple[Stamp, dict[str, Any]]] = self._read()
        self._used: set[str] = set()
        self._changed = False

    def stamp(self, file: Path) -> Stamp | None:
        """The file's stamp now, or None when it cannot be read (it is then parsed as usual)."""
        try:
            status = os.stat(file)
        except OSError:
            return None
        return (status.st_size, status.st_mtime_ns, status.st_ino)

    def document(self, file: Path, stamp: Stamp | None) -> dict[str, Any] | None:
        """The document parsed from ``file`` when it had this stamp, if it is kept."""
        key = str(file)
        entry = self._entries.get(key)
        if stamp is None or entry is None or entry[0] != stamp:
            return None
        self._used.add(key)
        return entry[1]

    def keep(self, file: Path, stamp: Stamp | None, document: dict[str, Any]) -> None:
        """Keep the document of a valid routine, parsed from ``file`` as it was at ``stamp``.

        Args:
            file: the routine file.
            stamp: its stamp, taken before it was read.
            document: what ``tomllib`` made of it.
        """
        if stamp is None or self.clock_ns() - stamp[1] <= UNSETTLED_NS:
            return
        try:
            marshal.dumps(document)
        except ValueError:
            return  # a value marshal cannot hold, such as a date
        key = str(file)
        self._entries[key] = (stamp, document)
        self._used.add(key)
        self._changed = True

    def save(self) -> None:
        """Write the cache if anything was added, keeping only the files asked for this time.

        A routine file removed since drops out at the next write.
        """
        if self.path is None or not self._changed:
            return
        kept = {key: entry for key, entry in self._entries.items() if key in self._used}
        try:
            entries = marshal.dumps(kept)
            write_atomically(self.path, marshal.dumps((_FORMAT, zlib.crc32(entries), entries)))
        except (OSError, ValueError):
            return  # a shortcut only (a full or read-only disk): the next start parses again
        self._changed = False

    def _read(self) -> dict[str, tuple[Stamp, dict[str, Any]]]:
        if self.path is None:
            return {}
        try:
            data = read_bounded(self.path, ROUTINE_CACHE_LIMIT)
        except OSError:
            return {}
        try:
            stored = marshal.loads(data)
            if not (isinstance(stored, tuple) and len(stored) == 3 and stored[0] == _FORMAT):
                return {}
            _format, checksum, packed = stored
            # A damaged cache must not change what a routine says: its entries are used only
            # when they are the bytes that were written.
            if not isinstance(packed, bytes) or zlib.crc32(packed) != checksum:
                return {}
            entries = marshal.loads(packed)
        except (EOFError, ValueError, TypeError):
            return {}
        if not isinstance(entries, dict):
            return {}
        return {key: entry for key, entry in entries.items() if _well_formed(key, entry)}


def _well_formed(key: object, entry: object) -> bool:
    return (
        isinstance(key, str)
        and isinstance(entry, tuple)
        and len(entry) == 2
        and isinstance(entry[0], tuple)
        and len(entry[0]) == 3
        and all(isinstance(part, int) for part in entry[0])
        and isinstance(entry[1], dict)
    )
