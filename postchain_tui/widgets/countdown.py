"""A countdown big enough to read from across the room.

Times are drawn in the big font (see ``big_font``), scaled by the largest whole factor
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

from postchain_tui.widgets.big_font import (
    can_draw,
    fitting_scale,
    glyph_change,
    glyph_spans,
    render_big,
)


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
