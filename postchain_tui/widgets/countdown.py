"""A countdown big enough to read from across the room.

Times are drawn with a 5x7 pixel font in half-block characters (each cell holds two pixels,
one above the other, so pixels come out roughly square), scaled by the largest whole factor
that fits the widget. When even the smallest size does not fit, it falls back to Textual's
three-row digits, and then to plain bold text.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.app import RenderResult
from textual.reactive import reactive
from textual.renderables.digits import Digits as DigitsRenderable
from textual.widget import Widget

GLYPH_HEIGHT = 7
GLYPH_GAP = 1

_FONT_ROWS: dict[str, tuple[str, ...]] = {
    "0": (".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."),
    "1": ("..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."),
    "2": (".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"),
    "3": (".###.", "#...#", "....#", "..##.", "....#", "#...#", ".###."),
    "4": ("...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."),
    "5": ("#####", "#....", "####.", "....#", "....#", "#...#", ".###."),
    "6": ("..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###."),
    "7": ("#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."),
    "8": (".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."),
    "9": (".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.."),
    ":": ("..", "##", "##", "..", "##", "##", ".."),
    " ": ("...",) * GLYPH_HEIGHT,
}

# Two stacked pixels (top, bottom) to the character that draws them.
_HALF_BLOCKS = {
    (False, False): " ",
    (True, False): "▀",
    (False, True): "▄",
    (True, True): "█",
}


def can_draw(text: str) -> bool:
    """Whether the big font has every character of ``text``.

    Args:
        text: the text to draw.

    Returns:
        True for digits, colons and spaces only.
    """
    return all(char in _FONT_ROWS for char in text)


def pixel_width(text: str) -> int:
    """The width of ``text`` in font pixels.

    Args:
        text: digits and colons.

    Returns:
        The glyphs' widths plus the gaps between them.
    """
    if not text:
        return 0
    return sum(len(_FONT_ROWS[char][0]) for char in text) + GLYPH_GAP * (len(text) - 1)


def fitting_scale(text: str, width: int, height: int) -> int:
    """The largest whole scale at which ``text`` fits in ``width`` x ``height`` cells.

    Args:
        text: digits and colons.
        width: cells available across.
        height: cells available down.

    Returns:
        The scale, or 0 when even scale 1 does not fit (or the text cannot be drawn).
    """
    pixels = pixel_width(text)
    if not pixels or not can_draw(text):
        return 0
    # Each cell row holds two pixel rows.
    return max(0, min(width // pixels, (2 * height) // GLYPH_HEIGHT))


def render_big(text: str, scale: int) -> list[str]:
    """Draw ``text`` in the big font.

    Args:
        text: digits and colons.
        scale: how many cells wide (and half-cells tall) each font pixel is; at least 1.

    Returns:
        The lines, ``ceil(7 * scale / 2)`` of them, each ``pixel_width(text) * scale`` wide.
    """
    bitmap_rows: list[list[bool]] = []
    for row in range(GLYPH_HEIGHT):
        pixels: list[bool] = []
        for position, char in enumerate(text):
            if position:
                pixels += [False] * GLYPH_GAP
            pixels += [mark == "#" for mark in _FONT_ROWS[char][row]]
        scaled = [pixel for pixel in pixels for _ in range(scale)]
        bitmap_rows += [scaled] * scale
    if len(bitmap_rows) % 2:
        bitmap_rows.append([False] * len(bitmap_rows[0]))
    return [
        "".join(_HALF_BLOCKS[top, bottom] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(bitmap_rows[::2], bitmap_rows[1::2], strict=True)
    ]


class BigCountdown(Widget):
    """Shows a time such as ``0:27`` as large as the widget's size allows.

    The widget never reads a clock: whoever owns it sets :attr:`text`.
    """

    DEFAULT_CSS = """
    BigCountdown {
        width: 1fr;
        height: 1fr;
        min-height: 1;
        content-align: center middle;
        text-style: bold;
    }
    """

    text: reactive[str] = reactive("0:00")
    """What to show: digits and colons."""

    def __init__(
        self,
        text: str = "0:00",
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """Create the countdown.

        Args:
            text: what to show first.
            name: the widget's name.
            id: the widget's id.
            classes: CSS classes.
        """
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(BigCountdown.text, text)

    @property
    def scale(self) -> int:
        """The scale the big font is drawn at now; 0 when a smaller style is used."""
        size = self.content_size
        return fitting_scale(self.text, size.width, size.height)

    def render(self) -> RenderResult:
        """Draw the text at the largest size that fits."""
        size = self.content_size
        scale = fitting_scale(self.text, size.width, size.height)
        if scale:
            return Text("\n".join(render_big(self.text, scale)), no_wrap=True)
        digits: RenderableType = DigitsRenderable(self.text)
        if size.height >= 3 and size.width >= DigitsRenderable.get_width(self.text):
            return digits
        return Text(self.text, no_wrap=True)
