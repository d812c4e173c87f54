"""Exact seconds: when each shown second changes, read from outside through the terminal title.

postchain writes the countdown into the terminal title (OSC 2), and tmux keeps it as
``#{pane_title}``. The benchmark polls it every 2 ms through its control client and records
each change as the moment halfway between the last poll that saw the old title and the first
that saw the new one; half that gap is the poll error, reported beside the figures.

The ideal moments come from the session itself. A countdown showing ``ceil(deadline - now)``
flips from ``v`` to ``v - 1`` exactly at ``deadline - (v - 1)``, and a step that runs out ends
exactly at its deadline. From the saved session file the benchmark takes the start time and,
for each step, its planned length, the seconds added or taken with +/- and the seconds paused;
so every boundary of the session is known in advance of the moment it is seen, pauses and
adjustments included. The start is anchored two ways:

- *absolute*: the file's wall-clock start, moved onto ``CLOCK_BOOTTIME`` (the clock the app and
  the benchmark both read) with the offset between the two clocks, measured before and after;
  the error then includes everything from the app's timer to tmux;
- *anchored*: the median flip's error is taken as part of the boundary, which removes
  whatever latency all changes share and leaves their spread.

The script pauses once (for 1.37 s, so the deadline moves by a fraction of a second), adds and
takes five seconds, and takes time near the end of a step where the cut is shortened so at
least a second is left. Keys are sent 0.4 s after a flip, far from any boundary, so the title
change a key causes is never mistaken for a flip.
"""

from __future__ import annotations

import re
import statistics
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from harness import (
    BENCH_DIR,
    Pane,
    Spread,
    TmuxServer,
    contains_all,
    now,
    postchain_argv,
    python_argv,
    table,
    wall_minus_now,
)
from ref_countdown import LABEL as COUNTDOWN_LABEL
from workspace import Workspace, run_alone, timing_routine

TARGET_S = 0.030
POLL_S = 0.002
KEY_DELAY_S = 0.4
PAUSE_S = 1.37
KEY_CHANGE_WINDOW_S = 0.25
APP_NAME = "postchain"
HOLD = "Bench hold"
_TITLE = re.compile(r"^(?P<paused>paused · )?(?:(?P<time>\d+(?::\d\d)+) · )?(?P<label>.*)$")


@dataclass
class Change:
    """The watched text changed from ``old`` to ``new`` between two polls.

    Attributes:
        before: when the last poll that saw ``old`` was sent.
        after: when the first poll that saw ``new`` was answered.
    """

    old: str
    new: str
    before: float
    after: float

    @property
    def at(self) -> float:
        """The estimated moment of the change."""
        return (self.before + self.after) / 2

    @property
    def error(self) -> float:
        """How far the real moment can be from :attr:`at`."""
        return (self.after - self.before) / 2


@dataclass
class Watch:
    """Changes of one probe (a pane's title or screen), polled round after round."""

    name: str
    probe: Callable[[], str]
    changes: list[Change] = field(default_factory=list)
    current: str | None = None
    last_asked: float = 0.0

    def poll(self) -> None:
        """Read the probe once and record a change."""
        asked = now()
        value = self.probe()
        answered = now()
        if self.current is not None and value != self.current:
            self.changes.append(Change(self.current, value, self.last_asked, answered))
        self.current = value
        self.last_asked = asked


@dataclass
class Trigger:
    """Press ``key`` ``delay`` seconds after ``when(title)`` first holds."""

    when: Callable[[str], bool]
    key: str
    delay: float = KEY_DELAY_S
    armed_at: float | None = None
    pressed_at: float | None = None


def watch(
    watches: list[Watch],
    until: Callable[[], bool],
    timeout: float,
    triggers: list[Trigger] | None = None,
    pane: Pane | None = None,
) -> None:
    """Poll every watch every ``POLL_S`` until ``until()``, firing triggers in order."""
    pending = list(triggers or [])
    deadline = now() + timeout
    while now() < deadline:
        started = now()
        for item in watches:
            item.poll()
        if pending and pane is not None and watches[0].current is not None:
            trigger = pending[0]
            if trigger.armed_at is None and trigger.when(watches[0].current):
                trigger.armed_at = now()
            if trigger.armed_at is not None and now() - trigger.armed_at >= trigger.delay:
                trigger.pressed_at = now()
                pane.press(trigger.key)
                pending.pop(0)
        if until():
            return
        pause = POLL_S - (now() - started)
        if pause > 0:
            time.sleep(pause)
    raise TimeoutError(f"gave up after {timeout:.0f} s; last: {[w.current for w in watches]}")


