"""What the log-reading subcommands share: their filters and the refreshed session index."""

from __future__ import annotations

import argparse
from datetime import date, datetime
from typing import TYPE_CHECKING, TextIO

from postchain_tui import locations

if TYPE_CHECKING:
    from postchain_tui.core.history import SessionIndex


def since_date(text: str) -> date:
    """Parse a ``--since`` value.

    Raises:
        argparse.ArgumentTypeError: when it is not a date written as YYYY-MM-DD.
    """
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-22"
        ) from None


def add_filters(parser: argparse.ArgumentParser) -> None:
    """Add ``--since`` and ``--routine``."""
    parser.add_argument(
        "--since",
        type=since_date,
        metavar="YYYY-MM-DD",
        help="only sessions started on this day or later (local date)",
    )
    parser.add_argument("--routine", metavar="ID", help="only sessions of this routine")


def check_routine_filter(index: SessionIndex, routine: str | None) -> None:
    """Refuse a ``--routine`` that names neither a routine nor any session of the log.

    Called when nothing matched, so that a mistyped id is told from a routine not done yet.

    Raises:
        RoutineError: naming the id, the closest known one and every known one.
    """
    if routine is None:
        return
    from postchain_tui.core.catalog import load_catalog, unknown_routine
    from postchain_tui.core.routine_cache import RoutineCache

    logged = {summary.routine for summary in index.summaries()}
    cache = RoutineCache(locations.routine_cache_path())
    catalog = load_catalog(locations.bundled_routines_dir(), locations.user_routines_dir(), cache)
    known = sorted(logged | set(catalog.ids))
    if routine not in known:
        raise unknown_routine(routine, known, key="--routine", paths=False)


def open_log(err: TextIO) -> SessionIndex:
    """The session index, brought up to date; each file that is not a session is named on err.

    Saves cut off before their rename are settled first (see ``SessionStore.recover_saves``).

    The caller closes it.
    """
    from postchain_tui.core.history import SessionIndex
    from postchain_tui.core.store import SessionStore

    SessionStore(locations.sessions_dir()).recover_saves()
    index = SessionIndex.open(locations.sessions_dir(), locations.index_path())
    for problem in index.refresh():
        print(f"postchain: skipped {problem}", file=err)
    return index
