"""Reference: postchain's big countdown widget alone in a bare Textual app.

The same ``BigCountdown`` the session screen shows, at the size it has there in a 100 x 30
terminal (14 rows of half blocks), counting down from ten minutes on a 1 s ``set_interval``,
under a one-line label. It tells how much of postchain's CPU is the size of its countdown, as
against the rest of its screen.

Usage: ``python bench/ref_big_countdown.py [SECONDS]``.
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.widgets import Static

from postchain_tui.widgets import BigCountdown

LABEL = "Bare big countdown"


def clock_text(seconds: int) -> str:
    """``M:SS`` for a number of seconds."""
    minutes, rest = divmod(max(0, seconds), 60)
    return f"{minutes}:{rest:02d}"


class BigCountdownApp(App[None]):
    """A label and a big countdown."""

    CSS = """
    BigCountdown {
        height: 18;
        margin: 0 1;
    }
    """

    def __init__(self, seconds: int) -> None:
        super().__init__()
        self.remaining = seconds

    def compose(self) -> ComposeResult:
        """The label, then the countdown."""
        yield Static(LABEL)
        yield BigCountdown(clock_text(self.remaining))

    def on_mount(self) -> None:
        """Count down once a second."""
        self.set_interval(1, self.tick)

    def tick(self) -> None:
        """One second less."""
        self.remaining -= 1
        self.query_one(BigCountdown).text = clock_text(self.remaining)
        if self.remaining <= 0:
            self.exit()


if __name__ == "__main__":
    BigCountdownApp(int(sys.argv[1]) if len(sys.argv) > 1 else 600).run()
