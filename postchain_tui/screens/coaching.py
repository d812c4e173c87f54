"""What the picker says from the training log: the week of a plan, where each hold starts."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text

from postchain_tui.core.routine import Routine

if TYPE_CHECKING:
    # The picker opens with a silent coach: the log's modules load when the log is read.
    from postchain_tui.core.plan_weeks import PlanProgress
    from postchain_tui.core.progression import Advice
    from postchain_tui.core.training import TrainingLog


class PickerCoach:
    """The log's word on each routine, read once when the picker opens and then kept.

    Args:
        training: the training log; None when there is none, and nothing is said.
        routines: the routines on offer.
        today: the day it is, for where each plan's run stands.
    """

    def __init__(
        self, training: TrainingLog | None, routines: Iterable[Routine], today: date | None = None
    ) -> None:
        self.training = training
        self.plans: list[PlanProgress] = []
        self.marks: dict[str, str] = {}
        """Each plan routine's marker in the list, by routine id (``▶ week 2 · 1/3 done``)."""
        if training is not None and today is not None:
            from postchain_tui.core.plan_weeks import plan_marks  # with the log, not before

            self.plans = training.plans(routines, today)
            self.marks = plan_marks(self.plans)
        self._advice: dict[str, Advice] = {}

    @classmethod
    def read(cls, training: TrainingLog, routines: Iterable[Routine], today: date) -> PickerCoach:
        """Everything the picker will ask, read at once (in a worker thread, off the screen).

        The reading goes through a log of its own, closed before this returns, so no database
        connection is shared between threads; later questions go to ``training``.

        Args:
            training: the app's training log.
            routines: the routines on offer.
            today: the day it is.

        Returns:
            The coach, with every routine's advice already known.
        """
        from postchain_tui.core.training import TrainingLog

        offered = list(routines)
        reader = TrainingLog(
            training.sessions_dir, training.index_path, load_unit=training.load_unit
        )
        try:
            coach = cls(reader, offered, today)
            for routine in offered:
                coach.advice(routine)
        finally:
            reader.close()
        coach.training = training
        return coach

    def advice(self, routine: Routine) -> Advice | None:
        """Where each exercise of ``routine`` would start today; None without a log."""
        if self.training is None:
            return None
        if routine.id not in self._advice:
            self._advice[routine.id] = self.training.advice_for(routine)
        return self._advice[routine.id]

    def holds(self, routine: Routine) -> dict[str, int]:
        """Seconds to hold today per exercise of ``routine``; empty without a log."""
        advice = self.advice(routine)
        return advice.holds if advice is not None else {}

    def forget(self, routine_id: str) -> None:
        """Work the advice out afresh next time, for a routine that has just changed."""
        self._advice.pop(routine_id, None)

    def plan_status(self, routine: Routine) -> str:
        """Where the user is in the plan ``routine`` belongs to; empty outside a plan."""
        for plan in self.plans:
            if plan.week_of(routine.id) is not None:
                return plan.status()
        return ""

    def proposals(self) -> list[str]:
        """A line for each plan whose next week is ready to start."""
        return [plan.status() for plan in self.plans if plan.ready_for_next]

    def preview_notes(self, routine: Routine) -> list[Text]:
        """The plan's status and today's holds, for the routine's preview; empty when silent."""
        parts: list[Text] = []
        status = self.plan_status(routine)
        if status:
            parts.append(Text(status, style="bold"))
        advice = self.advice(routine)
        notes = advice.notes if advice is not None else []
        if notes:
            parts.append(Text("Today", style="bold"))
            parts += [Text(f"• {note}") for note in notes]
        return parts
