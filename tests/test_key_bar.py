"""The key bar: the screen's keys, drawn with its first frame, each one a click away."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input

from postchain_tui.widgets.key_bar import KeyBar, keys_to_show


class KeysScreen(Screen[None]):
    """Three keys shown (one of them bound twice, one greyed out while ``locked``), one hidden."""

    BINDINGS = [
        Binding("space", "pause", "Pause"),
        Binding("n,right", "skip", "Skip", key_display="n/→"),
        Binding("ctrl+e", "edit", "Edit", priority=True),
        Binding("x", "secret", "Hidden", show=False),
    ]

    def __init__(self, *, with_input: bool = False) -> None:
        super().__init__()
        self.with_input = with_input
        self.locked = False
        self.pressed: list[str] = []
        self.bar_at_first_frame: str | None = None

    def compose(self) -> ComposeResult:
        if self.with_input:
            yield Input()
        yield KeyBar()

    def on_mount(self) -> None:
        self.call_after_refresh(self.note_the_bar)

    def note_the_bar(self) -> None:
        self.bar_at_first_frame = bar_text(self)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "skip" and self.locked:
            return None  # shown, greyed out
        return True

    def action_pause(self) -> None:
        self.pressed.append("pause")

    def action_skip(self) -> None:
        self.pressed.append("skip")

    def action_edit(self) -> None:
        self.pressed.append("edit")


class TypingScreen(KeysScreen):
    """Keys a text box leaves to the screen (Textual hides printable ones while one has focus)."""

    BINDINGS = [
        Binding("f5", "pause", "Pause"),
        Binding("f6", "skip", "Skip"),
        Binding("ctrl+e", "edit", "Edit", priority=True),
    ]


class KeysApp(App[None]):
    def __init__(self, screen: KeysScreen) -> None:
        super().__init__()
        self.keys_screen = screen

    def on_mount(self) -> None:
        self.push_screen(self.keys_screen)


def bar_text(screen: Screen[object]) -> str:
    return str(screen.query_one(KeyBar).render())


async def test_the_keys_are_in_the_first_frame() -> None:
    screen = KeysScreen()
    async with KeysApp(screen).run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        assert screen.bar_at_first_frame is not None
        assert screen.bar_at_first_frame.split() == [
            "space", "Pause", "n/→", "Skip", "^e", "Edit", "▏^p", "palette"
        ]  # fmt: skip
        assert bar_text(screen) == screen.bar_at_first_frame


async def test_the_screens_keys_come_first_even_when_the_focused_widget_binds_them_too() -> None:
    screen = TypingScreen(with_input=True)  # an Input binds ctrl+e too, and has the focus
    async with KeysApp(screen).run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        keys, palette = keys_to_show(screen)
        assert [key.description for key in keys] == ["Pause", "Skip", "Edit"]
        assert palette is not None and palette.display == "^p"


async def test_a_click_on_a_key_presses_it() -> None:
    screen = KeysScreen()
    async with KeysApp(screen).run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        bar = screen.query_one(KeyBar)
        text = bar_text(screen)
        await pilot.click(KeyBar, offset=(text.index("Skip"), 0))
        await pilot.click(KeyBar, offset=(text.index("Pause"), 0))
        await pilot.click(KeyBar, offset=(text.index("Edit") + 5, 0))  # past the last key
        assert screen.pressed == ["skip", "pause"]
        palette = bar.key_at(text.index("▏") + 1)
        assert palette is not None and palette.key == "ctrl+p"
        assert bar.key_at(79) == palette
        assert bar.key_at(text.index("▏")) is None


async def test_a_greyed_out_key_rings_the_bell(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = KeysScreen()
    app = KeysApp(screen)
    bells: list[None] = []
    monkeypatch.setattr(app, "bell", lambda: bells.append(None))
    async with app.run_test(size=(80, 10)) as pilot:
        screen.locked = True
        screen.refresh_bindings()
        await pilot.pause()
        shown = {key.description: key.enabled for key in keys_to_show(screen)[0]}
        assert shown == {"Pause": True, "Skip": False, "Edit": True}
        await pilot.click(KeyBar, offset=(bar_text(screen).index("Skip"), 0))
        assert screen.pressed == []
        assert bells == [None]


async def test_keys_that_do_not_fit_are_left_out_the_palettes_first() -> None:
    screen = KeysScreen()
    async with KeysApp(screen).run_test(size=(24, 10)) as pilot:
        await pilot.pause()
        assert bar_text(screen).split() == ["space", "Pause", "n/→", "Skip"]
        assert screen.query_one(KeyBar).key_at(23) is None


class HelpfulApp(KeysApp):
    """An app whose ``?`` lists every key, as postchain's does."""

    BINDINGS = [Binding("question_mark", "help", "Keys", key_display="?", id="app.help")]

    def action_help(self) -> None:
        self.keys_screen.pressed.append("help")


async def test_the_help_key_is_never_left_out_on_a_narrow_terminal() -> None:
    """``?`` lists the keys that did not fit, so they are left out before it."""
    screen = KeysScreen()
    async with HelpfulApp(screen).run_test(size=(24, 10)) as pilot:
        await pilot.pause()
        assert bar_text(screen).split() == ["space", "Pause", "?", "Keys"]
        await pilot.click(KeyBar, offset=(bar_text(screen).index("Keys"), 0))
        assert screen.pressed == ["help"]


class MappableScreen(KeysScreen):
    BINDINGS = [
        Binding("space", "pause", "Pause", id="keys.pause"),
        Binding("n,right", "skip", "Skip", key_display="n/→", id="keys.skip"),
    ]


async def test_a_key_given_by_the_keymap_is_the_one_shown() -> None:
    screen = MappableScreen()
    app = KeysApp(screen)
    async with app.run_test(size=(80, 10)) as pilot:
        app.set_keymap({"keys.skip": "pagedown"})
        await pilot.pause()
        assert bar_text(screen).split()[:4] == ["space", "Pause", "pgdn", "Skip"]
        await pilot.press("pagedown", "n")
        assert screen.pressed == ["skip"]
