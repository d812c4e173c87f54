"""The big countdown drawn line by line: the same cells as the font, repainting only changes."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.color import Color
from textual.containers import Vertical
from textual.geometry import Region
from textual.strip import Strip

from postchain_tui.widgets import BigCountdown
from postchain_tui.widgets.big_font import (
    big_rows,
    fitting_scale,
    glyph_change,
    glyph_spans,
    pixel_width,
    render_big,
)
from tests.widget_support import record_repaints

WIDTH, HEIGHT = 40, 10  # "0:27" fits at scale 2 in it: 38 x 7 cells


class CountdownApp(App[None]):
    """One countdown of a given size, in a frame whose class sets its colour."""

    CSS = """
    #frame.-warm BigCountdown { color: red; }
    #frame.-cool BigCountdown { color: blue; }
    """

    def __init__(self, text: str, *, width: int = WIDTH, height: int = HEIGHT) -> None:
        super().__init__()
        self.countdown = BigCountdown(text)
        self.countdown.styles.width = width
        self.countdown.styles.height = height

    def compose(self) -> ComposeResult:
        with Vertical(id="frame", classes="-warm"):
            yield self.countdown


def shown_lines(countdown: BigCountdown) -> list[str]:
    """The text of every line the countdown hands to the screen."""
    width, height = countdown.size
    return [strip.text for strip in countdown.render_lines(Region(0, 0, width, height))]


def expected_lines(text: str, width: int = WIDTH, height: int = HEIGHT) -> list[str]:
    """The font's lines for ``text``, centred both ways in ``width`` x ``height`` cells."""
    lines = render_big(text, fitting_scale(text, width, height))
    left, top = (width - len(lines[0])) // 2, (height - len(lines)) // 2
    blank = " " * width
    body = [" " * left + line + " " * (width - left - len(line)) for line in lines]
    return [blank] * top + body + [blank] * (height - top - len(body))


def ink_colours(strips: list[Strip]) -> set[Color]:
    """The foreground colours of the cells that draw the digits."""
    return {
        Color.from_rich_color(segment.style.color)
        for strip in strips
        for segment in strip
        if segment.style is not None and segment.style.color is not None and segment.text.strip()
    }


async def test_the_countdown_draws_the_fonts_cells_centred() -> None:
    app = CountdownApp("0:27")
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        countdown = app.countdown
        assert countdown.scale == 2
        assert shown_lines(countdown) == expected_lines("0:27")


async def test_after_many_partial_repaints_the_picture_is_still_whole() -> None:
    app = CountdownApp("9:59")
    async with app.run_test(size=(60, 20)) as pilot:
        countdown = app.countdown
        for seconds in range(599, 530, -1):
            countdown.text = f"{seconds // 60}:{seconds % 60:02d}"
            await pilot.pause()
        assert shown_lines(countdown) == expected_lines("8:51")


async def test_a_second_repaints_only_the_cells_that_change(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = CountdownApp("9:28")
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        countdown = app.countdown
        asked = record_repaints(monkeypatch, countdown)
        countdown.text = "9:27"
        old, new = expected_lines("9:28"), expected_lines("9:27")
        changed = {
            (x, y)
            for y, (old_line, new_line) in enumerate(zip(old, new, strict=True))
            for x, (was, now) in enumerate(zip(old_line, new_line, strict=True))
            if was != now
        }
        assert len(asked) == 1
        (region,) = asked[0]
        # Exactly the box around the cells that differ, all within the last digit.
        xs = [x for x, _ in changed]
        ys = [y for _, y in changed]
        assert region == Region(min(xs), min(ys), max(xs) - min(xs) + 1, max(ys) - min(ys) + 1)
        left = (WIDTH - pixel_width("9:27") * 2) // 2
        last_start, last_end = glyph_spans("9:27", 2)[-1]
        assert left + last_start <= region.x and region.right <= left + last_end


async def test_a_change_of_shape_repaints_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    app = CountdownApp("9:59")
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        asked = record_repaints(monkeypatch, app.countdown)
        app.countdown.text = "10:00"
        assert asked == [()]


async def test_a_class_on_an_ancestor_repaints_it_in_the_new_colour() -> None:
    app = CountdownApp("0:27")
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        countdown = app.countdown
        region = Region(0, 0, *countdown.size)
        assert ink_colours(countdown.render_lines(region)) == {Color.parse("red")}
        frame = app.query_one("#frame")
        frame.remove_class("-warm")
        frame.add_class("-cool")
        await pilot.pause()
        assert ink_colours(countdown.render_lines(region)) == {Color.parse("blue")}


async def test_too_small_for_the_big_font_it_shows_three_row_digits_then_plain_text() -> None:
    app = CountdownApp("0:27", width=20, height=3)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        countdown = app.countdown
        assert countdown.scale == 0
        lines = shown_lines(countdown)
        assert len(lines) == 3
        assert all(line.strip() for line in lines)  # the three-row digits
        assert "0:27" not in "".join(lines)
        countdown.styles.height = 1
        await pilot.pause()
        assert [line.strip() for line in shown_lines(countdown)] == ["0:27"]
        countdown.text = "0:26"
        await pilot.pause()
        assert [line.strip() for line in shown_lines(countdown)] == ["0:26"]


def test_the_font_is_drawn_glyph_by_glyph() -> None:
    scale = 3
    lines = render_big("1:07", scale)
    assert len(lines) == big_rows(scale)
    for (start, end), char in zip(glyph_spans("1:07", scale), "1:07", strict=True):
        alone = render_big(char, scale)
        assert [line[start:end] for line in lines] == alone


def test_a_glyph_change_is_boxed_tightly() -> None:
    assert glyph_change("8", "8", 2) is None
    box = glyph_change("8", "0", 2)
    assert box is not None
    x, y, width, height = box
    eight, zero = render_big("8", 2), render_big("0", 2)
    differing = {
        (cx, cy)
        for cy in range(len(eight))
        for cx in range(len(eight[0]))
        if eight[cy][cx] != zero[cy][cx]
    }
    assert {cx for cx, _ in differing} <= set(range(x, x + width))
    assert {cy for _, cy in differing} <= set(range(y, y + height))
    assert min(cx for cx, _ in differing) == x and max(cx for cx, _ in differing) == x + width - 1
    assert min(cy for _, cy in differing) == y and max(cy for _, cy in differing) == y + height - 1
