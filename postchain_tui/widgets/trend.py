"""One line of a trend: what is measured, a sparkline of it over time, and a caption."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Sparkline, Static


class TrendLine(Widget):
    """A label, a sparkline of the values (oldest first) and a caption, on one line.

    Args:
        label: what is measured, e.g. ``Side plank · hold``.
        values: the values over time, oldest first.
        caption: the values in words, e.g. ``30s → 45s, best 50s``.
        id: the widget's id.
    """

    DEFAULT_CSS = """
    TrendLine {
        layout: horizontal;
        height: 1;
    }
    TrendLine > .trend-label {
        width: 2fr;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    TrendLine > Sparkline {
        width: 2fr;
        min-width: 8;
        margin: 0 1;
    }
    TrendLine > .trend-caption {
        width: 2fr;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        color: $text-muted;
    }
    """

    def __init__(
        self, label: str, values: Sequence[float], caption: str, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.label = label
        self.values = list(values)
        self.caption = caption

    def compose(self) -> ComposeResult:
        """The label, the sparkline, the caption."""
        yield Static(self.label, classes="trend-label", markup=False)
        yield Sparkline(self.values, summary_function=max)
        yield Static(self.caption, classes="trend-caption", markup=False)
