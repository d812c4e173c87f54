"""Start-up: from the moment a program is spawned to its first full frame in the terminal.

Each program is started in a fresh tmux session; its screen is polled every 10 ms until the
text of its first full frame is there. The programs take turns, round after round, so a busy
moment on the machine falls on all of them alike. One warm-up round (not counted) fills the
disk cache first.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from harness import (
    BENCH_DIR,
    Spread,
    TmuxServer,
    all_of,
    contains_all,
    contains_count,
    postchain_argv,
    python_argv,
    ratio,
    table,
)
from ref_countdown import LABEL as COUNTDOWN_LABEL
from ref_static import LABEL as STATIC_LABEL
from workspace import Workspace, run_alone

TARGET_RATIO = 1.3
POLL_S = 0.010
"""How often the screen is polled for the first frame."""
COUNTDOWN = "bare Textual countdown"
STATIC = "bare Textual label"
START_ROUTINE = "pre-run-activation"
LOG_STATES = ((0, True), (5000, True), (5000, False))
"""Sessions in the log, and whether its index is built already."""


@dataclass
class Contender:
    """A program to start, the test for its first full frame, and what to do before each start."""

    name: str
    argv: list[str]
    ready: Callable[[str], bool]
    prepare: Callable[[], None] | None = None


def contenders(workspace: Workspace) -> list[Contender]:
    """The references, then postchain's picker and session with 0 and 5,000 sessions logged."""
    config = workspace.folder("config-empty")
    found: list[Contender] = [
        Contender(
            "python printing a line",
            python_argv("-c", "print('ready'); import time; time.sleep(60)"),
            contains_all("ready"),
        ),
        Contender(
            STATIC,
            python_argv(str(BENCH_DIR / "ref_static.py")),
            contains_all(STATIC_LABEL),
        ),
        Contender(
            COUNTDOWN,
            python_argv(str(BENCH_DIR / "ref_countdown.py")),
            contains_all(COUNTDOWN_LABEL),
        ),
    ]
    for count, indexed in LOG_STATES:
        data = workspace.log_copy(count, f"startup-{count}-{indexed}", indexed=indexed)
        state = f"{count:,} sessions" + ("" if indexed or not count else ", no index yet")
        # A log as make_history.py leaves it, with no index: as on the first start after the
        # index was deleted or its format changed.
        prepare = partial(_as_left_by_a_clean_exit, workspace, data, indexed=indexed)
        found.append(
            Contender(
                f"postchain picker, {state}",
                postchain_argv(data, config),
                # The list and the preview both show the first routine once both are drawn,
                # and the footer shows the keys.
                all_of(contains_count("Back routine: easy day", 2), contains_all("Training log")),
                prepare,
            )
        )
        found.append(
            Contender(
                f"postchain start, {state}",
                postchain_argv(data, config, "start", START_ROUTINE),
                contains_all("GET READY", "step 1 of", "Quit"),
                prepare,
            )
        )
    return found


def _as_left_by_a_clean_exit(workspace: Workspace, data: Path, *, indexed: bool) -> None:
    """Put a log back as a clean exit of postchain leaves it, before each start.

    The last ``start`` was killed in its lead-in, as a crash would kill it, which leaves its
    running marker behind; a log with no index yet loses the index the last start built.
    """
    workspace.forget_running(data)
    if not indexed:
        workspace.drop_index(data)


def measure(workspace: Workspace, runs: int) -> dict[str, Spread]:
    """Start each contender ``runs`` times (after a warm-up round); seconds to the first frame."""
    programs = contenders(workspace)
    times: dict[str, list[float]] = {program.name: [] for program in programs}
    with TmuxServer(workspace.folder("tmux-startup"), workspace.env()) as server:
        for round_number in range(runs + 1):
            # Rotate the order, so no program always follows the same one.
            shift = round_number % len(programs)
            # Each round polls on a grid of its own, the same for every program: medians are
            # not all rounded to the one 10 ms grid that starts at the spawn.
            phase = (round_number % runs) / runs * POLL_S
            for program in programs[shift:] + programs[:shift]:
                if program.prepare is not None:
                    program.prepare()
                pane = server.start(program.argv)
                try:
                    seen = pane.wait_for(program.ready, timeout=120, interval=POLL_S, phase=phase)
                finally:
                    pane.stop()
                if round_number:
                    times[program.name].append(seen - pane.started)
                time.sleep(0.05)
    return {name: Spread.of(values) for name, values in times.items()}


def report(figures: dict[str, Spread]) -> tuple[str, list[str]]:
    """The table, and the targets missed (empty when all are met)."""
    reference = figures[COUNTDOWN].median
    label = figures[STATIC].median
    rows = []
    missed = []
    for name, spread in figures.items():
        rows.append(
            [
                name,
                f"{spread.median * 1000:.0f}",
                f"{spread.low * 1000:.0f}",
                f"{spread.high * 1000:.0f}",
                f"{ratio(spread.median, reference):.2f}x",
                f"{ratio(spread.median, label):.2f}x",
            ]
        )
        if name.startswith("postchain") and ratio(spread.median, reference) > TARGET_RATIO:
            missed.append(
                f"start-up: {name} takes {ratio(spread.median, reference):.2f}x the bare "
                f"Textual countdown (target {TARGET_RATIO}x)"
            )
    runs = next(iter(figures.values())).count
    text = (
        f"Start-up to the first full frame, ms (median of {runs}; target: postchain at most "
        f"{TARGET_RATIO}x the bare Textual countdown)\n\n"
        + table(["program", "median", "min", "max", "vs bare countdown", "vs bare label"], rows)
    )
    return text, missed


def run(workspace: Workspace, quick: bool) -> tuple[str, list[str], dict[str, object]]:
    """Measure and report; the raw figures for the results file."""
    figures = measure(workspace, runs=3 if quick else 7)
    text, missed = report(figures)
    raw: dict[str, object] = {name: vars(spread) for name, spread in figures.items()}
    return text, missed, raw


if __name__ == "__main__":
    run_alone(run)
