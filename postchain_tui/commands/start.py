"""``postchain start``: which routine to start (``--last`` repeats the last one done), and the one
line said about the session once the app has closed."""

from __future__ import annotations

import argparse

from postchain_tui import locations
from postchain_tui.core.routine import RoutineError


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Declare the ``start`` subcommand."""
    start = commands.add_parser(
        "start",
        help="start a routine straight away in the full-screen session",
        description=(
            "Go straight into a guided session of ROUTINE, with no menus; --last repeats the "
            "routine of the last session logged. One line about the session is printed on exit."
        ),
    )
    start.add_argument(
        "routine", nargs="?", metavar="ROUTINE", help="a routine id or a path to a .toml file"
    )
    start.add_argument(
        "--last", action="store_true", help="repeat the routine of the last session logged"
    )


def routine_to_start(args: argparse.Namespace) -> str:
    """The routine named on the command line, or with ``--last`` the last one done.

    Raises:
        RoutineError: when neither or both are given, or ``--last`` finds no session.
    """
    if args.last and args.routine:
        raise RoutineError("give a routine or --last, not both", allowed="ROUTINE or --last")
    if args.routine:
        return str(args.routine)
    if not args.last:
        raise RoutineError("which routine?", allowed="a routine id, a .toml path, or --last")
    from postchain_tui.core.training import TrainingLog

    log = TrainingLog(locations.sessions_dir(), locations.index_path())
    try:
        last = log.last_routine_id()
    finally:
        log.close()
    if last is None:
        raise RoutineError(
            "--last: no session is logged yet", allowed="a routine id (see: postchain routines)"
        )
    return last
