"""Screens that would lose something if the app quit now, and ask first."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from textual.app import App


@runtime_checkable
class AsksBeforeQuitting(Protocol):
    """A screen that ctrl+q (or the palette's Quit) asks first, as its own key would.

    A session under way asks "End this session now?", an editor with changes asks before they
    are lost; every other screen has nothing to lose and quits at once.
    """

    def has_something_to_lose(self) -> bool:
        """Whether quitting now would lose something (a session under way, unsaved edits)."""
        ...

    def ask_before_quitting(self) -> None:
        """Ask, and quit or end on the answer as the screen's own key would."""
        ...


async def quit_or_ask(app: App[Any]) -> None:
    """Quit the app, unless a screen on its stack has something to lose: that one asks.

    Screens over it that lose nothing, such as the key list or the log opened during a session,
    are closed so that the question is seen. While a question is open already, it is to be
    answered first.

    Args:
        app: the app.
    """
    from postchain_tui.screens.confirm import ConfirmationModal

    asking = [
        (position, screen)
        for position, screen in enumerate(app.screen_stack)
        if isinstance(screen, AsksBeforeQuitting) and screen.has_something_to_lose()
    ]
    if not asking:
        app.exit()
        return
    if isinstance(app.screen, ConfirmationModal):
        app.bell()
        return
    position, screen = asking[-1]
    while len(app.screen_stack) > position + 1:
        await app.pop_screen()
    screen.ask_before_quitting()
