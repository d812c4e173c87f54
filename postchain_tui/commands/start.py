"""``postchain start``: which routine to start (``--last`` repeats the last one done), and the one
line said about the session once the app has closed."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from postchain_tui import locations
from postchain_tui.core.durations import format_duration
from postchain_tui.core.routine import RoutineError

if TYPE_CHECKING:
    from postchain_tui.screens.session import SessionOutcome


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


def exit_line(outcome: SessionOutcome) -> str:
    """One line about a session, printed when the app it was started in closes.

    Args:
        outcome: how the session ended.

    Returns:
        e.g. ``pre-run-activation: 4:21, 10/10 sets, saved to .../sessions/....toml``.
    """
    from postchain_tui.screens.summary import exercise_results  # the app has loaded it already

    results = exercise_results(outcome.plan, outcome.log)
    done = sum(result.sets_done for result in results)
    planned = sum(result.sets_planned for result in results)
    early = "" if outcome.log.completed else " (ended early)"
    if outcome.saved_to is not None:
        where = f"saved to {outcome.saved_to}"
    else:
        where = f"NOT saved: {outcome.save_error}"
    return (
        f"{outcome.routine.id}: {format_duration(outcome.log.wall_s)}, "
        f"{done}/{planned} sets{early}, {where}"
    )
