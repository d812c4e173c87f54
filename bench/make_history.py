"""Write a realistic training log, for tests and benchmarks.

Every session is walked through the real session engine on a fake clock, turned into a log
with ``SessionLog.from_engine`` and saved with ``SessionStore``, so the files are exactly what
the app writes: holds that run their time (sometimes lengthened or shortened), rep sets ended
with a count and, for loaded lifts, a load that grows over the months, pauses, skipped sets and
rests, the odd step redone, sessions quit early or cut off, and after-session effort, notes and
pain flags.

Usage, then timing the history on that data folder::

    python bench/make_history.py 5000 big-log/sessions --seed 7 --end 2026-11-22
    time postchain --data-dir big-log history --json > /dev/null

The same count, seed and end date always give the same files, byte for byte, however many
processes write them. Each session is saved as the app saves it, flushed to disk, so on a slow
disk the writing takes longer than the simulating.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from postchain_tui import locations
from postchain_tui.core.catalog import load_catalog
from postchain_tui.core.engine import SessionEngine
from postchain_tui.core.engine_types import EngineState
from postchain_tui.core.plan import PlannedStep, Side, StepKind, build_plan
from postchain_tui.core.record import Pain, SessionLog
from postchain_tui.core.routine import Routine
from postchain_tui.core.store import SessionStore, new_session_id

OFFSET = timezone(timedelta(hours=1))
"""The time zone every generated session is logged in (fixed, so output is repeatable)."""

FAVOURITES = {"pre-run-activation": 4, "five-move-posterior-chain": 3}
"""How much more often than other routines these are picked."""

LOADED_EQUIPMENT = ("barbell", "kettlebell", "dumbbell", "machine", "sled", "weight")
START_HOURS = (6, 7, 7, 12, 17, 18, 18, 19)
NOTES = (
    "Felt strong today.",
    "Left hamstring a bit tight.",
    "Short on time, rushed the rests.",
    "Good hip drive on the swings.",
    "Tired legs after yesterday's long run.",
)


@dataclass(frozen=True, slots=True)
class RoutinePlan:
    """A routine with its plan built once, and how heavy its loaded lifts start.

    Attributes:
        routine: the routine.
        steps: its plan.
        start_loads: the first session's load in kg, per loaded exercise name.
    """

    routine: Routine
    steps: tuple[PlannedStep, ...]
    start_loads: dict[str, float]


class FakeClock:
    """A session clock that only moves when told to."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class SessionSimulator:
    """Walks one session through the engine the way a runner might.

    Args:
        rng: the random source.
        plan: the routine and its plan.
        started: the session's start time.
        progress: how far through the whole history the session is, from 0 to 1; holds get
            longer, reps more and loads heavier as it grows.
    """

    def __init__(
        self, rng: random.Random, plan: RoutinePlan, started: datetime, progress: float
    ) -> None:
        self.rng = rng
        self.plan = plan
        self.progress = progress
        self.clock = FakeClock()
        self.engine = SessionEngine(plan.steps, self.clock, wall=lambda: started)
        self.went_back = False

    def run(self) -> SessionLog:
        """Do the session and return its log, with effort, notes and pain as a runner gives them."""
        engine, rng = self.engine, self.rng
        steps = len(self.plan.steps)
        stop_at = rng.randrange(1, steps) if rng.random() < 0.07 and steps > 1 else steps
        cut_off = rng.random() < 0.25  # of the sessions stopped early: a crash, not a quit
        engine.start()
        while engine.state is not EngineState.FINISHED:
            step = engine.current
            assert step is not None
            if engine.index >= stop_at:
                if not cut_off:
                    self.clock.now += rng.uniform(1, 10)
                    engine.end_early()
                break
            if step.kind.is_work:
                self.work(step)
            else:
                self.gap(step)
        routine = self.plan.routine
        log = SessionLog.from_engine(
            engine,
            session_id=new_session_id(routine.id, self.started, f"{rng.getrandbits(64):016x}"),
            routine=routine.id,
            title=routine.title,
        )
        return self.feedback(log)

    @property
    def started(self) -> datetime:
        """The session's wall-clock start."""
        assert self.engine.started_wall is not None
        return self.engine.started_wall

    def work(self, step: PlannedStep) -> None:
        """A hold or a rep set: mostly done, sometimes skipped, paused or redone."""
        engine, rng, clock = self.engine, self.rng, self.clock
        chance = rng.random()
        if chance < 0.03:
            clock.now += rng.uniform(1, 5)
            engine.skip()
            return
        if chance < 0.04 and not self.went_back and engine.index > 0:
            self.went_back = True
            clock.now += rng.uniform(2, 8)
            engine.back()
            return
        if rng.random() < 0.03:
            clock.now += rng.uniform(1, 4)
            engine.pause()
            clock.now += rng.uniform(5, 40)
            engine.resume()
        if step.kind is StepKind.HOLD:
            if rng.random() < 0.1 + 0.3 * self.progress:
                engine.adjust(5)
            elif rng.random() < 0.05:
                engine.adjust(-5)
            self.run_out()
            return
        assert step.reps is not None
        low, high = step.reps.low, step.reps.high
        aimed = low + (high - low) * self.progress + rng.gauss(0, 1)
        reps = max(1, min(high + 2, round(aimed) - (1 if step.side is Side.RIGHT else 0)))
        pace = step.seconds / low
        clock.now += reps * pace * rng.uniform(0.8, 1.3)
        engine.done(reps=reps, load=self.load(step.exercise))

    def gap(self, step: PlannedStep) -> None:
        """A lead-in, switch or rest: run out, though rests are sometimes cut short."""
        if step.kind is StepKind.REST and self.rng.random() < 0.12:
            self.clock.now += self.rng.uniform(5, max(6.0, step.seconds * 0.8))
            self.engine.skip()
            return
        self.run_out()

    def run_out(self) -> None:
        """Let the current timed step's time run out."""
        self.clock.now += self.engine.view().remaining_s
        self.engine.tick()

    def load(self, exercise: str) -> float | None:
        """The load lifted, in kg, rounded to 2.5 kg plates; None for unloaded exercises."""
        start = self.plan.start_loads.get(exercise)
        if start is None:
            return None
        return round(start * (1 + 0.6 * self.progress) / 2.5) * 2.5

    def feedback(self, log: SessionLog) -> SessionLog:
        """Effort, notes and a pain flag, given after most finished sessions."""
        rng = self.rng
        if rng.random() > (0.85 if log.completed else 0.4):
            return log
        rpe = max(1, min(10, round(rng.gauss(6, 1.4))))
        notes = rng.choice(NOTES) if rng.random() < 0.15 else ""
        chance = rng.random()
        pain = Pain.SHARP if chance < 0.005 else Pain.MILD if chance < 0.045 else Pain.NONE
        return log.with_feedback(rpe=rpe, notes=notes, pain=pain)


