"""A routine's plan in a few lines of text, then its steps in columns, laid out for the width.

Rich's ``Table`` measures every cell each time it is drawn, and a widget whose height is
``auto`` is drawn once to be measured and again to be shown: for a plan of a few dozen steps
that was most of the time the picker took to show its first frame. Here the columns are plain
text padded to the widget's width, computed once per width.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.app import RenderResult
from textual.widget import Widget

COLUMN_GAP = "  "
RULE = "─"
MIN_LABEL_WIDTH = 8


@dataclass(frozen=True)
class StepRow:
    """One line of the table: a step of the plan.

    Attributes:
        number: the step's number, as shown.
        label: what the step is, e.g. ``Bridge · set 1/3``.
        amount: what it asks for, e.g. ``0:30`` or ``8-12 reps · ~0:40``.
        muted: drawn dim (rests and the other gaps around the work).
    """

    number: str
    label: str
    amount: str
    muted: bool = False


def table_text(rows: Sequence[StepRow], total: str, width: int) -> Text:
    """The steps in three columns (number, step, time) and the total, in ``width`` cells.

    Args:
        rows: the steps.
        total: the plan's length, shown under the steps.
        width: the cells available across.

    Returns:
        A heading line, a rule, one line per step (a long step name wraps within its column),
        a blank line and the total. Only a step name longer than the column wraps; nothing else
        is wider than ``width`` unless the numbers and times alone are.
    """
    number_width = max((len(row.number) for row in rows), default=1)
    amount_width = max(len(text) for text in (total, "Time", *(r.amount for r in rows)))
    label_width = max(MIN_LABEL_WIDTH, width - number_width - amount_width - 2 * len(COLUMN_GAP))
    text = Text(end="")
    heading = _line("#", "Step", "Time", number_width, label_width, amount_width)
    text.append(heading, style="bold")
    text.append("\n" + RULE * len(heading) + "\n", style="dim")
    for row in rows:
        lines = textwrap.wrap(row.label, label_width) or [""]
        style = "dim" if row.muted else ""
        for index, label in enumerate(lines):
            number = row.number if index == 0 else ""
            amount = row.amount if index == len(lines) - 1 else ""
            text.append(f"{number:>{number_width}}{COLUMN_GAP}", style="dim")
            text.append(f"{label:<{label_width}}", style=style)
            text.append(f"{COLUMN_GAP}{amount:>{amount_width}}\n")
    text.append("\n")
    text.append(_line("", "Total", total, number_width, label_width, amount_width), style="bold")
    return text


def _line(number: str, label: str, amount: str, *widths: int) -> str:
    number_width, label_width, amount_width = widths
    return (
        f"{number:>{number_width}}{COLUMN_GAP}{label:<{label_width}}"
        f"{COLUMN_GAP}{amount:>{amount_width}}"
    )


class PlanPreview(Widget):
    """A few paragraphs about a routine (title, summary, notes), then its steps as a table."""

    DEFAULT_CSS = """
    PlanPreview {
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        """Create an empty preview.

        Args:
            id: the widget's id.
            classes: CSS classes.
        """
        super().__init__(id=id, classes=classes)
        self._paragraphs: tuple[Text, ...] = ()
        self._rows: tuple[StepRow, ...] = ()
        self._total = ""
        self._drawn: tuple[int, Text] | None = None

    def show(self, paragraphs: Sequence[Text], rows: Sequence[StepRow], total: str) -> None:
        """Show a plan.

        Args:
            paragraphs: text above the table, each wrapped to the width on its own.
            rows: the steps; none leaves the table out.
            total: the plan's length.
        """
        self._paragraphs = tuple(paragraphs)
        self._rows = tuple(rows)
        self._total = total
        self._drawn = None
        self.refresh(layout=True)

    def clear(self) -> None:
        """Show nothing."""
        self.show((), (), "")

    @property
    def plain(self) -> str:
        """What is shown, as plain text at the current width (lines of paragraphs unwrapped)."""
        return self._text(self.content_size.width).plain

    def render(self) -> RenderResult:
        """The paragraphs and the table, laid out for the current width."""
        return self._text(self.content_size.width)

    def _text(self, width: int) -> Text:
        # Measuring the height and drawing ask for the same width one after the other.
        if self._drawn is not None and self._drawn[0] == width:
            return self._drawn[1]
        text = Text(end="")
        for paragraph in self._paragraphs:
            text.append_text(paragraph)
            text.append("\n")
        if self._rows:
            if self._paragraphs:
                text.append("\n")
            text.append_text(table_text(self._rows, self._total, width))
        self._drawn = (width, text)
        return text
