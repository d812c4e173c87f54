"""The screen's keys on one line at the bottom, drawn with the screen's first frame."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from textual import events
from textual.app import RenderResult
from textual.binding import Binding
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import Screen
from textual.style import Style
from textual.widget import Widget

PALETTE_SEPARATOR = "▏"
HELP_BINDING_ID = "app.help"
"""The key that lists every key: the last one left out of a bar too narrow for all."""

Part = tuple[str, str | Style]
"""A run of text in the bar and its style."""


@dataclass(frozen=True, slots=True)
class KeyShown:
    """One key in the bar.

    Attributes:
        key: the key to press, as Textual names it (``ctrl+l``).
        display: how it is written (``^l``).
        description: what it does (``Training log``).
        enabled: False when the screen has it greyed out for now; pressing it rings the bell.
        binding_id: the binding's id, which a keymap names; None when it has none.
    """

    key: str
    display: str
    description: str
    enabled: bool
    binding_id: str | None = None


def keys_to_show(screen: Screen[object]) -> tuple[list[KeyShown], KeyShown | None]:
    """The keys a screen shows now, and the palette's key.

    As Textual's footer does, bindings hidden from the footer are left out, and an action bound
    to several keys is shown once, by its first key. The screen's keys come first, in the order
    it declares them, then those of the focused widget and its containers, then the app's: the
    order of the bindings Textual gives would put a key first because the focused widget binds
    it too (the filter box binds ``ctrl+e``).

    Args:
        screen: the screen, mounted.

    Returns:
        The keys, and the command palette's key when the app has one.
    """
    app = screen.app
    ranked: dict[str, tuple[tuple[int, int], KeyShown]] = {}
    active = screen.active_bindings
    for key, active_binding in active.items():
        binding = active_binding.binding
        if binding.show and binding.action not in ranked:
            shown = KeyShown(
                key,
                app.get_key_display(binding),
                binding.description,
                active_binding.enabled,
                binding.id,
            )
            ranked[binding.action] = (_rank(active_binding.node, binding.action, screen), shown)
    palette: KeyShown | None = None
    if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
        active_binding = active[app.COMMAND_PALETTE_BINDING]
        binding = active_binding.binding
        palette = KeyShown(
            binding.key, app.get_key_display(binding), binding.description, active_binding.enabled
        )
        ranked.pop(binding.action, None)
    return [shown for _rank_, shown in sorted(ranked.values(), key=lambda item: item[0])], palette


def _rank(node: DOMNode, action: str, screen: Screen[object]) -> tuple[int, int]:
    """Where a key goes: the screen's, other widgets', the app's; each in declared order."""
    group = 0 if node is screen else 2 if node is screen.app else 1
    for index, declared in enumerate(type(node).BINDINGS):
        if (declared.action if isinstance(declared, Binding) else declared[1]) == action:
            return group, index
    return group, len(type(node).BINDINGS)


def cells(parts: list[Part]) -> int:
    """How many cells ``parts`` take across."""
    return sum(cell_len(text) for text, _style in parts)


class KeyBar(Widget, can_focus=False):
    """The keys of the screen it is on, and the command palette's at the right.

    One widget, drawn with its screen's first frame. Textual's ``Footer`` builds a widget per
    key, and only once the screen has announced its bindings, after its first frame: its keys
    come a frame late, and its many widgets slow the first frame (bench/README.md has the
    figures). Click a key to press it. Keys that do not fit are left out, the palette's
    first and the help key (``?``, which lists them all) last.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "key-bar--key",
        "key-bar--description",
        "key-bar--disabled",
        "key-bar--separator",
    }
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .key-bar--key {
            color: $footer-key-foreground;
            text-style: bold;
        }
        & > .key-bar--description {
            color: $footer-description-foreground;
        }
        & > .key-bar--disabled {
            text-style: dim;
        }
        & > .key-bar--separator {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._drawn: list[tuple[int, int, KeyShown]] = []
        """Where each key was drawn last: its first and past-the-last cell, and the key."""

    def on_mount(self) -> None:
        """Draw the keys again whenever the screen's bindings change."""
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        """Stop listening to the screen."""
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: Screen[object]) -> None:
        self.refresh()

    def render(self) -> RenderResult:
        """The keys from the left, the palette's key at the right if there is room."""
        keys, palette = keys_to_show(self.screen)
        width = self.size.width
        parts: list[Part] = []
        drawn: list[tuple[int, int, KeyShown]] = []
        used = 0
        # Room is kept for the help key; once one key does not fit, only it is added.
        kept = sum(cells(self._parts(key)) for key in keys if key.binding_id == HELP_BINDING_ID)
        full = False
        for shown in keys:
            key_parts = self._parts(shown)
            key_width = cells(key_parts)
            if shown.binding_id == HELP_BINDING_ID:
                kept -= key_width
            elif full or used + key_width + kept > width:
                full = True
                continue
            if used + key_width > width:
                break
            parts += key_parts
            drawn.append((used, used + key_width, shown))
            used += key_width
        if palette is not None:
            # The palette's key goes right after its separator, without the leading space.
            separator = (PALETTE_SEPARATOR, self.get_visual_style("key-bar--separator"))
            palette_parts = self._parts(palette, lead="")
            palette_width = cells([separator, *palette_parts])
            if used + palette_width <= width:
                parts += [(" " * (width - used - palette_width), ""), separator, *palette_parts]
                drawn.append((width - cells(palette_parts), width, palette))
        self._drawn = drawn
        return Content.assemble(*parts)

    def _parts(self, shown: KeyShown, lead: str = " ") -> list[Part]:
        disabled = () if shown.enabled else ("key-bar--disabled",)
        key_style = self.get_visual_style("key-bar--key", *disabled)
        description_style = self.get_visual_style("key-bar--description", *disabled)
        return [
            (f"{lead}{shown.display} ", key_style),
            (f"{shown.description} ", description_style),
        ]

    def key_at(self, x: int) -> KeyShown | None:
        """The key drawn at column ``x`` of the bar, if any.

        Args:
            x: the column, from 0 at the bar's left.

        Returns:
            The key, or None for the empty part.
        """
        for start, end, shown in self._drawn:
            if start <= x < end:
                return shown
        return None

    def on_click(self, event: events.Click) -> None:
        """Press the key clicked (a greyed-out one rings the bell)."""
        shown = self.key_at(event.x)
        if shown is None:
            return
        if shown.enabled:
            self.app.simulate_key(shown.key)
        else:
            self.app.bell()
