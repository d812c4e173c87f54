"""Writing sessions into a folder as FIT activity files, one file per session.

A file is named by :func:`~postchain_tui.core.fit_activity.activity_file_name` (the start time
and the routine), so the same session always lands in the same file: running the export again
leaves a file with the same bytes as it is, and replaces one whose bytes differ (the session
was edited since, or exported by another version) through a temporary file renamed over it, so
that it is never seen half-written. Two sessions of one routine started in the same minute
would share a name; the later ones get ``-2``, ``-3`` ... in the order they started.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from postchain_tui.core.fit_activity import activity_file_name, encode_activity, has_work_done
from postchain_tui.core.record import SessionLog


class FitExportError(Exception):
    """A file that could not be written or read; says which."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


@dataclass(frozen=True, slots=True)
class FitExportReport:
    """What an export did.

    Attributes:
        written: files written, new or replaced.
        unchanged: files that were there already with the same bytes.
        skipped: sessions with no work done, which have no activity to export.
    """

    written: int = 0
    unchanged: int = 0
    skipped: int = 0

    @property
    def line(self) -> str:
        """The report in a line, e.g. ``3 written, 12 unchanged, 1 skipped (nothing done)``."""
        return (
            f"{self.written} written, {self.unchanged} unchanged, "
            f"{self.skipped} skipped (nothing done)"
        )


def export_activities(sessions: Iterable[SessionLog], folder: Path) -> FitExportReport:
    """Write each session with work done into ``folder`` as a FIT activity file.

    Args:
        sessions: the sessions, oldest first (which decides the names when two would clash).
        folder: an existing folder.

    Returns:
        How many files were written, left unchanged, and sessions skipped.

    Raises:
        FitExportError: when a file cannot be written or the one there cannot be read; the
            files written before it stay.
    """
    written = unchanged = skipped = 0
    taken: dict[str, int] = {}
    for log in sessions:
        if not has_work_done(log):
            skipped += 1
            continue
        name = activity_file_name(log)
        taken[name] = taken.get(name, 0) + 1
        if taken[name] > 1:
            name = f"{name.removesuffix('.fit')}-{taken[name]}.fit"
        if write_if_changed(folder / name, encode_activity(log)):
            written += 1
        else:
            unchanged += 1
    return FitExportReport(written, unchanged, skipped)


def write_if_changed(path: Path, data: bytes) -> bool:
    """Put ``data`` in ``path`` unless it holds those bytes already.

    Returns:
        True when the file was written, False when it was left as it was.

    Raises:
        FitExportError: when the file cannot be read or written; nothing is left half-written.
    """
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    except OSError as error:
        raise FitExportError(path, error.strerror or str(error)) from None
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        # Not synced to disk one by one: the log is the record, and an export cut short by a
        # crash is put right by running it again, which compares every file's bytes.
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise FitExportError(path, error.strerror or str(error)) from None
    return True
