"""A yes/no question asked over the current screen."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmationModal(ModalScreen[bool]):
    """Asks a question; dismisses with True for yes and False for no.

    ``y`` answers yes, ``n`` or Escape answers no. The "no" button has the focus, so a stray
    Enter never does the irreversible thing.

    Args:
        question: the question, e.g. ``End this session?``.
        detail: what answering yes will do.
        yes_label: the yes button's text.
        no_label: the no button's text.
    """

    DEFAULT_CSS = """
    ConfirmationModal {
        align: center middle;
    }
    ConfirmationModal > #dialog {
        width: 60;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: thick $warning;
        background: $surface;
        padding: 0 1;
    }
    ConfirmationModal #question {
        text-style: bold;
        margin-bottom: 1;
    }
    ConfirmationModal #buttons {
        height: auto;
        align-horizontal: right;
        margin-top: 1;
    }
    ConfirmationModal Button {
        margin-left: 1;
    }
    """

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", key_display="n/esc", id="confirm.no"),
    ]

    def __init__(
        self,
        question: str,
        detail: str = "",
        *,
        yes_label: str = "Yes",
        no_label: str = "No",
    ) -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.yes_label = yes_label
        self.no_label = no_label

    def compose(self) -> ComposeResult:
        """Lay out the question and the two buttons."""
        with Vertical(id="dialog"):
            yield Static(self.question, id="question", markup=False)
            if self.detail:
                yield Static(self.detail, id="detail", markup=False)
            with Horizontal(id="buttons"):
                yield Button(f"{self.yes_label} (y)", id="yes", variant="error")
                yield Button(f"{self.no_label} (n)", id="no", variant="primary")

    def on_mount(self) -> None:
        """Focus the safe answer."""
        self.query_one("#no", Button).focus()

    @on(Button.Pressed, "#yes")
    def yes_pressed(self, event: Button.Pressed) -> None:
        """Answer yes."""
        event.stop()
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def no_pressed(self, event: Button.Pressed) -> None:
        """Answer no."""
        event.stop()
        self.dismiss(False)

    def action_answer(self, yes: bool) -> None:
        """Answer the question.

        Args:
            yes: the answer.
        """
        self.dismiss(yes)
