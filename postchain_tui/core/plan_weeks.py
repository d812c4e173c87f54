"""Multi-week plans: which week the user is on, from the sessions completed so far.

Routines that share a ``plan`` name and each have a ``week`` form a plan, such as the bundled
four-week recovery plan. The rule:

- a week is done once ``SESSIONS_PER_WEEK`` completed sessions of its routine are logged
  (sessions ended early do not count; calendar weeks do not matter, so a busy week or a
  week off never pushes anyone ahead of what they have actually done);
- the week the user is on is the lowest week that is not done yet, so a week skipped ahead
  is still waiting;
- once the week before it is done and the week the user is on has no session yet, the plan is
  ready for that week: the picker proposes it;
- when every week is done, the plan is complete.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from postchain_tui.core.routine import Routine

SESSIONS_PER_WEEK = 3
"""Completed sessions of a week's routine before the plan moves on to the next week."""


@dataclass(frozen=True, slots=True)
class PlanWeek:
    """One week of a plan.

    Attributes:
        week: its number.
        routine_ids: the routines for that week (usually one).
        completed: completed sessions of those routines.
    """

    week: int
    routine_ids: tuple[str, ...]
    completed: int

    @property
    def done(self) -> bool:
        """True once the week has had its sessions."""
        return self.completed >= SESSIONS_PER_WEEK


@dataclass(frozen=True, slots=True)
class PlanProgress:
    """How far the user has got through one plan.

    Attributes:
        name: the plan's name, as the routines write it.
        weeks: its weeks, in order.
    """

    name: str
    weeks: tuple[PlanWeek, ...]

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
            The marker; empty for a week still to come and not started, or a routine outside
            the plan.
        """
        week = self.week_of(routine_id)
        if week is None:
            return ""
        current = self.current
        if current is None:
            return f"✓ plan complete · {week.completed} done"
        if week is current:
            if self.ready_for_next:
                return f"▶ ready for week {week.week}"
            if week.completed == 0:
                return "▶ start here"
            return f"▶ this week · {week.completed}/{SESSIONS_PER_WEEK} done"
        if week.done:
            return f"✓ done · {week.completed}/{SESSIONS_PER_WEEK}"
        if week.completed:
            return f"{week.completed}/{SESSIONS_PER_WEEK} done"
        return ""

    def status(self) -> str:
        """The plan's progress in a sentence, for the preview of its routines."""
        current = self.current
        last = self.weeks[-1].week
        if current is None:
            return f"{self.name}: complete, every week done {SESSIONS_PER_WEEK} times."
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


def plan_progress(routines: Iterable[Routine], completed: Mapping[str, int]) -> list[PlanProgress]:
    """How far the user has got through every plan the routines form.

    Args:
        routines: every routine on offer; those without a plan and a week are left out.
        completed: completed sessions per routine id (a routine not in it has none).

    Returns:
        One progress per plan, in order of plan name.
    """
    by_plan: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for routine in routines:
        if routine.plan and routine.week is not None:
            by_plan[routine.plan][routine.week].append(routine.id)
    return [
        PlanProgress(
            name=name,
            weeks=tuple(
                PlanWeek(
                    week=week,
                    routine_ids=tuple(sorted(ids)),
                    completed=sum(completed.get(routine_id, 0) for routine_id in ids),
                )
                for week, ids in sorted(weeks.items())
            ),
        )
        for name, weeks in sorted(by_plan.items())
    ]


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
