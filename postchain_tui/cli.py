"""The ``postchain`` command: a thin layer of argparse over the core and the app.

Textual is imported only by the commands that open the full-screen app, so listing, checking
and previewing routines start quickly.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from postchain_tui import __version__, locations
from postchain_tui.commands import export as export_command
from postchain_tui.commands import fit as fit_command
from postchain_tui.commands import history as history_command
from postchain_tui.commands import new as new_command
from postchain_tui.commands import start as start_command
from postchain_tui.core.catalog import Catalog, load_catalog, resolve_routine
from postchain_tui.core.durations import describe_seconds, describe_span, format_seconds
from postchain_tui.core.loader import check_routine
from postchain_tui.core.plan import build_plan, estimate_seconds
from postchain_tui.core.routine import Routine, RoutineError
from postchain_tui.core.routine_cache import RoutineCache

if TYPE_CHECKING:
    from postchain_tui.app import PostchainApp
    from postchain_tui.core.store import SessionStore

DESCRIPTION = """\
A terminal coach for posterior-chain strength routines: timed holds, rep sets, rests and
switch-sides gaps, one step at a time, with a log of what you did.

Run without a command to pick a routine in the full-screen app."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = argparse.ArgumentParser(
        prog="postchain",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"postchain {__version__}")
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="keep the training log here (default: the platform's user data folder)",
    )
    parser.add_argument(
        "--config-dir",
        type=Path,
        metavar="DIR",
        help="read settings and your own routines from here (default: the user config folder)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    commands.add_parser(
        "routines",
        help="list every routine: id, title, estimated time, tags",
        description="List the bundled routines and your own, one per line.",
    )

    check = commands.add_parser(
        "check",
        help="validate routine files and report every problem",
        description=(
            "Validate routine files. Problems are printed as path:line: key: message; "
            "the exit status is 1 when any file is invalid."
        ),
    )
    check.add_argument("files", nargs="+", type=Path, metavar="FILE", help="routine .toml files")

    show = commands.add_parser(
        "show",
        help="preview a routine's timeline, step by step, with the total",
        description=(
            "Print the planned timeline of a routine: every step with its planned time. With "
            "--format fit, write it as a FIT workout file instead, for a watch's GARMIN/NewFiles "
            "folder or Garmin Connect, with each hold where your next session would start it."
        ),
    )
    show.add_argument("routine", metavar="ROUTINE", help="a routine id or a path to a .toml file")
    show.add_argument(
        "--format", choices=("text", "fit"), default="text", help="text (the default) or fit"
    )
    show.add_argument(
        "--out", type=Path, metavar="FILE", help="for fit: the file, or a folder to write it into"
    )
    show.add_argument("--force", action="store_true", help="replace FILE when it exists already")

    start_command.add_parser(commands)
    new_command.add_parser(commands)
    history_command.add_parser(commands)
    export_command.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``postchain`` command.

    Args:
        argv: the arguments, without the program name; ``sys.argv[1:]`` when None.

    Returns:
        The exit status.
    """
    args = build_parser().parse_args(argv)
    locations.set_data_dir(args.data_dir)
    locations.set_config_dir(args.config_dir)
    try:
        if args.command == "routines":
            return list_routines(sys.stdout, sys.stderr)
        if args.command == "check":
            return check_files(args.files, sys.stdout)
        if args.command == "show" and args.format == "fit":
            routine = resolve_routine(args.routine, current_catalog())
            return fit_command.write_workout(args, routine, sys.stdout, sys.stderr)
        if args.command == "show":
            return show_routine(args.routine, sys.stdout)
        if args.command == "start":
            return run_app(start_command.routine_to_start(args))
        if args.command == "new":
            return new_command.run(args, current_catalog(), sys.stdout, sys.stderr)
        if args.command == "history" and args.tui:
            return run_app(None, open_history=True)
        if args.command == "history":
            return history_command.run(args, sys.stdout, sys.stderr)
        if args.command == "export":
            return export_command.run(args, sys.stdout, sys.stderr)
        return run_app(None)
    except RoutineError as error:
        print(f"postchain: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`postchain routines | head`); say nothing more.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return 0
    except OSError as error:
        if error.filename is not None and error.strerror:
            print(f"postchain: {error.filename}: {error.strerror}", file=sys.stderr)
        else:
            print(f"postchain: {error}", file=sys.stderr)
        return 1


def current_catalog() -> Catalog:
    """Every routine, bundled and the user's own (parsed again only where a file changed)."""
    cache = RoutineCache(locations.routine_cache_path())
    catalog = load_catalog(locations.bundled_routines_dir(), locations.user_routines_dir(), cache)
    cache.save()
    return catalog


def report_catalog_errors(catalog: Catalog, err: TextIO) -> None:
    """Say which user files could not be loaded, one line each."""
    for error in catalog.errors:
        more = f" (and {len(error.others)} more: see postchain check)" if error.others else ""
        print(f"postchain: skipped {error}{more}", file=err)


