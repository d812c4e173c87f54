"""CPU while counting, and peak memory: postchain holding a long step, beside the references.

All programs run at the same time, each in its own tmux session, so they share whatever else
the machine is doing. postchain runs ``start`` on a routine with one 10-minute hold, with 5,000
sessions in its log; once the hold is on screen, the CPU time (utime + stime from
``/proc/PID/stat``) each program uses over the window is read, and at the end its peak RSS
(``VmHWM``). The benchmark itself sleeps during the window. Each round starts fresh processes.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from harness import (
    BENCH_DIR,
    Pane,
    Spread,
    TmuxServer,
    contains_all,
    now,
    postchain_argv,
    python_argv,
    ratio,
    table,
)
from ref_big_countdown import LABEL as BIG_LABEL
from ref_countdown import LABEL as COUNTDOWN_LABEL
from ref_static import LABEL as STATIC_LABEL
from workspace import LONG_HOLD, Workspace, run_alone

CPU_TARGET = 1.5
MEMORY_TARGET = 1.3
LOG_SIZE = 5000
POSTCHAIN = "postchain, one long hold"
COUNTDOWN = "bare Textual countdown"
STATIC = "bare Textual label"
BIG = "bare Textual, postchain's big countdown"
TERMDOWN = "termdown"


@dataclass
class Contender:
    """A program and the test for the moment it is counting."""

    name: str
    argv: list[str]
    ready: Callable[[Pane], bool]


def _shows(*texts: str) -> Callable[[Pane], bool]:
    test = contains_all(*texts)
    return lambda pane: test(pane.screen())


def _any_text(pane: Pane) -> bool:
    return bool(pane.screen().strip())


def termdown_path() -> str | None:
    """The termdown command, if it is installed."""
    return shutil.which("termdown") or _beside_python("termdown")


def _beside_python(name: str) -> str | None:
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else None


def contenders(workspace: Workspace, round_number: int) -> list[Contender]:
    """postchain on a fresh copy of a 5,000-session log, and the references."""
    routine = workspace.routine("bench-long-hold", LONG_HOLD)
    data = workspace.log_copy(LOG_SIZE, f"counting-{round_number}")
    config = workspace.folder("config-empty")
    found = [
        Contender(
            POSTCHAIN,
            postchain_argv(data, config, "start", str(routine)),
            lambda pane: pane.title().startswith("9:5") and "Long hold" in pane.title(),
        ),
        Contender(
            COUNTDOWN, python_argv(str(BENCH_DIR / "ref_countdown.py")), _shows(COUNTDOWN_LABEL)
        ),
        Contender(STATIC, python_argv(str(BENCH_DIR / "ref_static.py")), _shows(STATIC_LABEL)),
        Contender(BIG, python_argv(str(BENCH_DIR / "ref_big_countdown.py")), _shows(BIG_LABEL)),
    ]
    termdown = termdown_path()
    if termdown is not None:
        found.append(Contender(TERMDOWN, [termdown, "15m"], _any_text))
    return found


@dataclass
class Figures:
    """CPU seconds per minute of counting, and peak RSS in MiB, per program, per round."""

    cpu: dict[str, list[float]]
    memory: dict[str, list[float]]
    window_s: float


def measure(workspace: Workspace, window_s: float, rounds: int) -> Figures:
    """Run every program side by side ``rounds`` times for ``window_s`` seconds of counting."""
    cpu: dict[str, list[float]] = {}
    memory: dict[str, list[float]] = {}
    with TmuxServer(workspace.folder("tmux-counting"), workspace.env()) as server:
        for round_number in range(rounds):
            programs = contenders(workspace, round_number)
            panes = [server.start(program.argv) for program in programs]
            try:
                deadline = now() + 90
                for program, pane in zip(programs, panes, strict=True):
                    while not program.ready(pane):
                        if now() > deadline or not pane.alive():
                            raise RuntimeError(
                                f"{program.name} is not counting (title {pane.title()!r}); "
                                f"screen:\n{pane.screen()}"
                            )
                        time.sleep(0.05)
                time.sleep(1.0)  # let the first steps' work settle
                before = {pane.pid: pane.cpu_seconds() for pane in panes}
                started = now()
                time.sleep(window_s)
                elapsed = now() - started
                for program, pane in zip(programs, panes, strict=True):
                    used = pane.cpu_seconds() - before[pane.pid]
                    cpu.setdefault(program.name, []).append(used / elapsed * 60)
                    memory.setdefault(program.name, []).append(pane.peak_rss_kib() / 1024)
            finally:
                for pane in panes:
                    pane.stop()
    return Figures(cpu, memory, window_s)


def report(figures: Figures) -> tuple[str, list[str]]:
    """The tables, and the targets missed."""
    missed: list[str] = []
    cpu = {name: Spread.of(values) for name, values in figures.cpu.items()}
    memory = {name: Spread.of(values) for name, values in figures.memory.items()}
    reference_cpu = cpu[COUNTDOWN].median
    reference_memory = memory[COUNTDOWN].median
    big_cpu = cpu[BIG].median
    termdown_cpu = cpu[TERMDOWN].median if TERMDOWN in cpu else None
    termdown_memory = memory[TERMDOWN].median if TERMDOWN in memory else None
    cpu_rows = []
    for name, spread in cpu.items():
        cpu_rows.append(
            [
                name,
                f"{spread.median * 1000:.0f}",
                f"{spread.low * 1000:.0f}",
                f"{spread.high * 1000:.0f}",
                f"{spread.median / 60 * 100:.2f}%",
                f"{ratio(spread.median, reference_cpu):.2f}x",
                f"{ratio(spread.median, big_cpu):.2f}x",
                f"{ratio(spread.median, termdown_cpu):.2f}x" if termdown_cpu else "n/a",
            ]
        )
    ours = cpu[POSTCHAIN].median
    if ratio(ours, reference_cpu) > CPU_TARGET:
        missed.append(
            f"CPU: postchain uses {ratio(ours, reference_cpu):.2f}x the bare Textual countdown "
            f"(target {CPU_TARGET}x)"
        )
    if termdown_cpu is None:
        missed.append("CPU: termdown is not installed (pip install termdown), so not compared")
    elif ours >= termdown_cpu:
        missed.append(f"CPU: postchain uses {ratio(ours, termdown_cpu):.2f}x termdown (target <1x)")
    memory_rows = []
    for name, spread in memory.items():
        memory_rows.append(
            [
                name,
                f"{spread.median:.1f}",
                f"{spread.low:.1f}",
                f"{spread.high:.1f}",
                f"{ratio(spread.median, reference_memory):.2f}x",
                f"{ratio(spread.median, termdown_memory):.2f}x" if termdown_memory else "n/a",
            ]
        )
    ours_memory = memory[POSTCHAIN].median
    if ratio(ours_memory, reference_memory) > MEMORY_TARGET:
        missed.append(
            f"memory: postchain peaks at {ratio(ours_memory, reference_memory):.2f}x the bare "
            f"Textual countdown (target {MEMORY_TARGET}x)"
        )
    rounds = len(next(iter(figures.cpu.values())))
    text = (
        f"CPU while counting: ms of CPU per minute, over {figures.window_s:.0f} s windows "
        f"(median of {rounds} rounds; target: postchain at most {CPU_TARGET}x the bare Textual "
        "countdown and below termdown)\n\n"
        + table(
            [
                "program",
                "median",
                "min",
                "max",
                "of one core",
                "vs bare countdown",
                "vs bare big countdown",
                "vs termdown",
            ],
            cpu_rows,
        )
        + f"\n\nPeak memory (VmHWM), MiB, postchain with {LOG_SIZE:,} sessions in its log "
        f"(median of {rounds}; target: at most {MEMORY_TARGET}x the bare Textual countdown)\n\n"
        + table(
            ["program", "median", "min", "max", "vs bare countdown", "vs termdown"], memory_rows
        )
    )
    return text, missed


def run(workspace: Workspace, quick: bool) -> tuple[str, list[str], dict[str, object]]:
    """Measure and report; the raw figures for the results file."""
    figures = measure(workspace, window_s=15 if quick else 60, rounds=3)
    text, missed = report(figures)
    return text, missed, {"cpu_ms_per_min": figures.cpu, "peak_rss_mib": figures.memory}


if __name__ == "__main__":
    run_alone(run)
