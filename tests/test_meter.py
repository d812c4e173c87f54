"""The one-line meter: its parts, and repainting only the cells a change alters."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.geometry import Region

from postchain_tui.widgets import Meter
from postchain_tui.widgets.meter import changed_runs, meter_parts
from tests.widget_support import record_repaints

WIDTH = 30


class MeterApp(App[None]):
    """One meter, ``WIDTH`` cells wide."""

    CSS = f"Meter {{ width: {WIDTH}; }}"

    def __init__(self) -> None:
        super().__init__()
        self.meter = Meter()

    def compose(self) -> ComposeResult:
        yield self.meter


def shown(meter: Meter) -> str:
    """The meter's line as the screen gets it."""
    (strip,) = meter.render_lines(Region(0, 0, WIDTH, 1))
    return strip.text


def test_the_parts_fill_the_width_with_the_caption_last() -> None:
    assert meter_parts(0.5, "1:00 left", 20) == ("━━━━━", "─────", " 1:00 left")
    assert meter_parts(0.0, "", 4) == ("", "────", "")


def test_a_caption_too_long_for_the_meter_keeps_the_words_that_fit() -> None:
    assert meter_parts(0.5, "session 0:18 left", 14) == ("", "", " session 0:18")
    assert meter_parts(0.5, "session 0:18 left", 13) == ("", "", " session 0:18")


def test_changed_runs_are_the_stretches_that_differ() -> None:
    assert changed_runs("abcdef", "abcdef") == []
    assert changed_runs("abcdef", "xbcdyz") == [(0, 1), (4, 6)]


async def test_the_meter_draws_its_bar_and_caption() -> None:
    app = MeterApp()
    async with app.run_test() as pilot:
        app.meter.update(0.5, "9:28 left")
        await pilot.pause()
        assert shown(app.meter) == "".join(meter_parts(0.5, "9:28 left", WIDTH))


async def test_a_new_caption_repaints_only_its_changed_cells(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = MeterApp()
    async with app.run_test() as pilot:
        app.meter.update(0.25, "session 9:28 left")
        await pilot.pause()
        asked = record_repaints(monkeypatch, app.meter)
        app.meter.update(0.25, "session 9:27 left")
        column = WIDTH - len("8 left")  # the caption ends the line
        assert asked == [(Region(column, 0, 1, 1),)]
        await pilot.pause()
        assert shown(app.meter) == "".join(meter_parts(0.25, "session 9:27 left", WIDTH))


async def test_a_change_too_small_to_see_repaints_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    app = MeterApp()
    async with app.run_test() as pilot:
        app.meter.update(0.5, "left")
        await pilot.pause()
        asked = record_repaints(monkeypatch, app.meter)
        app.meter.update(0.501, "left")
        assert asked == []
        assert app.meter.fraction == 0.501
