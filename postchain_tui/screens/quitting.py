"""Screens that would lose something if the app quit now, and ask first."""

from __future__ import annotations

from typing import Protocol, runtime_checkable


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
