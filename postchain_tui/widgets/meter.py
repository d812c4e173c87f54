"""A one-line progress bar with a caption, drawn from numbers it is given (it has no clock)."""

from __future__ import annotations

from rich.segment import Segment
from textual.geometry import Region
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget

FILLED = "━"
HALF = "╸"
EMPTY = "─"


def bar_text(fraction: float, width: int) -> tuple[str, str]:
    """Split a bar of ``width`` cells into its filled and empty parts.

    Args:
        fraction: how full, from 0 to 1 (clamped).
        width: cells for the bar.

    Returns:
        The filled part and the empty part; together exactly ``width`` cells.
    """
    if width <= 0:
        return "", ""
    halves = round(max(0.0, min(1.0, fraction)) * width * 2)
    full, half = divmod(halves, 2)
    filled = FILLED * full + (HALF if half else "")
    return filled, EMPTY * (width - len(filled))


def meter_parts(fraction: float, caption: str, width: int) -> tuple[str, str, str]:
    """What a meter ``width`` cells wide shows, in its three differently styled parts.

    Args:
        fraction: how full, from 0 to 1.
        caption: the text after the bar; empty for none.
        width: the meter's width in cells.

    Returns:
        The filled bar, the empty bar and the caption (with a space before it); together at
        most ``width`` cells.
    """
    shown = f" {caption}" if caption else ""
    filled, empty = bar_text(fraction, max(0, width - len(shown)))
    if len(shown) > width:
        # No room for the bar, nor for all of the caption: keep the words that fit.
        shown = shown[: width + 1].rsplit(" ", 1)[0]
    return filled, empty, shown


def changed_runs(before: str, after: str) -> list[tuple[int, int]]:
    """The runs of columns that differ between two lines of the same length.

    Args:
        before: the line shown until now.
        after: the line to show; as long as ``before``.

    Returns:
        Each run's first column and the column after its last, left to right.
    """
    runs: list[tuple[int, int]] = []
    for x, (was, now) in enumerate(zip(before, after, strict=True)):
        if was == now:
            continue
        if runs and runs[-1][1] == x:
            runs[-1] = (runs[-1][0], x + 1)
        else:
            runs.append((x, x + 1))
    return runs


class Meter(Widget):
    """A progress bar filling the line, with a caption on its right, e.g. ``2:10 left``.

    It repaints only when it would look different, and then only the cells that change: a
    caption counting down changes a digit a second, and a long step moves its bar by half a
    cell every few seconds.
    """

    DEFAULT_CSS = """
    Meter {
        height: 1;
        width: 1fr;
    }
    Meter > .meter--empty {
        color: $foreground 30%;
    }
    """

    COMPONENT_CLASSES = {"meter--empty"}

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        """Create an empty meter with no caption.

        Args:
            name: the widget's name.
            id: the widget's id.
            classes: CSS classes.
        """
        super().__init__(name=name, id=id, classes=classes)
        self._fraction = 0.0
        self._caption = ""
        # The width last drawn at, and the meter's line as it looks at that width now.
        self._drawn_width = 0
        self._line = ""
        self._strip_for: tuple[object, ...] | None = None
        self._strip = Strip([])

    @property
    def fraction(self) -> float:
        """How full the bar is, from 0 to 1."""
        return self._fraction

    @property
    def caption(self) -> str:
        """Text shown after the bar."""
        return self._caption

    def update(self, fraction: float, caption: str) -> None:
        """Set how full the bar is and its caption.

        Args:
            fraction: from 0 to 1.
            caption: shown after the bar.
        """
        self._fraction, self._caption = fraction, caption
        # Compared at the width last drawn, which is what the screen shows (a new width
        # repaints the whole meter anyway).
        before, after = self._line, "".join(meter_parts(fraction, caption, self._drawn_width))
        if before == after:
            return
        self._line = after
        if len(before) != len(after):
            self.refresh()
            return
        self.refresh(
            *(Region(start, 0, end - start, 1) for start, end in changed_runs(before, after))
        )

    def render_line(self, y: int) -> Strip:
        """The meter's one line.

        Args:
            y: the line; only 0 has content.

        Returns:
            The line, the width of the content.
        """
        width = self._drawn_width = self.size.width
        parts = meter_parts(self._fraction, self._caption, width)
        self._line = "".join(parts)
        style = self.visual_style
        empty_style = self.get_visual_style("meter--empty")
        key = (parts, width, style, empty_style)
        if key != self._strip_for:
            self._strip_for = key
            self._strip = self._draw(parts, style, empty_style)
        return self._strip if y == 0 else Strip.blank(width, style.rich_style)

    @staticmethod
    def _draw(parts: tuple[str, str, str], style: Style, empty: Style) -> Strip:
        filled, bar_left, caption = parts
        segments = [
            Segment(text, text_style.rich_style)
            for text, text_style in ((filled, style), (bar_left, empty), (caption, style))
            if text
        ]
        return Strip(segments)
