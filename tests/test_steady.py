"""Steady widgets: no new layout for the same text, the same lines until something changes."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widgets import Static

from postchain_tui.widgets.steady import SteadyStatic, SteadyVertical


class SteadyApp(App[None]):
    """A steady label in a steady frame whose class sets the label's colour."""

    CSS = """
    #frame.-warm SteadyStatic { color: red; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.frame = SteadyVertical(id="frame")
        self.label = SteadyStatic("hello")

    def compose(self) -> ComposeResult:
        with self.frame:
            yield self.label


async def test_the_same_lines_are_given_until_something_changes() -> None:
    app = SteadyApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        label = app.label
        crop = Region(0, 0, *label.size)
        first = label.render_lines(crop)
        assert label.render_lines(crop) is first
        app.frame.add_class("-warm")  # a new colour from an ancestor
        await pilot.pause()
        recoloured = label.render_lines(crop)
        assert recoloured is not first
        assert recoloured != first
        label.update("hi")
        await pilot.pause()
        assert [strip.text.rstrip() for strip in label.render_lines(crop)] == ["hi"]


async def test_a_steady_container_keeps_its_own_css() -> None:
    app = SteadyApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        # Vertical's default CSS (a full-size frame) still applies to the steady one.
        assert app.frame.size == app.screen.size


def test_the_same_content_again_is_not_passed_on(monkeypatch: pytest.MonkeyPatch) -> None:
    passed_on: list[object] = []
    monkeypatch.setattr(
        Static, "update", lambda self, content="", *, layout=True: passed_on.append(content)
    )
    label = SteadyStatic()
    label.update("step 1 of 3")
    label.update("step 1 of 3")
    label.update(Text("step 1 of 3", style="bold"))  # the same words, another look
    assert passed_on == ["step 1 of 3", Text("step 1 of 3", style="bold")]
