"""The voice: when each spoken word's process starts, and what speaking costs the session.

postchain speaks through silent stand-ins for every speech engine, put first on PATH; each
records the moment it started on ``CLOCK_BOOTTIME`` (the clock the benchmark reads) and what
it was given, then "speaks" for as long as espeak-ng would. A stand-in is a Python program:
what it records is later than the moment its process started, never earlier, so the delays
below are upper bounds.

- *Timing*: the title is polled every 2 ms, as in the exact-seconds benchmark; for every flip
  to 3, 2 and 1 and every change of step, the process of its words must start within 100 ms of
  the change seen on the title.
- *CPU*: two sessions of short holds and rests count side by side in the same window, one with
  the voice on and one with ``voice = "off"``; the CPU of postchain's own process (speech
  processes excluded) with the voice on must be within 1.1x of the voice off.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from harness import TmuxServer, now, postchain_argv, table
from seconds import Watch, parse_title, watch
from workspace import Workspace, run_alone, timing_routine

WITHIN_S = 0.100
CPU_RATIO_TARGET = 1.1
ENGINES = ("spd-say", "espeak-ng", "espeak", "say")
STAND_IN = """\
#!{python} -IS
import json, os, signal, sys, time

started = time.clock_gettime(time.CLOCK_BOOTTIME)
signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
with open({record!r}, "a", encoding="utf-8") as out:
    out.write(json.dumps([started, sys.argv[-1]]) + "\\n")
time.sleep(len(sys.argv[-1]) * 0.06)
"""
COUNT_WORDS = {3: "three", 2: "two", 1: "one"}


def stand_ins(folder: Path) -> tuple[Path, Path]:
    """Silent speech commands in ``folder``, and the file they record in."""
    folder.mkdir(parents=True, exist_ok=True)
    record = folder / "said.jsonl"
    for name in ENGINES:
        path = folder / name
        path.write_text(STAND_IN.format(python=sys.executable, record=str(record)), "utf-8")
        path.chmod(0o755)
    return folder, record


def with_speech(folder: Path) -> dict[str, str]:
    return {"PATH": f"{folder}{os.pathsep}{os.environ.get('PATH', '')}"}


@dataclass
class Delay:
    """A change on the title, and how long after it the process of its words started."""

    what: str
    delay_s: float
    poll_error_s: float


def timing(workspace: Workspace, server: TmuxServer, sets: int) -> list[Delay]:
    """Run a session of 8 s holds and 4 s rests; match every spoken change to its words."""
    folder, record = stand_ins(workspace.folder("speech-timing"))
    routine = workspace.routine("voice-timing", timing_routine(8, 4, sets))
    data, config = workspace.folder("voice-data"), workspace.folder("voice-config")
    pane = server.start(postchain_argv(data, config, "start", str(routine)), with_speech(folder))
    title = Watch("title", pane.title)

    def over() -> bool:
        return any("Rest" in c.new for c in title.changes) and title.current == "postchain"

    watch([title], over, timeout=30 + sets * 14)
    pane.stop()
    said = [json.loads(line) for line in record.read_text("utf-8").splitlines()]
    delays = []
    for change in title.changes:
        _, old_shown, old_label = parse_title(change.old)
        paused, new_shown, new_label = parse_title(change.new)
        if paused or new_shown is None:
            continue
        if new_label != old_label and old_shown is not None:
            what = "step change"
            start = ("Bench hold.", "Rest,")
        elif new_label == old_label and new_shown in COUNT_WORDS and new_shown != old_shown:
            what = "count word"
            start = (COUNT_WORDS[new_shown],)
        else:
            continue
        candidates = [at for at, words in said if words.startswith(start)]
        if not candidates:
            raise RuntimeError(f"nothing said for {change.new!r}")
        started = min(candidates, key=lambda at: abs(at - change.at))
        delays.append(Delay(what, started - change.at, change.error))
    return delays


def cpu(
    workspace: Workspace, server: TmuxServer, window_s: float, round_number: int
) -> tuple[float, float]:
    """CPU seconds of postchain's own process per minute, voice on and voice off.

    Each round has folders of its own: a session stopped in an earlier round would otherwise
    be offered for resuming instead of counting.
    """
    folder, _ = stand_ins(workspace.folder("speech-cpu"))
    routine = workspace.routine("voice-cpu", timing_routine(5, 3, 50))
    panes = []
    for voice in ("auto", "off"):
        config = workspace.folder(f"cpu-config-{voice}-{round_number}")
        (config / "settings.toml").write_text(f'voice = "{voice}"\n', "utf-8")
        data = workspace.folder(f"cpu-data-{voice}-{round_number}")
        argv = postchain_argv(data, config, "start", str(routine))
        panes.append(server.start(argv, with_speech(folder)))
    time.sleep(4.0)  # past start-up and the lead-in
    before = [pane.cpu_seconds() for pane in panes]
    began = now()
    time.sleep(window_s)
    after = [pane.cpu_seconds() for pane in panes]
    minutes = (now() - began) / 60
    for pane in panes:
        pane.stop()
    on, off = ((b - a) / minutes for a, b in zip(before, after, strict=True))
    return on, off


def run(workspace: Workspace, quick: bool) -> tuple[str, list[str], dict[str, object]]:
    """Measure and report; the raw figures for the results file."""
    rounds = 2 if quick else 5
    with TmuxServer(workspace.folder("tmux-voice"), workspace.env()) as server:
        delays = timing(workspace, server, 3 if quick else 10)
        figures = [cpu(workspace, server, 15.0 if quick else 60.0, n) for n in range(rounds)]
    missed = []
    rows = []
    for what in ("count word", "step change"):
        chosen = [d for d in delays if d.what == what]
        values = [d.delay_s for d in chosen]
        worst = max(values, key=abs)
        rows.append(
            [
                what,
                str(len(values)),
                f"{statistics.median(values) * 1000:.1f}",
                f"{worst * 1000:.1f}",
                f"{statistics.median(d.poll_error_s for d in chosen) * 1000:.1f}",
            ]
        )
        if abs(worst) > WITHIN_S:
            missed.append(f"voice: a {what} started {worst * 1000:.0f} ms from its change")
    on = statistics.median(on for on, _ in figures)
    off = statistics.median(off for _, off in figures)
    ratio = on / off if off else float("inf")
    if ratio > CPU_RATIO_TARGET:
        missed.append(f"voice: CPU with the voice on {ratio:.2f}x the voice off")
    text = (
        "Voice timing: each spoken change's process start after the change on the title, ms "
        f"(target: within {WITHIN_S * 1000:.0f} ms)\n\n"
        + table(["change", "count", "median", "worst", "poll error median"], rows)
        + f"\n\nVoice CPU: postchain's own process, ms per minute of counting, median of {rounds}"
        f" windows side by side (target: voice on within {CPU_RATIO_TARGET}x of off)\n\n"
        + table(
            ["voice on", "voice off", "ratio"],
            [[f"{on * 1000:.0f}", f"{off * 1000:.0f}", f"{ratio:.2f}x"]],
        )
    )
    raw: dict[str, object] = {
        "delays_s": {
            what: [d.delay_s for d in delays if d.what == what]
            for what in ("count word", "step change")
        },
        "cpu_s_per_minute": figures,
    }
    return text, missed, raw


if __name__ == "__main__":
    run_alone(run)
