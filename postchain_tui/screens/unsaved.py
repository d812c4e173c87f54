"""What to do with a session the disk refused, asked when the summary is left without it saved."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button, Input, Static

from postchain_tui.screens.dialog import Dialog


class UnsavedChoice(Enum):
    """The answers other than a folder to save into."""

    RETRY = "retry"
    PRINT_ON_EXIT = "print"
    LEAVE = "leave"


class UnsavedSessionModal(Dialog["UnsavedChoice | Path"]):
    """Asks what to do with a session that could not be saved.

    Dismisses with an :class:`UnsavedChoice`, with the folder the user typed to save it into
    instead, or with None (Escape) to go back to the summary.

    Args:
        reason: why the last save failed, e.g. ``No space left on device``.
    """

    DEFAULT_CSS = """
    UnsavedSessionModal Button {
        width: 100%;
    }
    UnsavedSessionModal #elsewhere-folder {
        display: none;
        margin-top: 1;
    }
    UnsavedSessionModal.-elsewhere #elsewhere-folder {
        display: block;
    }
    """

    BINDINGS = [
        Binding("escape", "back", "Back to the summary", id="unsaved.back"),
    ]

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason

    def compose(self) -> ComposeResult:
        """The question, the four answers, and the folder field the second one opens."""
        with Vertical(classes="dialog"):
            yield Static("This session is not saved", classes="dialog-heading")
            yield Static(
                f"The last save failed: {self.reason}. The session is kept in memory until "
                "you choose.",
                id="unsaved-reason",
                markup=False,
            )
            with Vertical(classes="dialog-buttons"):
                yield Button("Try again", id="retry", variant="primary")
                yield Button("Save to another folder…", id="elsewhere")
                yield Button("Print it when postchain closes", id="print")
                yield Button("Leave without saving", id="leave", variant="error")
            yield Input(
                placeholder="A folder to save the session into, then Enter",
                id="elsewhere-folder",
            )

    def on_mount(self) -> None:
        """Focus the answer that loses nothing."""
        self.query_one("#retry", Button).focus()

    @on(Button.Pressed, "#retry")
    def retry_pressed(self, event: Button.Pressed) -> None:
        """Try the session's own folder again."""
        event.stop()
        self.dismiss(UnsavedChoice.RETRY)

    @on(Button.Pressed, "#elsewhere")
    def elsewhere_pressed(self, event: Button.Pressed) -> None:
        """Open the folder field."""
        event.stop()
        self.add_class("-elsewhere")
        self.query_one("#elsewhere-folder", Input).focus()

    @on(Input.Submitted, "#elsewhere-folder")
    def folder_submitted(self, event: Input.Submitted) -> None:
        """Save into the folder typed; an empty field does nothing."""
        event.stop()
        folder = event.value.strip()
        if folder:
            self.dismiss(Path(folder).expanduser())

    @on(Button.Pressed, "#print")
    def print_pressed(self, event: Button.Pressed) -> None:
        """Keep the session to be printed once postchain has closed."""
        event.stop()
        self.dismiss(UnsavedChoice.PRINT_ON_EXIT)

    @on(Button.Pressed, "#leave")
    def leave_pressed(self, event: Button.Pressed) -> None:
        """Drop the session (the summary asks once more)."""
        event.stop()
        self.dismiss(UnsavedChoice.LEAVE)

    def action_back(self) -> None:
        """Back to the summary, with nothing decided."""
        self.dismiss(None)
