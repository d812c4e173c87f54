"""Suspend in the middle of a rest, simulated: the app is frozen while time passes.

A real suspend cannot be caused from a benchmark. The nearest thing is what the kernel does to
every process when it suspends: freeze it (the cgroup freezer). The app then runs not at all
while the clock moves on, and once thawed it must show the truth of the clock at once. Where
the freezer cannot be used (it needs root and cgroup v1's freezer), the app is stopped with
SIGSTOP instead; but Textual answers the SIGCONT that ends a stop by setting the terminal up
again (its Ctrl+Z support), which takes a while and which a real suspend never causes, so the
figures are then shown for information only.

The routine is: get ready 2 s, then three 3 s holds with 6 s rests. The app is frozen 1.5 s
into the first rest and thawed 7.5 s after that rest began, when the truth is the second hold
with 1.5 s left, so the title must read ``0:02 · Short hold · set 2/3``; and the saved steps
must each have ended at their own deadline.

What a frozen process cannot show is the one difference of a real suspend: there the clock of
the event loop's timers (``CLOCK_MONOTONIC``) stands still while ``CLOCK_BOOTTIME`` runs on.
The session screen never sleeps more than a second, so after a real wake-up it is at most a
second out of date before its timer fires; any key brings it up to date at once. The unit
tests in ``tests/test_suspend.py`` jump the session clock by ten minutes instead.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness import TmuxServer, now, postchain_argv, table
from seconds import Watch, parse_title, wait_for_file, watch
from workspace import SUSPEND, Workspace, run_alone

STOP_INTO_REST_S = 1.5
WAKE_INTO_REST_S = 7.5
EXPECTED = (2, "Short hold · set 2/3")
LATENCY_TARGET_S = 0.1
FREEZER = Path("/sys/fs/cgroup/freezer")


def freezer_usable() -> bool:
    """Whether processes can be frozen here (cgroup v1 freezer, writable)."""
    return (FREEZER / "cgroup.procs").exists() and os.access(FREEZER, os.W_OK)


@contextmanager
def frozen(pid: int) -> Iterator[None]:
    """Freeze a process for the duration, as the kernel does on suspend; thaw it after."""
    group = FREEZER / f"postchain-bench-{os.getpid()}"
    group.mkdir(exist_ok=True)
    try:
        (group / "cgroup.procs").write_text(str(pid))
        (group / "freezer.state").write_text("FROZEN")
        deadline = now() + 5
        while (group / "freezer.state").read_text().strip() != "FROZEN" and now() < deadline:
            time.sleep(0.001)
        yield
    finally:
        (group / "freezer.state").write_text("THAWED")
        with suppress(OSError):  # the process may be gone
            (FREEZER / "cgroup.procs").write_text(str(pid))
        group.rmdir()


@contextmanager
def stopped(pid: int) -> Iterator[None]:
    """Stop a process with SIGSTOP for the duration; continue it after."""
    os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(pid, signal.SIGCONT)


@dataclass
class Outcome:
    """What the title said after the app was continued, and how soon."""

    first_title: str
    latency_s: float
    records_ok: bool
    detail: str
    method: str


def measure(workspace: Workspace) -> Outcome:
    """Stop the app in a rest, continue it later, read the first title after."""
    routine = workspace.routine("bench-suspend", SUSPEND)
    data = workspace.log_copy(0, "suspend")
    config = workspace.folder("config-empty")
    with TmuxServer(workspace.folder("tmux-suspend"), workspace.env()) as server:
        pane = server.start(postchain_argv(data, config, "start", str(routine)))
        try:
            title = Watch("postchain", pane.title)
            watch([title], lambda: parse_title(title.current or "")[2] == "Rest", timeout=30)
            rest_started = title.changes[-1].at
            time.sleep(max(0.0, rest_started + STOP_INTO_REST_S - now()))
            method = "freezer" if freezer_usable() else "SIGSTOP"
            with (frozen if method == "freezer" else stopped)(pane.pid):
                time.sleep(max(0.0, rest_started + WAKE_INTO_REST_S - now()))
                title.poll()
                stale = title.current
                continued = now()
            watch([title], lambda: title.current != stale, timeout=5)
            seen = title.changes[-1]
            first = seen.new
            latency = seen.at - continued
            document = wait_for_file_done(data, title)
        finally:
            pane.stop()
    records = document["step"]
    ends = [(record["kind"], record["actual_s"], record["ended_by"]) for record in records[:4]]
    records_ok = ends == [
        ("lead_in", 2.0, "time"),
        ("hold", 3.0, "time"),
        ("rest", 6.0, "time"),
        ("hold", 3.0, "time"),
    ]
    return Outcome(first, latency, records_ok, f"first steps saved as {ends}", method)


def wait_for_file_done(data: Path, title: Watch) -> dict[str, Any]:
    """Let the session run to its end, then read its file."""
    watch([title], lambda: title.current == "postchain", timeout=30)
    return wait_for_file(data / "sessions", timeout=10)


def report(outcome: Outcome) -> tuple[str, list[str]]:
    """The table, and the targets missed."""
    missed: list[str] = []
    _, shown, label = parse_title(outcome.first_title)
    truthful = (shown, label) == EXPECTED
    informative = outcome.method != "freezer"
    if not truthful and not informative:
        missed.append(
            f"suspend: after continuing, the title read {outcome.first_title!r}, not the "
            f"truth ({EXPECTED[1]} with 0:0{EXPECTED[0]} left)"
        )
    if outcome.latency_s > LATENCY_TARGET_S and not informative:
        missed.append(
            f"suspend: the truth took {outcome.latency_s * 1000:.0f} ms to show after continuing"
        )
    if not outcome.records_ok:
        missed.append(f"suspend: the saved steps are wrong: {outcome.detail}")
    how = (
        "frozen by the cgroup freezer"
        if outcome.method == "freezer"
        else "stopped with SIGSTOP (for information: Textual resets the terminal on SIGCONT)"
    )
    text = (
        f"Suspend, simulated: the app {how} for {WAKE_INTO_REST_S - STOP_INTO_REST_S:.1f} s "
        f"from {STOP_INTO_REST_S} s into a 6 s rest (target: the truth on screen within "
        f"{LATENCY_TARGET_S * 1000:.0f} ms of waking)\n\n"
        + table(
            ["first title after waking", "truth", "ms to show it", "saved steps at deadlines"],
            [
                [
                    outcome.first_title,
                    "yes" if truthful else "no",
                    f"{outcome.latency_s * 1000:.1f}",
                    "yes" if outcome.records_ok else "no",
                ]
            ],
        )
    )
    return text, missed


def run(workspace: Workspace, quick: bool) -> tuple[str, list[str], dict[str, object]]:
    """Measure and report; the raw figures for the results file."""
    outcome = measure(workspace)
    text, missed = report(outcome)
    return (
        text,
        missed,
        {
            "method": outcome.method,
            "first_title": outcome.first_title,
            "latency_s": outcome.latency_s,
        },
    )


if __name__ == "__main__":
    run_alone(run)
