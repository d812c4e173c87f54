"""Reference: the least a Textual countdown can do.

One ``Digits`` widget counting down from ten minutes, updated by a 1 s ``set_interval``, under a
one-line label. Nothing else: no clock of its own, no title, no bell. Whatever postchain spends
beyond this is the cost of its own screen.

Usage: ``python bench/ref_countdown.py [SECONDS]``.
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.widgets import Digits, Static

LABEL = "Bare Textual countdown"


def clock_text(seconds: int) -> str:
    """``M:SS`` for a number of seconds."""
    minutes, rest = divmod(max(0, seconds), 60)
    return f"{minutes}:{rest:02d}"


class CountdownApp(App[None]):
    """A label and a countdown."""

    def __init__(self, seconds: int) -> None:
        super().__init__()
        self.remaining = seconds

    def compose(self) -> ComposeResult:
        """The label, then the digits."""
        yield Static(LABEL)
        yield Digits(clock_text(self.remaining))

    def on_mount(self) -> None:
        """Count down once a second."""
        self.set_interval(1, self.tick)

    def tick(self) -> None:
        """One second less."""
        self.remaining -= 1
        self.query_one(Digits).update(clock_text(self.remaining))
        if self.remaining <= 0:
            self.exit()


if __name__ == "__main__":
    CountdownApp(int(sys.argv[1]) if len(sys.argv) > 1 else 600).run()
