"""A calendar of training days: weeks across, Monday to Sunday down, a mark where a session was.

Marks are symbols as well as colours, so the calendar reads the same on a monochrome terminal:
``●`` a session completed that day, ``○`` only sessions ended early, ``·`` none, and the
columns of weeks that met the weekly goal get a ``✓`` underneath. Today's cell is bracketed.
The widget never reads a clock: whoever owns it passes today's date in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from rich.style import Style
from rich.text import Text
from textual.app import RenderResult
from textual.reactive import reactive
from textual.widget import Widget

from postchain_tui.core.overview import DayMark

CELL_WIDTH = 3
LABEL_WIDTH = 5
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
SYMBOLS = {DayMark.COMPLETED: "●", DayMark.LIGHT: "◆", DayMark.INCOMPLETE: "○", None: "·"}
GOAL_MET = "✓"
LEGEND = (
    "● workout  ◆ activation or mobility  ○ did not count  · none",
    "[ ] today  ✓ weekly goal met",
)


@dataclass(frozen=True, slots=True)
class CalendarData:
    """What the calendar shows.

    Attributes:
        first_monday: the first column's Monday.
        weeks: how many weeks (columns).
        today: days after it are left blank; its cell is bracketed.
        marks: the days that had a session.
        week_counts: workouts per week, keyed by Monday.
        goal: workouts a week that meet the goal.
    """

    first_monday: date
    weeks: int
    today: date
    marks: Mapping[date, DayMark] = field(default_factory=dict)
    week_counts: Mapping[date, int] = field(default_factory=dict)
    goal: int = 1


@dataclass(frozen=True, slots=True)
class CalendarStyles:
    """The styles of the calendar's parts (from the widget's component classes)."""

    completed: Style = field(default_factory=Style)
    light: Style = field(default_factory=Style)
    incomplete: Style = field(default_factory=Style)
    empty: Style = field(default_factory=Style)
    label: Style = field(default_factory=Style)
    goal_met: Style = field(default_factory=Style)


def calendar_lines(data: CalendarData, styles: CalendarStyles | None = None) -> list[Text]:
    """Draw the calendar.

    Args:
        data: the weeks, days and marks.
        styles: how to colour the parts; plain without.

    Returns:
        A line of month names, one line per weekday, then the weekly-goal line.
    """
    styles = styles or CalendarStyles()
    mondays = [data.first_monday + timedelta(weeks=week) for week in range(data.weeks)]
    lines = [_month_line(mondays, styles.label)]
    for weekday, name in enumerate(DAY_NAMES):
        line = Text(f"{name:<{LABEL_WIDTH}}", style=styles.label, no_wrap=True)
        for monday in mondays:
            day = monday + timedelta(days=weekday)
            if day > data.today:
                line.append(" " * CELL_WIDTH)
                continue
            mark = data.marks.get(day)
            style = {
                DayMark.COMPLETED: styles.completed,
                DayMark.LIGHT: styles.light,
                DayMark.INCOMPLETE: styles.incomplete,
                None: styles.empty,
            }[mark]
            left, right = ("[", "]") if day == data.today else (" ", " ")
            line.append(left)
            line.append(SYMBOLS[mark], style=style)
            line.append(right)
        lines.append(line)
    lines.append(_goal_line(mondays, data, styles))
    return lines


def _month_line(mondays: list[date], style: Style) -> Text:
    """Each month's name above its first Monday.

    The first week is named too when its month's name fits before the next one.
    """
    starts = [monday.day <= 7 for monday in mondays]
    line = Text(" " * LABEL_WIDTH, style=style, no_wrap=True)
    for position, monday in enumerate(mondays):
        first_named = position == 0 and not any(starts[1:2])
        if starts[position] or first_named:
            line.append(f"{monday.strftime('%b'):<{CELL_WIDTH}}")
        else:
            line.append(" " * CELL_WIDTH)
    return line


def _goal_line(mondays: list[date], data: CalendarData, styles: CalendarStyles) -> Text:
    """Under each week: ✓ when it met the goal, otherwise its count of completed sessions."""
    line = Text(f"{'Goal':<{LABEL_WIDTH}}", style=styles.label, no_wrap=True)
    for monday in mondays:
        count = data.week_counts.get(monday, 0)
        if count >= data.goal:
            line.append(f" {GOAL_MET} ", style=styles.goal_met)
        else:
            line.append(f" {count if count else '·'} ", style=styles.empty)
    return line


class TrainingCalendar(Widget):
    """Weeks across, weekdays down, with a mark on every day a session was done."""

    DEFAULT_CSS = """
    TrainingCalendar {
        width: auto;
        height: auto;
    }
    TrainingCalendar > .training-calendar--completed {
        color: $success;
        text-style: bold;
    }
    TrainingCalendar > .training-calendar--light {
        color: $accent;
    }
    TrainingCalendar > .training-calendar--incomplete {
        color: $warning;
    }
    TrainingCalendar > .training-calendar--empty {
        color: $foreground 40%;
    }
    TrainingCalendar > .training-calendar--label {
        color: $text-muted;
    }
    TrainingCalendar > .training-calendar--goal-met {
        color: $success;
        text-style: bold;
    }
    """

    COMPONENT_CLASSES = {
        "training-calendar--completed",
        "training-calendar--light",
        "training-calendar--incomplete",
        "training-calendar--empty",
        "training-calendar--label",
        "training-calendar--goal-met",
    }

    data: reactive[CalendarData | None] = reactive(None, layout=True)
    """What to show; None shows nothing yet."""

    def render(self) -> RenderResult:
        """Draw the calendar and its legend."""
        if self.data is None:
            return Text("")

        def style(part: str) -> Style:
            return self.get_component_rich_style(f"training-calendar--{part}")

        styles = CalendarStyles(
            completed=style("completed"),
            light=style("light"),
            incomplete=style("incomplete"),
            empty=style("empty"),
            label=style("label"),
            goal_met=style("goal-met"),
        )
        lines = calendar_lines(self.data, styles)
        lines += [Text(legend, style=styles.label, no_wrap=True) for legend in LEGEND]
        return Text("\n").join(lines)
