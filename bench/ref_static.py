"""Reference: the least a Textual app can do, one static label and nothing that changes.

Usage: ``python bench/ref_static.py``.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

LABEL = "Bare Textual label"


class StaticApp(App[None]):
    """One label."""

    def compose(self) -> ComposeResult:
        """The label."""
        yield Static(LABEL)


if __name__ == "__main__":
    StaticApp().run()
