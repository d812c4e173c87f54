"""The command palette's postchain commands (ctrl+p): start a routine, the log, settings, keys.

From the picker, all of them. During a session, only the training log (the session waits,
paused, while it is open) and the key list: starting something else or changing settings would
pull the session out from under the user. Textual's own Quit asks first during a session (see
``PostchainApp.action_quit``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen

from postchain_tui.app import PostchainApp
from postchain_tui.core.plan import build_plan
from postchain_tui.screens.formatting import estimate_text
from postchain_tui.screens.picker import PickerScreen


@dataclass(frozen=True, slots=True)
class PaletteCommand:
    """One command of the palette.

    Attributes:
        title: what the palette lists and matches against.
        help: the line under it.
        run: what choosing it does.
    """

    title: str
    help: str
    run: Callable[[], object]


def palette_commands(app: PostchainApp, screen: Screen[Any]) -> list[PaletteCommand]:
    """The commands on offer from a screen.

    Args:
        app: the app.
        screen: the screen the palette was opened from.

    Returns:
        From the picker, one command per routine listed, then the training log, the settings
        and the keys; from a session, the training log and the keys; nothing elsewhere.
    """
    from postchain_tui.screens.session import SessionScreen

    training_log = PaletteCommand(
        "Training log (history)", "Every session, and progress week by week", app.show_history
    )
    key_list = PaletteCommand("Key list", "Every key of every screen", app.action_help)
    if isinstance(screen, SessionScreen):
        return [training_log, key_list]
    if not isinstance(screen, PickerScreen):
        return []
    commands = [
        PaletteCommand(
            f"Start: {routine.title}",
            " · ".join([estimate_text(build_plan(routine)), *routine.tags]),
            partial(app.sessions.start, routine),
        )
        for routine in screen.routines.values()
    ]
    commands += [
        training_log,
        PaletteCommand(
            "Settings",
            "Bell, flash, lead-in, after a rest, weekly goal, theme, load unit, cue command",
            app.action_open_settings,
        ),
        PaletteCommand(
            "Theme",
            "postchain-high-contrast for a bright gym, or any Textual theme; saved in Settings",
            partial(app.action_open_settings, "theme"),
        ),
        key_list,
    ]
    return commands


class PostchainCommands(Provider):
    """Offers :func:`palette_commands` to Textual's command palette."""

    def _commands(self) -> list[PaletteCommand]:
        app = self.app
        if not isinstance(app, PostchainApp):
            return []
        return palette_commands(app, self.screen)

    async def discover(self) -> Hits:
        """Everything on offer, listed before anything is typed."""
        for command in self._commands():
            yield DiscoveryHit(command.title, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        """The commands that match what was typed, best first.

        Args:
            query: what was typed.
        """
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(score, matcher.highlight(command.title), command.run, help=command.help)
