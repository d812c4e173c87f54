"""A modal dialog's frame: a bordered box in the middle of the screen, a heading, buttons."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """A modal screen whose content sits in a box of class ``dialog``.

    Inside it, the classes ``dialog-heading`` (a bold first line) and ``dialog-buttons`` (a row
    of buttons at the bottom) are styled too.
    """

    DEFAULT_CSS = """
    Dialog {
        align: center middle;
    }
    Dialog > .dialog {
        width: 72;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    Dialog .dialog-heading {
        text-style: bold;
        margin-bottom: 1;
    }
    Dialog .dialog-buttons {
        height: auto;
        margin-top: 1;
    }
    """
