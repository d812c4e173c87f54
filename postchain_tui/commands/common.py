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


def open_log(err: TextIO) -> SessionIndex:
    """The session index, brought up to date; each file that is not a session is named on err.

    The caller closes it.
    """
    from postchain_tui.core.history import SessionIndex

    index = SessionIndex.open(locations.sessions_dir(), locations.index_path())
    for problem in index.refresh():
        print(f"postchain: skipped {problem}", file=err)
    return index
