"""``postchain new ID [--from ROUTINE]``: a routine file of your own to edit, never over another."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from postchain_tui import locations
from postchain_tui.core.catalog import Catalog, resolve_routine, routine_path
from postchain_tui.core.routine import RoutineError
from postchain_tui.core.routine_builder import ID_HELP, is_valid_id

COPY_MARK = "(my copy)"
"""Added to a copied routine's title, so that the list never shows two the same."""

TEMPLATE = """\
# Your own routine. Edit it, then check it with:
#     postchain check {path}
# Every key is described in the routine format guide (docs/routines.md).

title = "{title}"
id = "{routine_id}"                # the file's name without .toml, used on the command line
summary = "What it is for, how often, how hard."
tags = ["own"]

[defaults]
rest = "30s"                  # rest after each set; 0 for none
# lead_in = "5s"              # the get-ready countdown before the first step
# switch_sides = "5s"         # the gap between the left and the right side
# rep_pace = "3s"             # seconds per rep, for the time estimate only

[[exercise]]
name = "Glute bridge hold"
hold = "20-40s"               # a range starts low and grows 5 s once every hold runs in full
sets = 3
cue = "Heels down, hips up until shoulders, hips and knees line up."
# progression = "Single-leg glute bridge hold"   # the harder variant, once the range is mastered

[[exercise]]
name = "Clams"
reps = "10-15"                # or a fixed count, such as reps = 12
per_side = true               # left, a switch-sides gap, then right
rest = "20s"                  # this exercise's own rest
cue = "Lie on your side, knees bent and stacked; lift and lower the top knee slowly."
"""


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Declare the ``new`` subcommand."""
    new = commands.add_parser(
        "new",
        help="write a routine file of your own to edit, and print its path",
        description=(
            "Write a commented template (or a copy of ROUTINE) into your routines folder as "
            "ID.toml, for editing in your editor, and print its path. An existing file is "
            "never replaced."
        ),
    )
    new.add_argument("routine_id", metavar="ID", help=f"the new routine's id: {ID_HELP}")
    new.add_argument(
        "--from",
        dest="source",
        metavar="ROUTINE",
        help="start from a copy of this routine (an id or a path to a .toml file)",
    )


def run(args: argparse.Namespace, catalog: Catalog, out: TextIO, err: TextIO) -> int:
    """Write the new routine file and print its path; 1 when the file exists already."""
    from postchain_tui.core.store import write_atomically

    routine_id: str = args.routine_id
    if not is_valid_id(routine_id):
        raise RoutineError(f"{routine_id!r} is not a valid id", key="ID", allowed=ID_HELP)
    path = routine_path(locations.user_routines_dir(), routine_id)
    if path.exists():
        print(f"postchain: {path} exists already; edit it, or choose another id", file=err)
        return 1
    write_atomically(path, new_routine_text(routine_id, path, args.source, catalog).encode())
    print(path, file=out)
    return 0


def new_routine_text(routine_id: str, path: Path, source: str | None, catalog: Catalog) -> str:
    """The text of a new routine file: the template, or a copy of ``source`` under the new id.

    Raises:
        RoutineError: when ``source`` names no routine.
    """
    if source is None:
        title = routine_id.replace("-", " ").replace("_", " ").capitalize()
        return TEMPLATE.format(path=path, title=title, routine_id=routine_id)
    from postchain_tui.core.routine_writer import routine_toml

    original = resolve_routine(source, catalog)
    header = (
        f"A copy of {original.id} ({original.title}). Edit it, then check it with:\n"
        f"    postchain check {path}\n"
        "Every key is described in the routine format guide (docs/routines.md)."
    )
    title = f"{original.title} {COPY_MARK}"
    return routine_toml(replace(original, id=routine_id, title=title, path=None), header)
