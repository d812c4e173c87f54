"""One exercise of the routine editor's form: its fields in a row, and the buttons to move and
remove it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Checkbox, Input, Select

from postchain_tui.core.durations import DurationError, parse_reps, parse_span
from postchain_tui.core.routine_draft import NEW_EXERCISE_HOLD, ExerciseDraft

NEW_EXERCISE_REPS = "10"
_KINDS = [("hold", "hold"), ("reps", "reps")]


class ExerciseRow(Horizontal):
    """One exercise of the form.

    Args:
        draft: the exercise as it stands; what the form does not show is kept from it.
    """

    def __init__(self, draft: ExerciseDraft) -> None:
        super().__init__(classes="exercise-row")
        self.original = draft

    def compose(self) -> ComposeResult:
        """The fields, then the buttons to move and remove the exercise."""
        draft = self.original
        yield Input(draft.name, placeholder="Exercise name", classes="name", compact=True)
        # Digits only: a minus sign or a point could only be refused later.
        yield Input(draft.sets, classes="sets", restrict=r"\d*", max_length=2, compact=True)
        yield Select(
            _KINDS,
            value="hold" if draft.timed else "reps",
            allow_blank=False,
            classes="kind",
            compact=True,
        )
        yield Input(draft.amount, placeholder="30s", classes="amount", compact=True)
        yield Input(draft.rest, placeholder="default", classes="rest", compact=True)
        yield Checkbox("per side", draft.per_side, classes="per-side", compact=True)
        yield Button("↑", classes="up", compact=True, tooltip="Move up (ctrl+↑)")
        yield Button("↓", classes="down", compact=True, tooltip="Move down (ctrl+↓)")
        yield Button("✕", classes="remove", compact=True, tooltip="Remove (ctrl+r)")

    def draft(self) -> ExerciseDraft:
        """The exercise as the fields now say."""
        return ExerciseDraft(
            name=self.query_one(".name", Input).value,
            sets=self.query_one(".sets", Input).value,
            timed=self.query_one(".kind", Select).value == "hold",
            amount=self.query_one(".amount", Input).value,
            rest=self.query_one(".rest", Input).value,
            per_side=self.query_one(".per-side", Checkbox).value,
            cue=self.original.cue,
            equipment=self.original.equipment,
            progression=self.original.progression,
            load=self.original.load,
        )

    def on_select_changed(self, event: Select.Changed) -> None:
        """Switching between hold and reps offers an amount that fits, unless the typed one does."""
        event.stop()
        amount = self.query_one(".amount", Input)
        timed = event.value == "hold"
        try:
            parse_span(amount.value) if timed else parse_reps(amount.value)
        except DurationError:
            amount.value = NEW_EXERCISE_HOLD if timed else NEW_EXERCISE_REPS
