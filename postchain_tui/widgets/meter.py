"""A one-line progress bar with a caption, drawn from numbers it is given (it has no clock)."""

from __future__ import annotations

from rich.text import Text
from textual.app import RenderResult
from textual.reactive import reactive
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


class Meter(Widget):
    """A progress bar filling the line, with a caption on its right, e.g. ``2:10 left``."""

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

    fraction: reactive[float] = reactive(0.0)
    """How full the bar is, from 0 to 1."""
    caption: reactive[str] = reactive("")
    """Text shown after the bar."""

    def update(self, fraction: float, caption: str) -> None:
        """Set how full the bar is and its caption.

        Args:
            fraction: from 0 to 1.
            caption: shown after the bar.
        """
        if caption == self.caption and self._drawn(fraction) == self._drawn(self.fraction):
            # The bar would look the same (a long step moves it a half cell every few seconds):
            # keep the exact value without repainting.
            self.set_reactive(Meter.fraction, fraction)
            return
        self.fraction = fraction
        self.caption = caption

    def _drawn(self, fraction: float) -> tuple[str, str]:
        caption = f" {self.caption}" if self.caption else ""
        return bar_text(fraction, max(0, self.content_size.width - len(caption)))

    def render(self) -> RenderResult:
        """Draw the bar and caption."""
        width = self.content_size.width
        caption = f" {self.caption}" if self.caption else ""
        filled, empty = bar_text(self.fraction, max(0, width - len(caption)))
        text = Text(no_wrap=True, overflow="crop")
        text.append(filled)
        text.append(empty, style=self.get_component_rich_style("meter--empty"))
        text.append(caption)
        return text
