"""The footer's keys are in its screen's first frame."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from postchain_tui.widgets.footer import ReadyFooter


class KeysScreen(Screen[None]):
    """A screen with two keys shown and one hidden, and the footer under test."""

    BINDINGS = [
        Binding("space", "pause", "Pause"),
        Binding("q", "leave", "Quit"),
        Binding("x", "secret", "Hidden", show=False),
    ]

    def __init__(self, footer: Footer) -> None:
        super().__init__()
        self.footer = footer
        self.keys_at_first_frame: list[str] | None = None

    def compose(self) -> ComposeResult:
        yield self.footer

    def on_mount(self) -> None:
        self.call_after_refresh(self.note_the_keys)

    def note_the_keys(self) -> None:
        self.keys_at_first_frame = [key.description for key in self.query(FooterKey)]


class KeysApp(App[None]):
    ENABLE_COMMAND_PALETTE = False

    def __init__(self, footer: Footer) -> None:
        super().__init__()
        self.keys_screen = KeysScreen(footer)

    def on_mount(self) -> None:
        self.push_screen(self.keys_screen)


async def keys_drawn_first(footer: Footer) -> tuple[list[str] | None, list[str]]:
    app = KeysApp(footer)
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        later = [key.description for key in app.keys_screen.query(FooterKey)]
        return app.keys_screen.keys_at_first_frame, later


async def test_the_keys_are_drawn_with_the_first_frame() -> None:
    first, later = await keys_drawn_first(ReadyFooter())

    assert first == ["Pause", "Quit"]
    assert later == first


async def test_textuals_own_footer_draws_them_later() -> None:
    """What ``ReadyFooter`` is for: if Textual's footer comes to draw its keys at once, this
    fails and ``ReadyFooter`` can go."""
    first, later = await keys_drawn_first(Footer())

    assert first == []
    assert later == ["Pause", "Quit"]
