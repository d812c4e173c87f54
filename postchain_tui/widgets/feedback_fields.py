"""The after-session questions: effort (RPE), a pain flag and notes.

Asked on the summary right after a session, and again when a session is edited from the
history. The fields keep the ids ``rpe``, ``pain`` (its buttons ``none``, ``mild``, ``sharp``),
``pain-advice`` and ``notes``.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.validation import Integer
from textual.widgets import Input, Label, RadioButton, RadioSet, Static

from postchain_tui.core.record import Pain

RPE_LOW, RPE_HIGH = 1, 10
SHARP_PAIN_ADVICE = (
    "Sharp pain is a signal to stop. Rest the area, don't train through it, and see a "
    "physiotherapist or doctor before doing this routine again."
)


@dataclass(frozen=True, slots=True)
class Feedback:
    """What was answered.

    Attributes:
        rpe: effort from 1 to 10, or None when left empty.
        notes: the notes, without surrounding blanks.
        pain: the pain flag.
    """

    rpe: int | None
    notes: str
    pain: Pain


class FeedbackFields(Vertical):
    """Effort and pain side by side, the advice shown while sharp pain is chosen, then notes.

    Args:
        rpe: the effort to show at first, if any.
        pain: the pain flag chosen at first.
        notes: the notes to show at first.
        rpe_label: the effort field's label.
        id: the widget's id.
    """

    DEFAULT_CSS = """
    FeedbackFields {
        height: auto;
    }
    FeedbackFields > #feedback {
        height: auto;
    }
    FeedbackFields #rpe-field {
        width: 20;
        height: auto;
    }
    FeedbackFields #pain-field {
        width: 1fr;
        height: auto;
    }
    FeedbackFields #pain {
        layout: horizontal;
        width: auto;
    }
    FeedbackFields #pain-advice {
        display: none;
        border: heavy $error;
        padding: 0 1;
        text-style: bold;
    }
    FeedbackFields #pain-advice.-shown {
        display: block;
    }
    """

    def __init__(
        self,
        rpe: int | None = None,
        pain: Pain = Pain.NONE,
        notes: str = "",
        *,
        rpe_label: str = f"Effort, RPE {RPE_LOW}-{RPE_HIGH}",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.initial = Feedback(rpe, notes, pain)
        self.rpe_label = rpe_label

    def compose(self) -> ComposeResult:
        """The effort and pain fields, the advice, the notes."""
        initial = self.initial
        with Horizontal(id="feedback"):
            with Vertical(id="rpe-field"):
                yield Label(self.rpe_label)
                yield Input(
                    "" if initial.rpe is None else str(initial.rpe),
                    placeholder=f"{RPE_LOW}-{RPE_HIGH}",
                    id="rpe",
                    type="integer",
                    max_length=2,
                    valid_empty=True,
                    validators=[Integer(minimum=RPE_LOW, maximum=RPE_HIGH)],
                )
            with Vertical(id="pain-field"):
                yield Label("Pain")
                with RadioSet(id="pain"):
                    for pain in Pain:
                        yield RadioButton(
                            pain.value.capitalize(), value=pain is initial.pain, id=pain.value
                        )
        yield Static(SHARP_PAIN_ADVICE, id="pain-advice", markup=False)
        yield Label("Notes")
        # Notes are added to more often than rewritten: keep them, the cursor at the end.
        yield Input(initial.notes, placeholder="How did it go?", id="notes", select_on_focus=False)

    def on_mount(self) -> None:
        """Show the advice for a session already flagged with sharp pain."""
        self._show_advice()

    @property
    def pain(self) -> Pain:
        """The pain flag chosen."""
        pressed = self.query_one("#pain", RadioSet).pressed_button
        return Pain(pressed.id) if pressed is not None and pressed.id else Pain.NONE

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        """Show the advice while sharp pain is chosen."""
        event.stop()
        self._show_advice()

    def _show_advice(self) -> None:
        self.query_one("#pain-advice").set_class(self.pain is Pain.SHARP, "-shown")

    def read(self) -> Feedback | None:
        """The answers, or None (after saying why, with the focus on it) for an invalid effort."""
        rpe_input = self.query_one("#rpe", Input)
        validation = rpe_input.validate(rpe_input.value)
        if validation is not None and not validation.is_valid:
            self.notify(
                f"Effort (RPE) is a whole number from {RPE_LOW} to {RPE_HIGH}, or left empty.",
                title="Check the RPE",
                severity="warning",
            )
            rpe_input.focus()
            return None
        return Feedback(
            rpe=int(rpe_input.value) if rpe_input.value else None,
            notes=self.query_one("#notes", Input).value.strip(),
            pain=self.pain,
        )
