"""One line of a trend: what is measured, a sparkline of it over time, and a caption."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Sparkline, Static


class TrendLine(Widget):
    """An exercise, the measure, a sparkline of the values (oldest first) and a caption.

    The measure has a column of its own, so that two lines of one exercise never read the same
    however short its name is cut.

    Args:
        exercise: the exercise, e.g. ``Side plank``.
        measure: what is measured: ``hold``, ``reps`` or ``load``.
        values: the values over time, oldest first.
        caption: the values in words, e.g. ``30 → 45s · best 50``.
        id: the widget's id.
    """

    DEFAULT_CSS = """
    TrendLine {
        layout: horizontal;
        height: 1;
    }
    TrendLine > .trend-exercise {
        width: 2fr;
        min-width: 12;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    TrendLine > .trend-measure {
        width: 5;
        margin-left: 1;
    }
    TrendLine > Sparkline {
        width: 1fr;
        min-width: 8;
        max-width: 40;
        margin: 0 1;
    }
    TrendLine > .trend-caption {
        /* Room for the longest caption, "12.5 → 102.5 kg · best 102.5". */
        width: 30;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        color: $text-muted;
    }
    """

    def __init__(
        self,
        exercise: str,
        measure: str,
        values: Sequence[float],
        caption: str,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.exercise = exercise
        self.measure = measure
        self.label = f"{exercise} · {measure}"
        self.values = list(values)
        self.caption = caption

    def compose(self) -> ComposeResult:
        """The exercise, the measure, the sparkline, the caption."""
        yield Static(self.exercise, classes="trend-exercise", markup=False)
        yield Static(self.measure, classes="trend-measure", markup=False)
        yield Sparkline(self.values, summary_function=max)
        yield Static(self.caption, classes="trend-caption", markup=False)
