"""A countdown big enough to read from across the room.

Times are drawn with a 5x7 pixel font in half-block characters (each cell holds two pixels,
one above the other, so pixels come out roughly square), scaled by the largest whole factor
that fits the widget. When even the smallest size does not fit, it falls back to Textual's
three-row digits, and then to plain bold text.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style as RichStyle
from rich.text import Text
from textual.app import RenderResult
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.renderables.digits import Digits as DigitsRenderable
from textual.strip import Strip
from textual.style import Style
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


def big_rows(scale: int) -> int:
    """How many cell rows the big font takes at ``scale``.

    Args:
        scale: cells per font pixel; at least 1.

    Returns:
        ``ceil(7 * scale / 2)``: two pixel rows to a cell row.
    """
    return (GLYPH_HEIGHT * scale + 1) // 2


@functools.cache
def _glyph(char: str, scale: int) -> tuple[str, ...]:
    """One character of the big font, drawn on its own (every time shows the same few)."""
    pixel_rows = [[mark == "#" for mark in row for _ in range(scale)] for row in _FONT_ROWS[char]]
    tall = [row for row in pixel_rows for _ in range(scale)]
    if len(tall) % 2:
        tall.append([False] * len(tall[0]))
    return tuple(
        "".join(_HALF_BLOCKS[top, bottom] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(tall[::2], tall[1::2], strict=True)
    )


def render_big(text: str, scale: int) -> list[str]:
    """Draw ``text`` in the big font.

    Args:
        text: digits and colons.
        scale: how many cells wide (and half-cells tall) each font pixel is; at least 1.

    Returns:
        The lines, ``ceil(7 * scale / 2)`` of them, each ``pixel_width(text) * scale`` wide.
    """
    # A column of cells depends on one glyph alone, so each glyph is drawn (and cached) alone.
    gap = " " * (GLYPH_GAP * scale)
    return [gap.join(row) for row in zip(*(_glyph(char, scale) for char in text), strict=True)]


def glyph_spans(text: str, scale: int) -> list[tuple[int, int]]:
    """Where each character of ``text`` lies across a line of :func:`render_big`.

    Args:
        text: digits and colons.
        scale: the scale it is drawn at.

    Returns:
        For each character, its first cell column and the column just after it.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for char in text:
        end = start + len(_FONT_ROWS[char][0]) * scale
        spans.append((start, end))
        start = end + GLYPH_GAP * scale
    return spans


@functools.cache
def glyph_change(was: str, now: str, scale: int) -> tuple[int, int, int, int] | None:
    """The cells that differ between two characters of the big font, drawn in the same place.

    Args:
        was: the character shown until now.
        now: the character to show.
        scale: the scale both are drawn at; they must be equally wide.

    Returns:
        The smallest box around the cells that differ, as (x, y, width, height) within the
        glyph, or None when none does.
    """
    old, new = _glyph(was, scale), _glyph(now, scale)
    cells = [
        (x, y)
        for y, (old_row, new_row) in enumerate(zip(old, new, strict=True))
        for x, (old_cell, new_cell) in enumerate(zip(old_row, new_row, strict=True))
        if old_cell != new_cell
    ]
    if not cells:
        return None
    xs = [x for x, _ in cells]
    ys = [y for _, y in cells]
    return min(xs), min(ys), max(xs) - min(xs) + 1, max(ys) - min(ys) + 1


def align_offset(excess: int, alignment: str) -> int:
    """Where content starts in a space ``excess`` cells larger than it, as CSS aligns it.

    Args:
        excess: the space left over (negative counts as none).
        alignment: ``left``/``top``, ``center``/``middle`` or ``right``/``bottom``.

    Returns:
        Cells before the content.
    """
    excess = max(0, excess)
    if alignment in ("center", "middle"):
        return excess // 2
    if alignment in ("right", "bottom"):
        return excess
    return 0


@dataclass(frozen=True, slots=True)
class BigPicture:
    """The big font laid out in a widget: what is drawn, where, and its lines.

    Attributes:
        scale: the scale the text is drawn at.
        left: cells before the text on each line.
        top: lines above the text.
        strips: every line of the widget's content.
    """

    scale: int
    left: int
    top: int
    strips: list[Strip]


@functools.lru_cache(maxsize=16)
def _padding_style(style: Style) -> RichStyle:
    """Textual pads aligned content with the widget's style, never reversed: so does this."""
    return (style + Style(reverse=False)).rich_style


