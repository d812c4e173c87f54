"""The ``[keymap]`` table of the settings file: other keys for the app's actions.

Every key binding of the app has an id, such as ``session.skip``; the table gives an id the keys
it is to have instead of its own, as Textual's keymaps do::

    [keymap]
    "session.done" = "enter,pagedown"
    session.back = "p,left,pageup"     # TOML's dotted form: the same entry

Bindings that share a key share its id (``session.done`` is Enter: start, done, start the set),
so a key's whole job moves with it. This module knows the ids and checks a table; the app gives
the result to Textual.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from postchain_tui.core.routine import RoutineError

BINDING_IDS = (
    "app.help",
    "app.quit",
    "session.done",
    "session.pause",
    "session.skip",
    "session.back",
    "session.more_time",
    "session.less_time",
    "session.quit",
    "session.switch_field",
    *(f"session.type_{digit}" for digit in "0123456789"),
    "session.type_point",
    "session.erase",
    "session.voice",
    "picker.start",
    "picker.edit_copy",
    "picker.down",
    "picker.up",
    "picker.page_down",
    "picker.page_up",
    "picker.leave",
    "picker.history",
    "picker.settings",
    "history.close",
    "history.edit",
    "history.delete",
    "history.sessions",
    "history.progress",
    "summary.save",
    "summary.close",
    "feedback.save",
    "feedback.cancel",
    "settings.save",
    "settings.cancel",
    "editor.save",
    "editor.cancel",
    "editor.add",
    "editor.remove",
    "editor.move_up",
    "editor.move_down",
    "resume.resume",
    "resume.keep",
    "resume.discard",
    "confirm.yes",
    "confirm.no",
    "unsaved.back",
    "help.close",
)
"""Every binding id a keymap may name; the screens' bindings carry exactly these."""

KEYS_HELP = (
    'one key or several split by commas, as Textual names them: "pagedown", "ctrl+n", "n,right"'
)

_KEY = re.compile(r"^(?:[a-z0-9_]+(?:\+[a-z0-9_]+)*|\S)$")


def binding_line(lines: list[str], binding_id: str) -> int | None:
    """The line of the file that sets ``binding_id``, quoted or in dotted form.

    Args:
        lines: the file's lines.
        binding_id: e.g. ``session.skip``.

    Returns:
        The 1-based line, or None when it cannot be told.
    """
    parts = binding_id.split(".")
    dotted = r"\s*\.\s*".join(
        rf"(?:{re.escape(part)}|\"{re.escape(part)}\"|'{re.escape(part)}')" for part in parts
    )
    quoted = rf"\"{re.escape(binding_id)}\"|'{re.escape(binding_id)}'"
    return first_line_matching(lines, rf"^\s*(?:keymap\s*\.\s*)?(?:{quoted}|{dotted})\s*=")


def first_line_matching(lines: list[str], pattern: str) -> int | None:
    """The 1-based number of the first line that matches ``pattern``, or None."""
    compiled = re.compile(pattern)
    for number, line in enumerate(lines, 1):
        if compiled.match(line):
            return number
    return None


def flattened(table: Mapping[str, object], prefix: str = "") -> dict[str, object]:
    """The table with TOML's dotted keys joined back: ``{"session": {"skip": x}}`` as
    ``{"session.skip": x}``.
    """
    flat: dict[str, object] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flattened(value, f"{name}."))
        else:
            flat[name] = value
    return flat


def check_keymap(
    table: object, path: Path, lines: list[str], table_line: int | None
) -> tuple[tuple[tuple[str, str], ...], list[RoutineError]]:
    """The good entries of a ``[keymap]`` table, and a problem for each bad one.

    Args:
        table: what TOML made of the table.
        path: the settings file, for the problems.
        lines: its lines, to tell where each entry is.
        table_line: the line of the table itself.

    Returns:
        ``(binding id, keys)`` pairs in the file's order, keys as written but without spaces;
        and the problems, each naming the file, line and key.
    """
    if not isinstance(table, Mapping):
        return (), [
            RoutineError(
                f"must be a table of binding ids and keys, got {table!r}",
                path=path,
                line=table_line,
                key="keymap",
                allowed='[keymap] with lines such as "session.skip" = "pagedown"',
            )
        ]
    entries: list[tuple[str, str]] = []
    problems: list[RoutineError] = []
    for binding_id, keys in flattened(table).items():
        line, key = binding_line(lines, binding_id), f"keymap.{binding_id}"
        if binding_id not in BINDING_IDS:
            problems.append(
                RoutineError.unknown(
                    "binding id", binding_id, BINDING_IDS, path=path, line=line, key=key
                )
            )
            continue
        wanted = keys.split(",") if isinstance(keys, str) else []
        cleaned = [part.strip() for part in wanted]
        if not cleaned or not all(_KEY.match(part) for part in cleaned):
            problems.append(
                RoutineError(
                    f"must be keys, got {keys!r}", path=path, line=line, key=key, allowed=KEYS_HELP
                )
            )
            continue
        entries.append((binding_id, ",".join(cleaned)))
    problems.sort(key=lambda problem: problem.line or 0)
    return tuple(entries), problems
