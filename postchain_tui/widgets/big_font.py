"""The big 5x7 pixel font the countdown draws times in.

Each cell holds two pixels, one above the other, in half-block characters, so pixels come out
roughly square; a font pixel is drawn ``scale`` cells wide and ``scale`` half-cells tall.
"""

from __future__ import annotations

import functools

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
