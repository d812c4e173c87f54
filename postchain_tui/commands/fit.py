"""FIT files from the command line: ``export --format fit`` and ``show ROUTINE --format fit``.

Both load the FIT SDK only when they run, so that no other command pays for it.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from postchain_tui import locations

if TYPE_CHECKING:
    from postchain_tui.core.record import SessionLog
    from postchain_tui.core.routine import Routine


def export_sessions(
    sessions: Iterable[SessionLog], folder: Path | None, out: TextIO, err: TextIO
) -> int:
    """Write the sessions, oldest first, into ``folder`` as FIT activity files.

    Returns:
        0, or 1 when the folder is not given, is missing, or a file cannot be written.
    """
    from postchain_tui.core.fit_export import FitExportError, export_activities

    if folder is None:
        print("postchain: --format fit writes one file per session: add --out DIR", file=err)
        return 1
    if not folder.is_dir():
        problem = "is not a folder" if folder.exists() else "does not exist"
        print(f"postchain: {folder} {problem}; --out names the folder to write into", file=err)
        return 1
    try:
        report = export_activities(sessions, folder)
    except FitExportError as error:
        print(f"postchain: cannot write {error.path}: {error.reason}", file=err)
        return 1
    print(f"Exported to {folder}: {report.line}", file=out)
    return 0


def write_workout(args: argparse.Namespace, routine: Routine, out: TextIO, err: TextIO) -> int:
    """Write ``routine`` as a FIT workout file, holds where the next session would start them.

    ``--out`` names the file, or a folder to write ``ROUTINE-ID.fit`` into.

    Returns:
        0, or 1 when ``--out`` is missing, its folder is missing, the file exists and
        ``--force`` is not given, or it cannot be written.
    """
    from postchain_tui.core.fit_workout import encode_workout
    from postchain_tui.core.plan import build_plan
    from postchain_tui.core.store import write_atomically
    from postchain_tui.core.training import TrainingLog

    destination: Path | None = args.out
    if destination is None:
        print("postchain: --format fit writes a file: add --out FILE", file=err)
        return 1
    if destination.is_dir():
        destination = destination / f"{routine.id}.fit"
    if not destination.parent.is_dir():
        print(f"postchain: {destination.parent} does not exist", file=err)
        return 1
    if destination.exists() and not args.force:
        print(f"postchain: {destination} exists already; add --force to replace it", file=err)
        return 1
    training = TrainingLog(locations.sessions_dir(), locations.index_path())
    try:
        holds = training.advice_for(routine).holds
    finally:
        training.close()
    data = encode_workout(routine, build_plan(routine, holds), datetime.now(UTC))
    try:
        write_atomically(destination, data)
    except OSError as error:
        print(f"postchain: cannot write {destination}: {error.strerror or error}", file=err)
        return 1
    print(f"Wrote the workout {routine.title} to {destination}", file=out)
    return 0