def big_picture(
    text: str, scale: int, size: Size, alignment: tuple[str, str], style: Style
) -> BigPicture:
    """Lay ``text`` out in the big font in a widget's content area.

    Args:
        text: digits and colons.
        scale: the scale to draw at; the text must fit ``size`` at it.
        size: the content size of the widget.
        alignment: horizontal and vertical, as CSS ``content-align`` gives them.
        style: the widget's style (colour, background, bold).

    Returns:
        The picture, with exactly ``size.height`` strips, each ``size.width`` cells wide.
    """
    width, height = size
    lines = render_big(text, scale)
    left = align_offset(width - len(lines[0]), alignment[0])
    right = width - left - len(lines[0])
    top = align_offset(height - len(lines), alignment[1])
    ink, paper = style.rich_style, _padding_style(style)
    blank = Strip([Segment(" " * width, paper)], width)
    before = [Segment(" " * left, paper)] if left else []
    after = [Segment(" " * right, paper)] if right else []
    body = [Strip([*before, Segment(line, ink), *after], width) for line in lines]
    strips = [blank] * top + body + [blank] * (height - top - len(body))
    return BigPicture(scale, left, top, strips)


class BigCountdown(Widget):
    """Shows a time such as ``0:27`` as large as the widget's size allows.

    The widget never reads a clock: whoever owns it sets :attr:`text`. The big font is drawn
    line by line from a cached picture, and a new time repaints only the cells that change
    (9:28 to 9:27 repaints part of one digit): Textual's cost for a frame grows with what it
    repaints.
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

    # Not repaint=True: watch_text repaints just the cells that change.
    text: reactive[str] = reactive("0:00", repaint=False)
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
        self._picture_for: tuple[object, ...] | None = None
        self._picture: BigPicture | None = None
        # The picture for the lines of the frame being drawn, worked out once for them all.
        self._frame: BigPicture | None = None

    @property
    def scale(self) -> int:
        """The scale the big font is drawn at now; 0 when a smaller style is used."""
        size = self.content_size
        return fitting_scale(self.text, size.width, size.height)

    def changed_regions(self, old: str, new: str) -> list[Region]:
        """The parts of the content that change when the picture of ``old`` shows ``new``.

        Args:
            old: the text shown until now.
            new: the text to show.

        Returns:
            For each character that changes, a box around its cells that differ; an empty
            list when more than that changes (the text's shape differs, it is not drawn in the
            big font, or nothing has been drawn yet).
        """
        picture = self._picture
        if picture is None:
            return []
        scale = picture.scale
        spans = glyph_spans(new, scale) if can_draw(new) else []
        if not spans or not can_draw(old) or glyph_spans(old, scale) != spans:
            return []
        regions: list[Region] = []
        for (start, _), was, now in zip(spans, old, new, strict=True):
            box = glyph_change(was, now, scale)
            if box is not None:
                x, y, width, height = box
                regions.append(Region(picture.left + start + x, picture.top + y, width, height))
        return regions

    def watch_text(self, old: str, new: str) -> None:
        """Repaint what the new text changes: the cells that differ, or else everything.

        Args:
            old: the text shown until now.
            new: the text to show.
        """
        # With no region Textual repaints the whole widget.
        self.refresh(*self.changed_regions(old, new))

    def _current_picture(self) -> BigPicture | None:
        """The picture of the text at the widget's size and style; None when it does not fit."""
        size = self.size
        scale = fitting_scale(self.text, size.width, size.height)
        if not scale:
            # Forgotten, so a change of text is never repainted as if the big font showed.
            self._picture = None
            return None
        style = self.visual_style
        alignment = self.styles.content_align
        key = (self.text, scale, size, alignment, style)
        if self._picture is None or key != self._picture_for:
            self._picture_for = key
            self._picture = big_picture(self.text, scale, size, alignment, style)
        return self._picture

    def render_lines(self, crop: Region) -> list[Strip]:
        """The widget's lines within ``crop``, with its CSS applied.

        Args:
            crop: the part of the widget wanted.

        Returns:
            The lines.
        """
        self._frame = self._current_picture()
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def render_line(self, y: int) -> Strip:
        """One line of the widget's content.

        Args:
            y: the line, from the top of the content.

        Returns:
            The line, the width of the content.
        """
        picture = self._frame or self._current_picture()
        if picture is None:
            # The smaller styles go through render() and Textual's own pipeline.
            return super().render_line(y)
        return picture.strips[y]

    def render(self) -> RenderResult:
        """Draw the text at the largest size that fits, as one renderable.

        Textual draws the big font through :meth:`render_line`; this draws the smaller styles,
        and the whole picture for anything that asks for it at once.

        Returns:
            The big font where it fits, else Textual's three-row digits, else the plain text.
        """
        size = self.content_size
        scale = fitting_scale(self.text, size.width, size.height)
        if scale:
            return Text("\n".join(render_big(self.text, scale)), no_wrap=True)
        digits: RenderableType = DigitsRenderable(self.text)
        if size.height >= 3 and size.width >= DigitsRenderable.get_width(self.text):
            return digits
        return Text(self.text, no_wrap=True)