def parse_title(title: str) -> tuple[bool, int | None, str]:
    """``(paused, seconds shown or None, label)`` from a session title."""
    match = _TITLE.match(title)
    assert match is not None
    shown = None
    if match["time"]:
        shown = 0
        for part in match["time"].split(":"):
            shown = shown * 60 + int(part)
    label = match["label"].removesuffix(f" · {APP_NAME}")
    return bool(match["paused"]), shown, label


def script(hold_s: int) -> list[Trigger]:
    """Pause in the first hold, then +5, -5 and a shortened -5 in the second."""

    def showing(value: int, set_number: int, paused: bool = False) -> Callable[[str], bool]:
        def test(title: str) -> bool:
            is_paused, shown, label = parse_title(title)
            return (
                shown == value
                and is_paused == paused
                and label.startswith(f"{HOLD} · set {set_number}/")
            )

        return test

    def paused(title: str) -> bool:
        return title.startswith("paused · ")

    return [
        Trigger(showing(hold_s - 4, 1), "Space"),
        Trigger(paused, "Space", delay=PAUSE_S),
        Trigger(showing(10, 2), "+"),
        Trigger(showing(12, 2), "-"),
        Trigger(showing(3, 2), "-"),
    ]


@dataclass
class StepCheck:
    """One step: its label, when it should have ended and when the title said it did."""

    label: str
    ideal_end: float
    seen_end: float | None
    record_end: float


@dataclass
class Timing:
    """What a session's title changes say about its exactness.

    Attributes:
        flips: (error in seconds, poll error) of every countdown flip, absolute anchor.
        flips_anchored: the same errors less their median (the latency all flips share).
        steps: every step's end, ideal and seen.
        keys: title changes caused by keys (pause, resume, +/-), not checked against a boundary.
        problems: anything that did not add up (a flip while paused, a missing change).
        drift_record_s: the session's recorded end against its planned end plus pauses.
        clock_offset_change_s: how far the wall clock moved against the session clock.
        session_s: the session's length.
    """

    flips: list[tuple[float, float]]
    flips_anchored: list[float]
    steps: list[StepCheck]
    keys: int
    problems: list[str]
    drift_record_s: float
    clock_offset_change_s: float
    session_s: float


def analyse(
    changes: list[Change],
    document: dict[str, Any],
    offset: float,
    offset_change: float,
    key_times: list[float],
) -> Timing:
    """Compare each title change with the boundary the session file says it belongs to.

    Args:
        changes: the title changes seen, in order.
        document: the saved session.
        offset: the wall clock minus the session clock, in seconds.
        offset_change: how much that offset moved during the session.
        key_times: when each key of the script was sent.
    """
    started: datetime = document["started_at"]
    start = started.timestamp() - offset
    records = document["step"]
    problems: list[str] = []
    # Each step's ideal end, chained from the start: planned + adjusted + paused.
    ideal_ends: list[float] = []
    record_ends: list[float] = []
    ideal = recorded = start
    for record in records:
        if record["ended_by"] != "time":
            problems.append(f"step {record['index']} ended by {record['ended_by']}, not time")
        ideal += record["planned_s"] + record["adjust_s"] + record["paused_s"]
        recorded += record["actual_s"] + record["paused_s"]
        ideal_ends.append(ideal)
        record_ends.append(recorded)
    drift_record = recorded - ideal

    def near_key(change: Change) -> bool:
        return any(0 <= change.at - pressed <= KEY_CHANGE_WINDOW_S for pressed in key_times)

    # Walk the changes step by step, from the first title that shows a step.
    first = next(
        (n for n, c in enumerate(changes) if parse_title(c.new)[1] is not None), len(changes)
    )
    flips: list[tuple[float, float, float]] = []  # (seen, ideal, poll error)
    steps: list[StepCheck] = []
    keys = 0
    index = 0
    deadline = start + records[0]["planned_s"] if records else start
    for change in changes[first + 1 :]:
        old_paused, old_shown, old_label = parse_title(change.old)
        new_paused, new_shown, new_label = parse_title(change.new)
        if index >= len(records):
            break
        if new_label != old_label:
            steps.append(StepCheck(old_label, ideal_ends[index], change.at, record_ends[index]))
            index += 1
            if index < len(records):
                deadline = ideal_ends[index - 1] + records[index]["planned_s"]
            continue
        if new_paused != old_paused:
            keys += 1
            if not new_paused:
                # The deadline moves by the time paused, as the file recorded it.
                deadline += records[index]["paused_s"]
            continue
        if new_paused or old_shown is None or new_shown is None:
            problems.append(f"a change while paused: {change.old!r} -> {change.new!r}")
            continue
        if new_shown == old_shown - 1 and not near_key(change):
            flips.append((change.at, deadline - new_shown, change.error))
            continue
        keys += 1
        deadline += new_shown - old_shown
    if index < len(records):
        problems.append(f"saw {index} step ends, the file has {len(records)} steps")
    absolute = [(seen - ideal, error) for seen, ideal, error in flips]
    # Anchored: the latency every flip shares (the median's) taken as part of the boundary.
    anchor = statistics.median(error for error, _ in absolute) if absolute else 0.0
    anchored = [error - anchor for error, _ in absolute]
    return Timing(
        flips=absolute,
        flips_anchored=anchored,
        steps=steps,
        keys=keys,
        problems=problems,
        drift_record_s=drift_record,
        clock_offset_change_s=offset_change,
        session_s=ideal_ends[-1] - start if ideal_ends else 0.0,
    )


