"""Changing a logged session's effort (RPE), notes and pain flag afterwards."""

from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from postchain_tui.core.record import SessionLog
from postchain_tui.screens.dialog import Dialog
from postchain_tui.widgets.feedback_fields import (
    RPE_HIGH,
    RPE_LOW,
    Feedback,
    FeedbackFields,
)


def with_edited_feedback(log: SessionLog, feedback: Feedback) -> SessionLog:
    """The session with its feedback replaced, an emptied effort included.

    Args:
        log: the session.
        feedback: the new effort (None to clear it), notes and pain flag.

    Raises:
        ValueError: for an effort outside 1 to 10.
    """
    edited = log.with_feedback(rpe=feedback.rpe, notes=feedback.notes, pain=feedback.pain)
    # with_feedback keeps the old effort for None; an emptied field means no effort.
    return edited if feedback.rpe is not None else replace(edited, rpe=None)


class FeedbackModal(Dialog[SessionLog | None]):
    """Edits a session's effort, notes and pain flag.

    Dismisses with the edited session (not yet saved) or with None when cancelled. Enter in a
    field or ctrl+s saves; Escape cancels.

    Args:
        log: the session to edit.
    """

    DEFAULT_CSS = """
    FeedbackModal #feedback-buttons {
        align-horizontal: right;
    }
    FeedbackModal Button {
        margin-left: 1;
    }
    """

    AUTO_FOCUS = "#rpe"

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="feedback.save"),
        Binding("escape", "cancel", "Cancel", id="feedback.cancel"),
    ]

    def __init__(self, log: SessionLog) -> None:
        super().__init__()
        self.session_log = log

    def compose(self) -> ComposeResult:
        """The session named, the questions, the buttons."""
        log = self.session_log
        when = log.started_at.strftime("%a %d %b %Y, %H:%M")
        with Vertical(id="feedback-dialog", classes="dialog"):
            yield Static(
                f"{log.title or log.routine} · {when}",
                id="feedback-heading",
                classes="dialog-heading",
                markup=False,
            )
            yield FeedbackFields(
                log.rpe,
                log.pain,
                log.notes,
                rpe_label=f"RPE {RPE_LOW}-{RPE_HIGH}, or empty",
            )
            with Horizontal(id="feedback-buttons", classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", id="feedback-save", variant="primary")
                yield Button("Cancel (esc)", id="feedback-cancel")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a field saves."""
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#feedback-save")
    def save_pressed(self, event: Button.Pressed) -> None:
        """Save."""
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#feedback-cancel")
    def cancel_pressed(self, event: Button.Pressed) -> None:
        """Leave without saving."""
        event.stop()
        self.action_cancel()

    def action_save(self) -> None:
        """Dismiss with the edited session, once the effort is a valid number or empty."""
        feedback = self.query_one(FeedbackFields).read()
        if feedback is not None:
            self.dismiss(with_edited_feedback(self.session_log, feedback))

    def action_cancel(self) -> None:
        """Leave the session as it is."""
        self.dismiss(None)
