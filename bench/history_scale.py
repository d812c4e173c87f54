"""History at scale: the log of 1,000, 5,000 and 20,000 sessions, listed and shown.

Each log is written by ``bench/make_history.py``. Two readers are timed:

- ``postchain history --json``, from spawning the process to its exit (output to /dev/null);
- the History screen (``postchain history --tui``), from spawning the process to the first
  frame that shows the whole log: its count of sessions and the newest session's row. It is
  measured only when this version has one.

*Cold* is the first reading of a log, with no index yet (every file is read and the index is
built); *warm* is a reading with the index up to date (every file is only checked against it).
Each reader's floor is the same reader on an empty log. Growth is the exponent of the time
above the floor against the number of sessions, from the smallest log to the largest: 1 is
linear.
"""

from __future__ import annotations

import importlib.util
import math
import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from harness import UNSET, Spread, TmuxServer, contains_all, now, postchain_argv, table
from workspace import Workspace, run_alone

WARM_TARGET_S = 1.0
TARGET_SIZE = 5000
GROWTH_TARGET = 1.1
"""The largest exponent accepted for time (above the floor) against log size; 1 is linear."""
CLI = "history --json"
SCREEN = "History screen"


def run_cli(argv: list[str], env: dict[str, str], cwd: Path) -> float:
    """Seconds from spawn to exit."""
    started = now()
    subprocess.run(
        argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
    )
    return now() - started


def history_screen_present() -> bool:
    """Whether this version of postchain has a History screen."""
    try:
        return importlib.util.find_spec("postchain_tui.screens.history") is not None
    except ModuleNotFoundError:
        return False


def newest_session(data: Path) -> str:
    """When the newest session of a log began, ``YYYY-MM-DD HH:MM``, from its file's name."""
    names = [entry.name for entry in os.scandir(data / "sessions") if entry.name.endswith(".toml")]
    newest = max(names)  # named by local start time: 2026-11-22T071502_routine_token.toml
    return f"{newest[:10]} {newest[11:13]}:{newest[13:15]}"


def screen_ready(data: Path, count: int) -> Callable[[str], bool]:
    """The History screen shows the whole log: its count, and the newest session's row."""
    if not count:
        return contains_all(" 0 sessions")
    return contains_all(f" {count:,} sessions", newest_session(data))


@dataclass
class Figures:
    """Seconds per reader, per log size, cold and warm; and each reader's floor."""

    cold: dict[str, dict[int, Spread]] = field(default_factory=dict)
    warm: dict[str, dict[int, Spread]] = field(default_factory=dict)
    floor: dict[str, Spread] = field(default_factory=dict)


def measure(workspace: Workspace, sizes: tuple[int, ...], runs: int, cold_runs: int) -> Figures:
    """Time each reader on each log size."""
    env = {key: value for key, value in os.environ.items() if key not in UNSET}
    env.update(workspace.env())
    config = workspace.folder("config-empty")
    cwd = workspace.root
    screen = history_screen_present()
    figures = Figures()
    with TmuxServer(workspace.folder("tmux-history"), workspace.env()) as server:

        def on_screen(data: Path, count: int) -> float:
            pane = server.start(postchain_argv(data, config, "history", "--tui"))
            try:
                seen = pane.wait_for(screen_ready(data, count), timeout=300)
            finally:
                pane.stop()
            return seen - pane.started

        def time_both(data: Path, count: int, repeat: int) -> dict[str, list[float]]:
            cli_argv = postchain_argv(data, config, "history", "--json")
            found: dict[str, list[float]] = {CLI: [], SCREEN: []}
            for _ in range(repeat):
                found[CLI].append(run_cli(cli_argv, env, cwd))
                if screen:
                    found[SCREEN].append(on_screen(data, count))
            return found

        empty = workspace.log_copy(0, "history-empty", indexed=False)
        time_both(empty, 0, 2)  # compile and cache the bytecode, fill the disk cache
        for reader, values in time_both(empty, 0, runs).items():
            if values:
                figures.floor[reader] = Spread.of(values)
        for size in sizes:
            data = workspace.log_copy(size, f"history-{size}", indexed=False)
            cold: dict[str, list[float]] = {CLI: [], SCREEN: []}
            for _ in range(cold_runs):
                workspace.drop_index(data)
                cold[CLI].append(
                    run_cli(postchain_argv(data, config, "history", "--json"), env, cwd)
                )
                if screen:
                    workspace.drop_index(data)
                    cold[SCREEN].append(on_screen(data, size))
            workspace.build_index(data)  # the index is up to date from here on
            warm = time_both(data, size, runs)
            for reader in (CLI, SCREEN):
                if cold[reader]:
                    figures.cold.setdefault(reader, {})[size] = Spread.of(cold[reader])
                if warm[reader]:
                    figures.warm.setdefault(reader, {})[size] = Spread.of(warm[reader])
    return figures


