"""Every key of every screen (``?``), read from the screens' own bindings so it never goes stale.

The screens are found by importing every module of this package, so a new screen is listed as
soon as it exists; each binding's own description is its line in the list.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from rich.table import Table
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

import postchain_tui.screens

# The screens a session passes through come first, in that order; the rest follow by name.
_FIRST = ("PickerScreen", "SessionScreen", "SummaryScreen")
_CLASS_SUFFIXES = ("Screen", "Modal")
HEADING = "Every key · Escape closes · while typing in a field, F1 opens this list"
KEY_COLUMN_WIDTH = 12


@dataclass(frozen=True, slots=True)
class KeySection:
    """The keys of one screen (or of every screen).

    Attributes:
        title: e.g. ``Session``.
        rows: (keys, what they do), e.g. ``("n/→", "Skip")``.
    """

    title: str
    rows: tuple[tuple[str, str], ...]


def screen_classes() -> list[type[Screen[Any]]]:
    """Every screen postchain has, picker, session and summary first.

    Returns:
        The screen classes defined in the modules of ``postchain_tui.screens``.
    """
    found: dict[str, type[Screen[Any]]] = {}
    for module_info in pkgutil.iter_modules(postchain_tui.screens.__path__):
        module = importlib.import_module(f"postchain_tui.screens.{module_info.name}")
        for name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, Screen) and value.__module__ == module.__name__:
                found[name] = value
    first = [found.pop(name) for name in _FIRST if name in found]
    return first + [found[name] for name in sorted(found)]


def section_title(screen_class: type[Screen[Any]]) -> str:
    """A screen's name for people.

    Args:
        screen_class: e.g. ``ConfirmationModal``.

    Returns:
        e.g. ``Confirmation``; ``RoutineEditorScreen`` gives ``Routine editor``.
    """
    name = screen_class.__name__
    for suffix in _CLASS_SUFFIXES:
        if name.endswith(suffix) and name != suffix:
            name = name[: -len(suffix)]
            break
    words = re.findall(r"[A-Z][a-z0-9]*|[a-z0-9]+", name)
    return " ".join([words[0], *(word.lower() for word in words[1:])]) if words else name


def _humanized(action: str) -> str:
    name = action.split("(", 1)[0].rsplit(".", 1)[-1]
    return name.replace("_", " ").capitalize()


def key_rows(
    bindings: Iterable[BindingType],
    key_display: Callable[[Binding], str],
    keymap: Mapping[str, str] | None = None,
) -> tuple[tuple[str, str], ...]:
    """The lines of the key list for a set of bindings.

    One key bound to several actions (each offered at a different moment) gets one line with
    every action; keys that do the same thing share a line.

    Args:
        bindings: as a ``BINDINGS`` list has them (``"n,right"`` is two keys).
        key_display: how a binding's key is shown, e.g. ``App.get_key_display``.
        keymap: other keys by binding id, from the settings; they are listed instead.

    Returns:
        (keys, what they do) pairs, in the order the bindings are given.
    """
    actions_by_key: dict[str, list[str]] = {}
    for binding in _remapped(Binding.make_bindings(bindings), keymap or {}):
        if binding.system and not binding.description:
            continue
        action = binding.description or _humanized(binding.action)
        actions = actions_by_key.setdefault(key_display(binding), [])
        if action not in actions:
            actions.append(action)
    keys_by_actions: dict[str, list[str]] = {}
    for key, actions in actions_by_key.items():
        keys_by_actions.setdefault(" / ".join(actions), []).append(key)
    return tuple((joined_keys(keys), actions) for actions, keys in keys_by_actions.items())


def _remapped(bindings: Iterable[Binding], keymap: Mapping[str, str]) -> Iterator[Binding]:
    """The bindings with the keys the keymap gives their id instead of their own."""
    for binding in bindings:
        keys = keymap.get(binding.id) if binding.id is not None else None
        if keys is None:
            yield binding
        else:
            yield from (binding.with_key(key, key_display=None) for key in keys.split(","))


def joined_keys(keys: list[str]) -> str:
    """Keys that do the same thing, on one line.

    Args:
        keys: as shown, e.g. ``["?", "f1"]``.

    Returns:
        ``? f1``; a run of three or more digits in a row is shortened, e.g. ``0-9``.
    """
    digits = [int(key) for key in keys if len(key) == 1 and key.isdigit()]
    if (
        len(keys) >= 3
        and len(digits) == len(keys)
        and digits == list(range(digits[0], digits[-1] + 1))
    ):
        return f"{keys[0]}-{keys[-1]}"
    return " ".join(keys)


def _own_bindings(classes: Iterable[type[Any]]) -> list[BindingType]:
    bindings: list[BindingType] = []
    for cls in classes:
        bindings += cls.__dict__.get("BINDINGS", [])
    return bindings


def key_sections(
    app: App[Any],
    first: type[Screen[Any]] | None = None,
    keymap: Mapping[str, str] | None = None,
) -> list[KeySection]:
    """Every key of the app: those that work everywhere, then each screen's.

    Args:
        app: the running app (its command palette key and how it shows keys).
        first: the screen to list first, the one the list was asked for on.
        keymap: other keys by binding id, from the settings.

    Returns:
        The sections; screens without keys of their own are left out.
    """
    everywhere = _own_bindings(cls for cls in type(app).__mro__ if issubclass(cls, App))
    if app.ENABLE_COMMAND_PALETTE:
        everywhere.append(Binding(app.COMMAND_PALETTE_BINDING, "command_palette", "Commands"))
    everywhere += _own_bindings([Screen])
    sections = [KeySection("Everywhere", key_rows(everywhere, app.get_key_display, keymap))]
    screens = screen_classes()
    if first in screens:
        screens.remove(first)
        screens.insert(0, first)
    for screen_class in screens:
        ours = [cls for cls in screen_class.__mro__ if cls.__module__.startswith("postchain_tui")]
        rows = key_rows(_own_bindings(reversed(ours)), app.get_key_display, keymap)
        if rows:
            sections.append(KeySection(section_title(screen_class), rows))
    return sections


def section_table(section: KeySection) -> Table:
    """One section as a two-column table.

    Args:
        section: the section.

    Returns:
        Keys on the left, what they do on the right.
    """
    table = Table(box=None, expand=True, pad_edge=False, show_header=False)
    # One width for every section's keys, so the actions line up down the whole list.
    table.add_column("Key", style="bold", no_wrap=True, min_width=KEY_COLUMN_WIDTH)
    table.add_column("What it does", ratio=1)
    for keys, action in section.rows:
        table.add_row(keys, action)
    return table


class HelpScreen(ModalScreen[None]):
    """Lists every key of every screen over the current one; Escape, ``q`` or ``?`` closes it.

    Args:
        opened_from: the screen it was opened on, whose keys are listed first.
        keymap: other keys by binding id, from the settings; they are listed instead.
    """

    CSS_PATH = "help.tcss"
    AUTO_FOCUS = "#help-keys"

    BINDINGS = [
        Binding("escape,q", "close", "Close", key_display="esc/q", id="help.close"),
        Binding("question_mark,f1", "close", "Close", show=False, id="app.help"),
    ]

    def __init__(
        self,
        opened_from: type[Screen[Any]] | None = None,
        keymap: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.opened_from = opened_from
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        """A heading, then one table per screen, scrolling when they do not fit."""
        with Vertical(id="help-dialog"):
            yield Static(HEADING, id="help-heading", markup=False)
            with VerticalScroll(id="help-keys"):
                for section in key_sections(self.app, self.opened_from, self.keymap):
                    yield Static(section.title, classes="help-section", markup=False)
                    yield Static(section_table(section), classes="help-table")

    def action_close(self) -> None:
        """Go back to the screen underneath."""
        self.dismiss(None)
