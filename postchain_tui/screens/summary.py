"""The summary after a session: what was planned against what was done, then how it felt.

The session is already saved when this screen opens; the feedback (RPE, notes, pain) is
written into that same file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Static

from postchain_tui.core.durations import describe_seconds, describe_span, format_duration
from postchain_tui.core.plan import PlannedStep, StepKind
from postchain_tui.core.record import SessionLog, StepLog
from postchain_tui.core.store import SessionStore
from postchain_tui.screens.session import SessionOutcome
from postchain_tui.widgets.feedback_fields import FeedbackFields
from postchain_tui.widgets.key_bar import KeyBar

_SIDE_INITIALS = {"left": "L", "right": "R"}
_DONE_ENDINGS = ("time", "done")


@dataclass(frozen=True, slots=True)
class ExerciseResult:
    """One exercise of a session, planned against done.

    Attributes:
        name: the exercise.
        sets_done: sets with every side done (not skipped, not cut short).
        sets_planned: sets in the plan.
        planned: e.g. ``3 × 30s``, ``2 × 20s each side`` or ``3 × 8-12 reps``.
        done: per set, e.g. ``30s, 30s, skipped`` or ``L 20s R 18s, L 20s R -``.
    """

    name: str
    sets_done: int
    sets_planned: int
    planned: str
    done: str


def exercise_results(plan: Sequence[PlannedStep], log: SessionLog) -> list[ExerciseResult]:
    """Compare a session's log with its plan, exercise by exercise.

    When a step was visited more than once (after going back), its last visit counts.

    Args:
        plan: the steps the session was planned as.
        log: the session.

    Returns:
        One result per exercise, in routine order.
    """
    last_visit: dict[int, StepLog] = {}
    for visit in log.steps:
        last_visit[visit.index] = visit
    by_exercise: dict[int, list[tuple[int, PlannedStep]]] = {}
    for index, step in enumerate(plan):
        if step.kind.is_work:
            by_exercise.setdefault(step.exercise_index, []).append((index, step))
    results = []
    for work in by_exercise.values():
        first = work[0][1]
        per_side = first.side is not None
        sets: dict[int, list[tuple[str, StepLog | None]]] = {}
        for index, step in work:
            side = step.side.value if step.side is not None else ""
            sets.setdefault(step.set_number, []).append((side, last_visit.get(index)))
        done_sets = sum(
            1
            for sides in sets.values()
            if all(visit is not None and visit.ended_by in _DONE_ENDINGS for _, visit in sides)
        )
        done = ", ".join(
            " ".join(_side_result(side, visit, per_side) for side, visit in sides)
            for sides in sets.values()
        )
        results.append(
            ExerciseResult(
                name=first.exercise,
                sets_done=done_sets,
                sets_planned=first.total_sets,
                planned=_planned(first),
                done=done,
            )
        )
    return results


def _planned(step: PlannedStep) -> str:
    if step.kind is StepKind.REPS and step.reps is not None:
        amount = f"{describe_span(step.reps, '')} reps"
    else:
        amount = describe_seconds(step.seconds)
    each = " each side" if step.side is not None else ""
    return f"{step.total_sets} × {amount}{each}"


def _side_result(side: str, visit: StepLog | None, per_side: bool) -> str:
    prefix = f"{_SIDE_INITIALS.get(side, side)} " if per_side else ""
    if visit is None:
        return f"{prefix}-"
    if visit.ended_by == "skip":
        return f"{prefix}skipped"
    if visit.kind == StepKind.REPS:
        amount = str(visit.reps) if visit.reps is not None else "done"
    else:
        amount = f"{round(visit.actual_s)}s"
    if visit.ended_by not in _DONE_ENDINGS:
        amount += " (stopped)"
    return f"{prefix}{amount}"


def results_table(results: Sequence[ExerciseResult]) -> RenderableType:
    """The planned-against-done table.

    Args:
        results: one per exercise.

    Returns:
        A table of exercise, sets done/planned, planned and done.
    """
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False, show_edge=False)
    table.add_column("Exercise", ratio=3)
    table.add_column("Sets", justify="right", no_wrap=True)
    table.add_column("Planned", ratio=2)
    table.add_column("Done", ratio=3)
    for result in results:
        table.add_row(
            result.name, f"{result.sets_done}/{result.sets_planned}", result.planned, result.done
        )
    return table


def totals_line(log: SessionLog, results: Sequence[ExerciseResult]) -> str:
    """The session's time and sets in one line.

    Args:
        log: the session.
        results: its exercises, planned against done.

    Returns:
        e.g. ``Total 12:40 · active 12:10 · paused 0:30 · 9/10 sets done``.
    """
    done = sum(result.sets_done for result in results)
    planned = sum(result.sets_planned for result in results)
    return (
        f"Total {format_duration(log.wall_s)} · active {format_duration(log.active_s)} · "
        f"paused {format_duration(log.paused_s)} · {done}/{planned} sets done"
    )


def changes_text(changes: Sequence[str]) -> Text:
    """The "compared with last time" section.

    Args:
        changes: one line per change.

    Returns:
        A heading, then the changes as a list.
    """
    text = Text("Compared with last time", style="bold")
    for change in changes:
        text.append(f"\n• {change}")
    return text


class SummaryScreen(Screen[SessionLog]):
    """Shows how the session went and asks for RPE, notes and a pain flag.

    Dismisses with the log as finally saved (feedback included when it was given).

    Args:
        outcome: the session that just ended.
        store: where the session was saved; the feedback goes into the same file.
        changes: what changed since the last time the routine was done, one line each (see
            ``core.comparison``); nothing is shown when empty.
    """

    CSS_PATH = "summary.tcss"
    AUTO_FOCUS = "#rpe"

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="summary.save"),
        Binding("escape", "close", "Skip", id="summary.close"),
    ]

    def __init__(
        self, outcome: SessionOutcome, store: SessionStore, changes: Sequence[str] = ()
    ) -> None:
        super().__init__()
        self.outcome = outcome
        self.changes = tuple(changes)
        self.store = store
        self.session_log = outcome.log
        self.saved = outcome.saved_to is not None

    def compose(self) -> ComposeResult:
        """Results on top, feedback below, all scrolling together on small terminals."""
        log = self.session_log
        results = exercise_results(self.outcome.plan, log)
        heading = "Session complete" if log.completed else "Session ended early"
        with VerticalScroll(id="summary"):
            yield Static(
                heading, id="summary-heading", classes="" if log.completed else "-incomplete"
            )
            yield Static(log.title, id="summary-routine", markup=False)
            yield Static(totals_line(log, results), id="totals")
            yield Static(results_table(results), id="results")
            if self.changes:
                yield Static(changes_text(self.changes), id="changes")
            yield Static(self._save_status(), id="save-status", markup=False)
            yield FeedbackFields()
            with Horizontal(id="summary-buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Skip (esc)", id="skip")
        yield KeyBar()

    def _save_status(self) -> str:
        if self.saved:
            return "Saved to your training log."
        return f"Not saved yet ({self.outcome.save_error}); Save tries again."

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a field saves."""
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#save")
    def save_pressed(self, event: Button.Pressed) -> None:
        """Save the feedback."""
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#skip")
    def skip_pressed(self, event: Button.Pressed) -> None:
        """Close without feedback."""
        event.stop()
        self.action_close()

    def action_save(self) -> None:
        """Save the feedback into the session's file and close."""
        feedback = self.query_one(FeedbackFields).read()
        if feedback is not None:
            self._write(
                self.session_log.with_feedback(
                    rpe=feedback.rpe, notes=feedback.notes, pain=feedback.pain
                )
            )

    def action_close(self) -> None:
        """Close without feedback (the session itself is already saved)."""
        if self.saved:
            self.dismiss(self.session_log)
        else:
            self._write(self.session_log)

    def _write(self, log: SessionLog) -> None:
        try:
            self.store.save(log)
        except OSError as error:
            self.notify(
                f"Could not save to {self.store.folder}: {error.strerror or error}. "
                "Free some space or fix the folder, then press Save again.",
                title="Not saved",
                severity="error",
                timeout=10,
                markup=False,
            )
            return
        self.session_log = log
        self.saved = True
        self.dismiss(log)