def list_routines(out: TextIO, err: TextIO) -> int:
    """Print one line per routine: id, title, estimated duration and tags."""
    catalog = current_catalog()
    report_catalog_errors(catalog, err)
    if not catalog.entries:
        print("No routines found.", file=out)
        return 0
    width = max(len(entry.routine.id) for entry in catalog.entries)
    title_width = max(len(entry.routine.title) for entry in catalog.entries)
    for entry in catalog.entries:
        routine = entry.routine
        minutes = f"~{max(1, round(estimate_seconds(build_plan(routine)) / 60))} min"
        tags = ", ".join(routine.tags)
        line = f"{routine.id:<{width}}  {routine.title:<{title_width}}  {minutes:>7}  {tags}"
        if entry.replaces is not None:
            line += f"  (yours, replaces the bundled {entry.replaces.name})"
        print(line.rstrip(), file=out)
    return 0


def check_files(paths: Sequence[Path], out: TextIO) -> int:
    """Validate each file; print every problem and warning, then its summary when it is valid.

    Returns:
        1 when any file is invalid (warnings alone do not make it so), else 0.
    """
    status = 0
    for path in paths:
        report = check_routine(path)
        for problem in report.problems:
            print(problem, file=out)
        for warning in report.warnings:
            print(f"{warning} [warning]", file=out)
        routine = report.routine
        if routine is None:
            status = 1
            continue
        steps = build_plan(routine)
        print(
            f"{path}: ok: {routine.id}, {len(steps)} steps, "
            f"about {format_seconds(estimate_seconds(steps))}",
            file=out,
        )
    return status


def show_routine(name: str, out: TextIO) -> int:
    """Print a routine's planned timeline: each step at its start time, then the total."""
    catalog = current_catalog()
    routine = resolve_routine(name, catalog)
    print(_timeline(routine), file=out)
    return 0


def run_app(routine_name: str | None, *, open_history: bool = False) -> int:
    """Open the full-screen app: the picker, straight into ``routine_name``, or the history."""
    # Starting allocates much and frees next to nothing: rather than walk every new object
    # again and again while Textual is imported and the first screen built, the garbage
    # collector waits until the first frame is out (the app turns it back on then).
    gc.disable()
    try:
        catalog = current_catalog()
        routine = resolve_routine(routine_name, catalog) if routine_name else None
        app = build_app(catalog, routine, open_history=open_history)
        # What is loaded by now lives as long as the app: set apart from the collector, its
        # full passes never walk it.
        gc.freeze()
        app.run()
    finally:
        gc.enable()
    if routine is not None and app.ended_session is not None:
        from postchain_tui.core.outcome import exit_line

        print(exit_line(app.ended_session))
    print_held_sessions(app.store, sys.stdout)
    return app.return_code or 0


def print_held_sessions(store: SessionStore, out: TextIO) -> None:
    """Print, as TOML, each session the disk refused that the user asked to see on exit.

    Called once the app has closed and the terminal is back to normal, so the text can be
    copied or redirected into a file.
    """
    if not store.held_for_exit:
        return
    from postchain_tui.core.store import session_toml

    for log in store.held_for_exit:
        print(
            f"postchain: session {log.id} was not saved; here it is as TOML "
            f"(keep it as {log.id}.toml in {store.folder}):",
            file=out,
        )
        print(session_toml(log), end="", file=out)


def build_app(catalog: Catalog, routine: Routine | None, *, open_history: bool) -> PostchainApp:
    """The app as the command line opens it, with the folders and settings of ``locations``.

    Args:
        catalog: the routines.
        routine: the routine to go straight into, if any.
        open_history: open the history instead of the picker.

    Returns:
        The app, not yet running.
    """
    from postchain_tui.app import AppOptions, make_app
    from postchain_tui.core.settings import load_settings
    from postchain_tui.core.store import SessionStore
    from postchain_tui.themes import theme_names

    settings_path = locations.settings_path()
    settings, problems = load_settings(settings_path, themes=theme_names())
    for problem in problems:
        print(f"postchain: setting not used: {problem}", file=sys.stderr)
    options = AppOptions(
        catalog=catalog,
        store=SessionStore(locations.sessions_dir()),
        start=routine,
        index_path=locations.index_path(),
        running_dir=locations.running_dir(),
        open_history=open_history,
        settings=settings,
        settings_path=settings_path,
        settings_problems=tuple(problems),
        routines_dir=locations.user_routines_dir(),
    )
    return make_app(options)


def _timeline(routine: Routine) -> str:
    steps = build_plan(routine)
    lines = [f"{routine.title} ({routine.id})"]
    if routine.summary:
        lines.append(routine.summary)
    lines.append("")
    clock = 0
    for number, step in enumerate(steps, 1):
        if step.is_timed:
            planned = describe_seconds(step.seconds)
        else:
            reps = describe_span(step.reps, "") if step.reps is not None else "?"
            planned = f"{reps} reps (~{describe_seconds(step.seconds)})"
        lines.append(f"{number:>3}. {format_seconds(clock):>6}  {step.label:<44} {planned}")
        clock += step.seconds
    lines.append("")
    lines.append(f"Total: about {format_seconds(clock)} ({len(steps)} steps)")
    return "\n".join(lines)