def run_session(
    workspace: Workspace,
    server: TmuxServer,
    hold_s: int,
    rest_s: int,
    sets: int,
    alongside: list[Watch],
) -> Timing:
    """Run a timing routine in postchain, watch its title and analyse the saved file.

    The watches ``alongside`` (the references) are polled in the same rounds.
    """
    routine = workspace.routine(f"bench-timing-{hold_s}", timing_routine(hold_s, rest_s, sets))
    data = workspace.log_copy(0, f"timing-{hold_s}")
    config = workspace.folder("config-empty")
    expected_s = 3 + hold_s * sets + rest_s * (sets - 1) + PAUSE_S
    offset_before = wall_minus_now()
    pane = server.start(postchain_argv(data, config, "start", str(routine)))
    try:
        title = Watch("postchain", pane.title)
        triggers = script(hold_s)
        ended = [False]

        def finished() -> bool:
            if title.current is None:
                return False
            seen_session = any(c.new != APP_NAME for c in title.changes)
            ended[0] = seen_session and title.current == APP_NAME
            return ended[0]

        watch([title, *alongside], finished, timeout=expected_s + 30, triggers=triggers, pane=pane)
        key_times = [t.pressed_at for t in triggers if t.pressed_at is not None]
        if len(key_times) != len(triggers):
            raise RuntimeError("not every key of the script was sent")
        document = wait_for_file(data / "sessions", timeout=10)
    finally:
        pane.stop()
    offset_after = wall_minus_now()
    return analyse(
        title.changes,
        document,
        (offset_before + offset_after) / 2,
        offset_after - offset_before,
        key_times,
    )


def wait_for_file(sessions: Path, timeout: float) -> dict[str, Any]:
    """The one session file, once it says the session is completed."""
    deadline = now() + timeout
    while now() < deadline:
        files = list(sessions.glob("*.toml"))
        if len(files) == 1:
            try:
                document = tomllib.loads(files[0].read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError):
                document = {}
            if document.get("completed") is True:
                return document
        time.sleep(0.05)
    raise RuntimeError(f"no completed session file in {sessions}")


@dataclass
class Regularity:
    """How evenly a reference program's display changes: each change's phase within its second,
    against the median phase."""

    name: str
    errors: list[float]
    poll_errors: list[float]


def start_references(server: TmuxServer) -> list[tuple[str, Pane, Watch]]:
    """Start the bare Textual countdown (watched by its screen) and termdown (by its title)."""
    from counting import termdown_path

    found: list[tuple[str, Pane, Watch]] = []
    countdown = server.start(python_argv(str(BENCH_DIR / "ref_countdown.py"), "3600"))
    countdown.wait_for(contains_all(COUNTDOWN_LABEL), timeout=60)
    found.append(
        ("bare Textual countdown (screen)", countdown, Watch("countdown", countdown.screen))
    )
    termdown = termdown_path()
    if termdown is not None:
        pane = server.start([termdown, "60m"])
        pane.wait_for(lambda screen: bool(screen.strip()), timeout=60)
        found.append(("termdown (title)", pane, Watch("termdown", pane.title)))
    return found


def regularity(name: str, item: Watch) -> Regularity | None:
    """How far each change of a reference is from a whole number of seconds after the others.

    The phase of every change within its second is compared with the median phase, so no
    single late change sets the anchor.
    """
    moments = [change.at for change in item.changes]
    if not moments:
        return None
    first = moments[0]
    phases = [moment - first - round(moment - first) for moment in moments]
    middle = statistics.median(phases)
    return Regularity(name, [phase - middle for phase in phases], [c.error for c in item.changes])


def _ms(value: float) -> str:
    return f"{value * 1000:.1f}"


