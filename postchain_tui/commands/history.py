"""``postchain history``: the sessions logged, newest first, as a table or as JSON."""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, TextIO

from postchain_tui.commands.common import add_filters, check_routine_filter, open_log
from postchain_tui.core.durations import format_duration

if TYPE_CHECKING:
    from postchain_tui.core.history import SessionSummary

TABLE_HEADINGS = ("date", "routine", "time", "sets", "counts", "RPE", "pain")


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Declare the ``history`` subcommand."""
    history = commands.add_parser(
        "history",
        help="list the sessions logged, newest first",
        description=(
            "List the sessions logged, newest first: when, which routine, how long, the sets "
            "done of those planned, whether it counts towards the weekly goal, the effort (RPE) "
            "and any pain flag."
        ),
    )
    output = history.add_mutually_exclusive_group()
    output.add_argument(
        "--json",
        action="store_true",
        help="print a JSON array with every session and its steps",
    )
    output.add_argument(
        "--tui",
        action="store_true",
        help=(
            "open the full-screen training log (all of it: --since and --routine are for the "
            "printed list): every session step by step, the week against your goal, a "
            "calendar, trends and left/right balance; notes and effort can be edited there"
        ),
    )
    add_filters(history)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Print the history; files that are not sessions are named on err and skipped."""
    with open_log(err) as index:
        # For JSON, only whether any matched: the documents are streamed below.
        summaries = index.summaries(args.since, args.routine, limit=1 if args.json else None)
        if not summaries:
            check_routine_filter(index, args.routine)
        if args.json:
            write_json_array(index.documents(args.since, args.routine), out)
            return 0
    if summaries:
        out.write(history_table(summaries))
    elif args.since is None and args.routine is None:
        print("No sessions logged yet. Start one with: postchain start ROUTINE", file=out)
    else:
        print("No sessions match.", file=out)
    return 0


def write_json_array(documents: Iterable[str], out: TextIO) -> None:
    """Write a JSON array of documents that are JSON already, one per line, as they come.

    Args:
        documents: the documents.
        out: where to write.
    """
    out.write("[")
    separator = "\n"
    for document in documents:
        out.write(separator)
        out.write(document)
        separator = ",\n"
    out.write("]\n" if separator == "\n" else "\n]\n")


def history_table(summaries: Sequence[SessionSummary]) -> str:
    """The sessions as aligned columns under a heading line."""
    from postchain_tui.core.record import Pain

    rows = [TABLE_HEADINGS] + [
        (
            log.started_at.strftime("%Y-%m-%d %H:%M"),
            log.routine,
            format_duration(log.wall_s),
            log.counts.sets_text,
            "yes" if log.counts_toward_goal else "no",
            "-" if log.rpe is None else str(log.rpe),
            "-" if log.pain is Pain.NONE else log.pain.value,
        )
        for log in summaries
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(len(TABLE_HEADINGS))]
    right_aligned = {2, 3, 5}
    lines = [
        "  ".join(
            cell.rjust(width) if column in right_aligned else cell.ljust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]
    return "\n".join(lines) + "\n"