def growth(times: dict[int, Spread], floor: float) -> float | None:
    """The exponent of time above the floor against size, between the smallest and largest."""
    sizes = sorted(times)
    if len(sizes) < 2:
        return None
    low, high = sizes[0], sizes[-1]
    above_low = times[low].median - floor
    above_high = times[high].median - floor
    if above_low <= 0 or above_high <= 0:
        return None
    return math.log(above_high / above_low) / math.log(high / low)


def report(figures: Figures) -> tuple[str, list[str]]:
    """The table, and the targets missed."""
    missed: list[str] = []
    rows = []
    notes = []
    for reader in (CLI, SCREEN):
        if reader not in figures.warm:
            continue
        floor = figures.floor[reader].median
        for size in sorted(figures.warm[reader]):
            for kind, spreads in (("cold", figures.cold), ("warm", figures.warm)):
                spread = spreads[reader][size]
                rows.append(
                    [
                        reader,
                        f"{size:,}",
                        kind,
                        f"{spread.median * 1000:.0f}",
                        f"{spread.low * 1000:.0f}",
                        f"{spread.high * 1000:.0f}",
                        f"{(spread.median - floor) / size * 1_000_000:.0f}",
                    ]
                )
        warm = figures.warm[reader].get(TARGET_SIZE)
        if warm is not None and warm.median > WARM_TARGET_S:
            missed.append(
                f"history: {reader} on {TARGET_SIZE:,} sessions takes {warm.median:.2f} s warm "
                f"(target under {WARM_TARGET_S:.0f} s)"
            )
        exponents = []
        for kind, spreads in (("warm", figures.warm), ("cold", figures.cold)):
            exponent = growth(spreads[reader], floor)
            if exponent is None:
                exponents.append(f"{kind} n/a")
                continue
            exponents.append(f"{kind} size^{exponent:.2f}")
            if exponent > GROWTH_TARGET:
                missed.append(
                    f"history: {reader}, {kind}, grows as size^{exponent:.2f} (target: linear, "
                    f"at most ^{GROWTH_TARGET})"
                )
        notes.append(
            f"{reader}: floor (empty log) {floor * 1000:.0f} ms; time above it grows as "
            + ", ".join(exponents)
        )
    if SCREEN not in figures.warm:
        notes.append("There is no History screen in this version: the command line only.")
    cli = figures.warm[CLI]
    runs = next(iter(cli.values())).count
    cold_runs = next(iter(figures.cold[CLI].values())).count
    text = (
        f"History at scale, ms to done (--json: to exit; screen: to the frame showing the "
        f"whole log; warm: median of {runs}; cold: median of {cold_runs}, index deleted before "
        f"each; target: {TARGET_SIZE:,} sessions warm under {WARM_TARGET_S:.0f} s for both, "
        "growth no worse than linear)\n\n"
        + table(
            ["reader", "sessions", "index", "median", "min", "max", "µs per session above floor"],
            rows,
        )
        + "\n\n"
        + "\n".join(notes)
    )
    return text, missed


def run(workspace: Workspace, quick: bool) -> tuple[str, list[str], dict[str, object]]:
    """Measure and report; the raw figures for the results file."""
    sizes = (1000, 5000) if quick else (1000, 5000, 20000)
    figures = measure(workspace, sizes, runs=3 if quick else 5, cold_runs=1 if quick else 3)
    text, missed = report(figures)
    raw: dict[str, object] = {
        "floor_s": {reader: vars(spread) for reader, spread in figures.floor.items()},
        "cold_s": {
            reader: {str(size): vars(spread) for size, spread in sizes_.items()}
            for reader, sizes_ in figures.cold.items()
        },
        "warm_s": {
            reader: {str(size): vars(spread) for size, spread in sizes_.items()}
            for reader, sizes_ in figures.warm.items()
        },
    }
    return text, missed, raw


if __name__ == "__main__":
    run_alone(run)
