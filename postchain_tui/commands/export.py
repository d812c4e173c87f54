"""``postchain export``: every set and side of the log as CSV, JSON or Strong's CSV, or each
session as a FIT activity file."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from postchain_tui.commands.common import add_filters, check_routine_filter, open_log

if TYPE_CHECKING:
    from postchain_tui.core.record import SessionLog

FORMATS = ("csv", "json", "strong", "fit")
"""The export formats, named here so that building the parser loads no exporter."""


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Declare the ``export`` subcommand."""
    export = commands.add_parser(
        "export",
        help="export every set as CSV or JSON, for a spreadsheet or another app",
        description=(
            "Export the log with one row per set and side (holds and rep sets), oldest first. "
            "csv and json have the columns date, routine, exercise, set, side, kind, planned_s, "
            "actual_s, reps, load, skipped, rpe, completed and session_id; strong writes the "
            "Strong app's CSV layout with the sets done; fit writes each session with work done "
            "as a FIT activity file into the folder --out DIR, for Garmin Connect, Strava or "
            "intervals.icu (files already there with the same content are left as they are)."
        ),
    )
    export.add_argument(
        "--format",
        choices=FORMATS,
        default="csv",
        help="csv (the default), json, strong, or fit",
    )
    export.add_argument(
        "--out",
        type=Path,
        metavar="FILE",
        help="write to FILE instead of the standard output; for fit, the folder to write into",
    )
    export.add_argument("--force", action="store_true", help="replace FILE when it exists already")
    add_filters(export)
    export.add_argument("--session", metavar="ID", help="only the session with this id")


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Export the log; 1 when ``--out`` names an existing file and ``--force`` is not given, or
    a folder that does not exist."""
    from postchain_tui.core.export import EXPORTERS
    from postchain_tui.core.store import write_atomically

    destination: Path | None = args.out
    if args.format != "fit" and destination is not None and destination.exists() and not args.force:
        print(f"postchain: {destination} exists already; add --force to replace it", file=err)
        return 1
    if args.format != "fit" and destination is not None and not destination.parent.is_dir():
        print(
            f"postchain: --out: the folder {destination.parent} does not exist; "
            "create it first, or choose another",
            file=err,
        )
        return 1
    sessions = chosen_sessions(args, err)
    if sessions is None:
        print(f"postchain: no session with the id {args.session!r}", file=err)
        return 1
    if args.format == "fit":
        from postchain_tui.commands.fit import export_sessions

        return export_sessions(reversed(sessions), destination, out, err)
    text = EXPORTERS[args.format](reversed(sessions))
    if destination is None:
        out.write(text)
        return 0
    write_atomically(destination, text.encode("utf-8"))
    print(f"Exported {len(sessions)} sessions to {destination}", file=out)
    return 0


def chosen_sessions(args: argparse.Namespace, err: TextIO) -> list[SessionLog] | None:
    """The sessions the filters choose, newest first; None when ``--session`` names none."""
    with open_log(err) as index:
        if args.session is None:
            sessions = index.sessions(args.since, args.routine)
            if not sessions:
                check_routine_filter(index, args.routine)
            return sessions
        log = index.get(args.session)
    if log is None:
        return None
    matches = (args.since is None or log.started_at.date() >= args.since) and (
        args.routine is None or log.routine == args.routine
    )
    return [log] if matches else []