def load_plans(seed: int) -> list[RoutinePlan]:
    """Every bundled routine with its plan, in id order; starting loads are drawn from ``seed``."""
    rng = random.Random(seed)
    catalog = load_catalog(locations.bundled_routines_dir(), None)
    plans = []
    for entry in catalog.entries:
        routine = entry.routine
        start_loads = {
            exercise.name: float(rng.choice((8, 12, 16, 20, 24, 40, 60)))
            for exercise in routine.exercises
            if exercise.reps is not None
            and any(word in exercise.equipment.lower() for word in LOADED_EQUIPMENT)
        }
        plans.append(RoutinePlan(routine, tuple(build_plan(routine)), start_loads))
    if not plans:
        raise SystemExit("no bundled routines found")
    return plans


def session_starts(seed: int, count: int, end: date) -> list[datetime]:
    """``count`` start times spread over the ``count / 3`` days up to ``end``, oldest first."""
    rng = random.Random(seed)
    days = max(1, math.ceil(count / 3))
    first = end - timedelta(days=days - 1)
    starts = []
    for _ in range(count):
        day = first + timedelta(days=rng.randrange(days))
        moment = time(rng.choice(START_HOURS), rng.randrange(60), rng.randrange(60))
        starts.append(datetime.combine(day, moment, OFFSET))
    return sorted(starts)


@dataclass(frozen=True, slots=True)
class Batch:
    """Sessions for one worker to write: numbers ``first`` onwards, one per start time.

    Attributes:
        folder: the sessions folder.
        seed: the history's seed.
        count: how many sessions the whole history has.
        first: the number of the batch's first session.
        starts: the batch's start times, in order.
    """

    folder: Path
    seed: int
    count: int
    first: int
    starts: tuple[datetime, ...]


def write_batch(batch: Batch) -> int:
    """Simulate and save a batch of sessions; each draws from its own seeded random source.

    Returns:
        How many sessions were written.
    """
    plans = load_plans(batch.seed)
    weights = [FAVOURITES.get(plan.routine.id, 1) for plan in plans]
    store = SessionStore(batch.folder)
    for number, started in enumerate(batch.starts, batch.first):
        rng = random.Random(f"{batch.seed}-{number}")
        plan = rng.choices(plans, weights)[0]
        progress = number / max(1, batch.count - 1)
        store.save(SessionSimulator(rng, plan, started, progress).run())
    return len(batch.starts)


def generate_history(
    count: int, folder: Path, *, seed: int = 1, end: date | None = None, jobs: int = 1
) -> int:
    """Write ``count`` sessions into ``folder``.

    Args:
        count: how many sessions.
        folder: the sessions folder; created when missing.
        seed: the random seed; the same seed, count and end give the same files.
        end: the last day sessions may fall on; today when None.
        jobs: how many processes write at once.

    Returns:
        How many sessions were written.
    """
    starts = session_starts(seed, count, end or date.today())
    size = max(1, math.ceil(count / max(1, jobs)))
    batches = [
        Batch(folder, seed, count, first, tuple(starts[first : first + size]))
        for first in range(0, count, size)
    ]
    if len(batches) <= 1:
        return sum(write_batch(batch) for batch in batches)
    with ProcessPoolExecutor(len(batches)) as pool:
        return sum(pool.map(write_batch, batches))


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and write the sessions."""
    parser = argparse.ArgumentParser(description="Write a realistic training log.")
    parser.add_argument("count", type=int, metavar="N", help="how many sessions to write")
    parser.add_argument("folder", type=Path, metavar="DIR", help="the sessions folder")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="processes writing at once (default: one per CPU)",
    )
    parser.add_argument(
        "--end",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="the last day sessions may fall on (default: today)",
    )
    args = parser.parse_args(argv)
    written = generate_history(
        args.count, args.folder, seed=args.seed, end=args.end, jobs=args.jobs
    )
    print(f"wrote {written} sessions to {args.folder}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
