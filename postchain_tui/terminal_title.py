"""The terminal window's title, so a session's countdown shows in a tab or the taskbar.

Titles are made by pure functions; :class:`TerminalTitle` writes them as OSC 2 escape sequences
through whatever write function it is given (in the app, :func:`write_through_driver`). The
title a terminal had before is pushed onto the terminal's title stack at the start and popped
back at the end (xterm's ``CSI 22;2 t`` and ``CSI 23;2 t``); terminals without a stack ignore
those, so a plain title is set as well.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from postchain_tui.core.durations import format_seconds

if TYPE_CHECKING:
    from textual.app import App

    from postchain_tui.core.engine_types import EngineView

APP_NAME = "postchain"
SEPARATOR = " · "
MAX_TITLE_LENGTH = 200

PUSH_TITLE = "\x1b[22;2t"
POP_TITLE = "\x1b[23;2t"

# C0 controls, DEL and C1 controls: any of them could end the escape sequence early or start
# another one, so a routine's name must never smuggle one into the terminal.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean_title(text: str) -> str:
    """Make text safe to put in a title sequence.

    Args:
        text: any text, such as an exercise name from a routine file.

    Returns:
        The text with control characters replaced by spaces, runs of spaces collapsed and
        the result cut to ``MAX_TITLE_LENGTH`` characters.
    """
    spaced = _CONTROL.sub(" ", text)
    return " ".join(spaced.split())[:MAX_TITLE_LENGTH]


def set_title_sequence(title: str) -> str:
    """The OSC 2 escape sequence that sets the window title.

    Args:
        title: the title; control characters are removed.

    Returns:
        ``ESC ] 2 ; title BEL``.
    """
    return f"\x1b]2;{clean_title(title)}\x07"


def write_through_driver(app: App[Any], sequence: str) -> None:
    """Send an escape sequence straight to the app's terminal (nothing when headless).

    Textual has no API for the window title, nor for writing any escape sequence: this writes
    through the app's driver, as Textual's own ``App.bell`` does. It is the one place postchain
    uses a private Textual name (``App._driver``); ``tests/test_terminal_title.py`` fails when
    a Textual release no longer has it.

    Args:
        app: the running app.
        sequence: the raw text to write.
    """
    driver = app._driver
    if driver is not None and not app.is_headless:
        driver.write(sequence)


def session_title(view: EngineView, app_name: str = APP_NAME) -> str:
    """The title for a session at one moment.

    A timed step starts with the time left so it can be read in a tab; a rep set starts with
    its name; a paused session starts with ``paused``.

    Args:
        view: what the engine shows now.
        app_name: the last part of every title.

    Returns:
        e.g. ``0:27 · Glute bridge · set 2/3 · postchain``,
        ``Bird dog · set 1/3 · left · postchain`` or
        ``paused · 0:27 · Glute bridge · set 2/3 · postchain``.
    """
    # Imported here: the picker sets titles too, and must not wait for the session engine.
    from postchain_tui.core.engine_types import EngineState

    step = view.step
    if step is None:
        return app_name
    parts: list[str] = []
    if view.state is EngineState.PAUSED:
        parts.append("paused")
    if step.is_timed:
        parts.append(format_seconds(view.remaining_s))
    parts += [step.label, app_name]
    return SEPARATOR.join(parts)


class TerminalTitle:
    """Keeps the terminal title, writing only when it changes.

    Args:
        write: sends raw text to the terminal; it is called with escape sequences only.
    """

    def __init__(self, write: Callable[[str], None]) -> None:
        self._write = write
        self.current: str | None = None
        self._pushed = False

    def save(self) -> None:
        """Remember the terminal's own title so :meth:`restore` can put it back."""
        if not self._pushed:
            self._write(PUSH_TITLE)
            self._pushed = True

    def set(self, title: str) -> None:
        """Show ``title`` (cleaned) unless it is already showing.

        Args:
            title: the new title.
        """
        cleaned = clean_title(title)
        if cleaned != self.current:
            self.current = cleaned
            self._write(set_title_sequence(cleaned))

    def restore(self, fallback: str = APP_NAME) -> None:
        """Put the terminal's own title back.

        Args:
            fallback: set first, for terminals that have no title stack to pop.
        """
        self.set(fallback)
        if self._pushed:
            self._write(POP_TITLE)
            self._pushed = False