def report(
    sessions: list[tuple[str, Timing]], references: list[Regularity]
) -> tuple[str, list[str]]:
    """The tables, and the targets missed."""
    missed: list[str] = []
    rows = []
    step_rows = []
    for name, timing in sessions:
        stable = abs(timing.clock_offset_change_s) < 0.002
        absolute = [abs(error) for error, _ in timing.flips]
        anchored = [abs(error) for error in timing.flips_anchored]
        checked = absolute if stable else anchored
        poll = Spread.of(error for _, error in timing.flips) if timing.flips else None
        if not timing.flips:
            missed.append(f"exact seconds ({name}): no countdown flips were seen")
            continue
        spread = Spread.of(absolute)
        spread_anchored = Spread.of(anchored)
        within = sum(1 for error in checked if error <= TARGET_S)
        rows.append(
            [
                name,
                str(len(timing.flips)),
                _ms(spread.median),
                _ms(spread.high),
                f"{within}/{len(timing.flips)}",
                _ms(spread_anchored.median),
                _ms(spread_anchored.high),
                f"{_ms(poll.median)} / {_ms(poll.high)}" if poll else "-",
            ]
        )
        if max(checked) > TARGET_S:
            worst = max(checked)
            missed.append(
                f"exact seconds ({name}): a flip {worst * 1000:.1f} ms from its boundary "
                f"(target {TARGET_S * 1000:.0f} ms)"
            )
        ends = [step for step in timing.steps if step.seen_end is not None]
        end_errors = [abs((step.seen_end or 0) - step.ideal_end) for step in ends]
        last = ends[-1] if ends else None
        step_rows.append(
            [
                name,
                f"{timing.session_s:.1f}",
                str(len(ends)),
                _ms(max(end_errors)) if end_errors else "-",
                _ms((last.seen_end or 0) - last.ideal_end) if last else "-",
                _ms(timing.drift_record_s),
                _ms(timing.clock_offset_change_s),
            ]
        )
        if end_errors and max(end_errors) > TARGET_S:
            missed.append(
                f"exact seconds ({name}): a step ended {max(end_errors) * 1000:.1f} ms from its "
                f"planned end plus pauses (target {TARGET_S * 1000:.0f} ms)"
            )
        if abs(timing.drift_record_s) > 0.005:
            missed.append(
                f"exact seconds ({name}): the saved steps add up to "
                f"{timing.drift_record_s * 1000:+.1f} ms against the plan plus pauses"
            )
        missed += [f"exact seconds ({name}): {problem}" for problem in timing.problems]
    reference_rows = []
    for regularity in references:
        errors = [abs(error) for error in regularity.errors]
        spread = Spread.of(errors)
        reference_rows.append(
            [
                regularity.name,
                str(len(errors)),
                _ms(spread.median),
                _ms(spread.high),
                _ms(regularity.errors[-1]),
                _ms(Spread.of(regularity.poll_errors).median),
            ]
        )
    text = (
        "Exact seconds: each countdown flip against its ideal boundary, ms (absolute: from the "
        "session file's start; anchored: less the median error; target: every flip within "
        f"{TARGET_S * 1000:.0f} ms)\n\n"
        + table(
            [
                "session",
                "flips",
                "median abs err",
                "max abs err",
                f"within {TARGET_S * 1000:.0f} ms",
                "anchored median",
                "anchored max",
                "poll error median / max",
            ],
            rows,
        )
        + "\n\nStep ends against the plan plus pauses and +/- (ms; target: within "
        f"{TARGET_S * 1000:.0f} ms, and no drift)\n\n"
        + table(
            [
                "session",
                "length s",
                "steps",
                "max abs end err",
                "last end error",
                "saved steps vs plan",
                "wall clock moved",
            ],
            step_rows,
        )
    )
    if reference_rows:
        text += (
            "\n\nReferences, watched in the same polling rounds during the sessions: each display "
            "change's phase within its second against the median phase, ms\n\n"
            + table(
                ["program", "changes", "median abs err", "max abs err", "last", "poll error"],
                reference_rows,
            )
        )
    return text, missed


def run(workspace: Workspace, quick: bool) -> tuple[str, list[str], dict[str, object]]:
    """Measure and report; the raw figures for the results file."""
    sessions: list[tuple[str, Timing]] = []
    with TmuxServer(workspace.folder("tmux-seconds"), workspace.env()) as server:
        others = start_references(server)
        alongside = [item for _, _, item in others]
        try:
            sessions.append(
                ("48 s, pause and +/-", run_session(workspace, server, 12, 4, 3, alongside))
            )
            if not quick:
                sessions.append(
                    (
                        "10 min, pause and +/-",
                        run_session(workspace, server, 50, 10, 10, alongside),
                    )
                )
        finally:
            for _, pane, _ in others:
                pane.stop()
    references = [r for r in (regularity(name, item) for name, _, item in others) if r]
    text, missed = report(sessions, references)
    raw: dict[str, object] = {
        name: {
            "flip_errors_s": [error for error, _ in timing.flips],
            "step_end_errors_s": [(step.seen_end or 0) - step.ideal_end for step in timing.steps],
            "drift_record_s": timing.drift_record_s,
        }
        for name, timing in sessions
    }
    return text, missed, raw


if __name__ == "__main__":
    run_alone(run)
