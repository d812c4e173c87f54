"""Multi-week plans: which week the user is on, from the sessions done so far.

Routines that share a ``plan`` name and each have a ``week`` form a plan, such as the bundled
four-week recovery plan. The plan is followed in runs:

- a run starts with a session of the first week; sessions of later weeks before it do not
  count, and neither does one of a week that is not the one the run is on (done ahead of its
  turn, or again after it is done);
- a week is done once ``SESSIONS_PER_WEEK`` sessions that count towards the goal (see
  ``core.counting``) are logged in it (calendar weeks do not matter, so a busy week or a week
  off never pushes anyone ahead of what they have actually done); the run then moves on to
  the next week, and the picker proposes it;
- when every week is done, the plan is complete, and the next first-week session starts a
  new run;
- after more than ``RUN_GAP_DAYS`` without a session of the plan the run is over, and the
  plan starts again at its first week: someone coming back after months is not told they are
  half-way through.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from postchain_tui.core.routine import Routine

SESSIONS_PER_WEEK = 3
"""Sessions of a week's routine before the plan moves on to the next week."""

RUN_GAP_DAYS = 14
"""Days without a session of the plan after which the run is over."""


@dataclass(frozen=True, slots=True)
class PlanWeek:
    """One week of a plan.

    Attributes:
        week: its number.
        routine_ids: the routines for that week (usually one).
        completed: sessions of those routines that count for it in the current run.
    """

    week: int
    routine_ids: tuple[str, ...]
    completed: int = 0

    @property
    def done(self) -> bool:
        """True once the week has had its sessions."""
        return self.completed >= SESSIONS_PER_WEEK


@dataclass(frozen=True, slots=True)
class PlanProgress:
    """How far the user has got through one plan.

    Attributes:
        name: the plan's name, as the routines write it.
        weeks: its weeks, in order, with the sessions of the current run.
        started: the day the current run started; None when there is none.
        lapsed: the last session of a run that is over for a gap, when no run has started
            since; None otherwise.
    """

    name: str
    weeks: tuple[PlanWeek, ...]
    started: date | None = None
    lapsed: date | None = None

    @property
    def current(self) -> PlanWeek | None:
        """The week the user is on: the lowest one not done; None once the plan is complete."""
        return next((week for week in self.weeks if not week.done), None)

    @property
    def ready_for_next(self) -> bool:
        """True when a week was just finished and the next one has not been started."""
        current = self.current
        return current is not None and current is not self.weeks[0] and current.completed == 0

    def week_of(self, routine_id: str) -> PlanWeek | None:
        """The week a routine belongs to, or None when it is not part of this plan."""
        return next((week for week in self.weeks if routine_id in week.routine_ids), None)

    def mark(self, routine_id: str) -> str:
        """A short marker for a routine of this plan in a list, e.g. ``▶ this week · 1/3 done``.

        Args:
            routine_id: the routine.

        Returns:
            The marker; empty for a week still to come, or a routine outside the plan.
        """
        week = self.week_of(routine_id)
        if week is None:
            return ""
        current = self.current
        if current is None:
            return "✓ plan complete"
        if week is current:
            if self.ready_for_next:
                return f"▶ ready for week {week.week}"
            if week.completed == 0:
                return "▶ start here"
            return f"▶ week {week.week} · {week.completed}/{SESSIONS_PER_WEEK} done"
        if week.done:
            return f"✓ done · {week.completed}/{SESSIONS_PER_WEEK}"
        return ""

    def status(self) -> str:
        """The plan's progress in a sentence, for the preview of its routines."""
        current = self.current
        last = self.weeks[-1].week
        if current is None:
            return f"{self.name}: complete, every week done {SESSIONS_PER_WEEK} times."
        if self.lapsed is not None:
            return (
                f"{self.name}: more than two weeks since its last session "
                f"({self.lapsed.isoformat()}), so it starts again at week {current.week}."
            )
        text = (
            f"{self.name}: you are on week {current.week} of {last}, "
            f"{current.completed} of {SESSIONS_PER_WEEK} sessions done."
        )
        if self.ready_for_next:
            previous = max(week.week for week in self.weeks if week.week < current.week)
            text += (
                f" Week {previous} is done {SESSIONS_PER_WEEK} times: ready for week "
                f"{current.week}."
            )
        return text


def plan_progress(
    routines: Iterable[Routine], sessions: Iterable[tuple[str, date]], today: date
) -> list[PlanProgress]:
    """How far the user has got through every plan the routines form.

    Args:
        routines: every routine on offer; those without a plan and a week are left out.
        sessions: (routine id, day) of every session that counts towards the goal, oldest
            first; those of routines outside a plan are passed over.
        today: the day it is now, which tells a run left off for too long.

    Returns:
        One progress per plan, in order of plan name.
    """
    by_plan: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for routine in routines:
        if routine.plan and routine.week is not None:
            by_plan[routine.plan][routine.week].append(routine.id)
    done = list(sessions)
    plans = []
    for name, weeks in sorted(by_plan.items()):
        empty = PlanProgress(
            name, tuple(PlanWeek(week, tuple(sorted(ids))) for week, ids in sorted(weeks.items()))
        )
        plans.append(_followed(empty, done, today))
    return plans


def _followed(plan: PlanProgress, sessions: list[tuple[str, date]], today: date) -> PlanProgress:
    """The plan with the sessions of its current run counted (see the module's rules)."""
    fresh = plan.weeks
    run: PlanProgress | None = None
    last: date | None = None
    lapsed: date | None = None
    for routine_id, day in sessions:
        week = plan.week_of(routine_id)
        if week is None:
            continue
        if run is not None and last is not None and (day - last).days > RUN_GAP_DAYS:
            run, lapsed = None, last
        if week is fresh[0] and (run is None or run.current is None):
            run, lapsed = replace(plan, started=day), None
        if run is None:
            continue
        last = day
        current = run.current
        if current is not None and current.week == week.week:
            counted = replace(current, completed=current.completed + 1)
            run = replace(run, weeks=tuple(counted if w is current else w for w in run.weeks))
    if run is not None and last is not None and (today - last).days > RUN_GAP_DAYS:
        run, lapsed = None, last
    return run if run is not None else replace(plan, lapsed=lapsed)


def plan_marks(progress: Iterable[PlanProgress]) -> dict[str, str]:
    """The marker of every routine that has one, by routine id (see :meth:`PlanProgress.mark`)."""
    marks: dict[str, str] = {}
    for plan in progress:
        for week in plan.weeks:
            for routine_id in week.routine_ids:
                mark = plan.mark(routine_id)
                if mark:
                    marks[routine_id] = mark
    return marks
