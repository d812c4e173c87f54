"""User settings: ``<config dir>/settings.toml``, hand-editable and validated like routines.

A bad value never stops the app: it is reported (file, line, key, what is allowed) and its
default is used, while the rest of the file still applies.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from postchain_tui.core.bounded_read import SETTINGS_LIMIT, read_bounded
from postchain_tui.core.cue_command import split_template
from postchain_tui.core.durations import DURATION_HELP, DurationError, parse_duration
from postchain_tui.core.keymap import check_keymap, first_line_matching
from postchain_tui.core.load_units import LOAD_UNITS
from postchain_tui.core.routine import RoutineError
from postchain_tui.core.speech import DEFAULT_RATE, MAX_RATE, MIN_RATE, VOICE_CHOICES
from postchain_tui.core.text_safety import has_control
from postchain_tui.core.toml_lines import toml_error_line, toml_error_reason

MAX_WEEKLY_GOAL = 14


@dataclass(frozen=True, slots=True)
class Settings:
    """What a user can set.

    Attributes:
        bell: ring the terminal bell at 3-2-1 and at each step change.
        flash: flash the screen at the same moments.
        lead_in: get-ready seconds, for every routine; None keeps each routine's own.
        auto_start_after_rest: after a rest, start the next set by itself (else wait for Enter).
        weekly_goal: strength sessions a week to aim for.
        theme: the Textual theme's name.
        load_unit: ``kg`` or ``lb``.
        cue_command: a command run at each step change with ``{text}`` replaced by its words.
        keymap: other keys for the app's actions, ``(binding id, keys)`` in the file's order
            (the ``[keymap]`` table; see ``core.keymap``).
        voice: ``auto`` (speak through the speech engine found, if any), ``off``, or the name
            of an engine (see ``core.speech``).
        voice_rate: how fast the voice speaks, in words per minute.
    """

    bell: bool = True
    flash: bool = True
    lead_in: int | None = None
    auto_start_after_rest: bool = True
    weekly_goal: int = 2
    theme: str = "textual-dark"
    load_unit: str = "kg"
    cue_command: str = ""
    keymap: tuple[tuple[str, str], ...] = ()
    voice: str = "auto"
    voice_rate: int = DEFAULT_RATE

    def to_document(self) -> dict[str, Any]:
        """The TOML document for these settings (unset values and an empty keymap left out)."""
        document = {item.name: getattr(self, item.name) for item in fields(self)}
        document["keymap"] = dict(self.keymap)
        return {key: value for key, value in document.items() if value not in (None, {})}


SETTING_NAMES = tuple(item.name for item in fields(Settings))


def load_settings(path: Path, themes: Collection[str] = ()) -> tuple[Settings, list[RoutineError]]:
    """Read settings, keeping every good value and reporting every bad one.

    Args:
        path: the settings file; a missing file means all defaults.
        themes: the theme names the app knows; when given, any other theme is a problem.

    Returns:
        The settings, and the problems found (each names the file, line and key).
    """
    try:
        data = read_bounded(path, SETTINGS_LIMIT)
    except FileNotFoundError:
        return Settings(), []
    except OSError as error:
        return Settings(), [RoutineError(f"cannot be read: {error.strerror}", path=path)]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return Settings(), [RoutineError("is not UTF-8 text", path=path)]
    import tomllib  # only when there is a settings file

    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return Settings(), [
            RoutineError(
                f"is not valid TOML: {toml_error_reason(error)}",
                path=path,
                line=toml_error_line(error, text),
            )
        ]
    lines = text.splitlines()
    settings = Settings()
    problems: list[RoutineError] = []
    for key, value in document.items():
        line = _key_line(lines, key)
        if key not in SETTING_NAMES:
            problems.append(
                RoutineError.unknown("setting", key, SETTING_NAMES, path=path, line=line, key=key)
            )
            continue
        if key == "keymap":
            line = _table_line(lines, key) or line
            keymap, keymap_problems = check_keymap(value, path, lines, line)
            settings = replace(settings, keymap=keymap)
            problems += keymap_problems
            continue
        try:
            checked: dict[str, Any] = {key: _checked(key, value)}
            if key == "theme" and themes and value not in themes:
                raise ValueError(f"unknown theme {value!r}")
            settings = replace(settings, **checked)
        except ValueError as error:
            allowed = _ALLOWED.get(key, "")
            problems.append(
                RoutineError(str(error), path=path, line=line, key=key, allowed=allowed)
            )
    return settings, problems


def save_settings(path: Path, settings: Settings) -> None:
    """Write settings atomically, into the file as the user left it.

    Keys this version does not know, comments and the layout of the file are kept, and a value
    is written only where it changed; the keymap table is rewritten only when the keymap
    itself changed. A file that is not valid TOML is not overwritten.

    Raises:
        OSError: when the file cannot be read or written, or is not valid TOML; the old file
            is intact.
    """
    import tomlkit  # only to save: it keeps what it does not know

    from postchain_tui.core.store import write_atomically

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    except (OSError, UnicodeDecodeError) as error:
        raise OSError(f"{path} cannot be read to be updated: {error}") from error
    try:
        document = tomlkit.parse(text)
    except tomlkit.exceptions.ParseError as error:
        raise OSError(f"{path} is not valid TOML ({error}); fix it or move it away") from error
    wanted = settings.to_document()
    for name in SETTING_NAMES:
        if name == "keymap":
            continue
        if name in wanted:
            if document.get(name) != wanted[name]:
                document[name] = wanted[name]
        elif name in document:
            del document[name]
    # Compared with the good entries only: a bad one the user has yet to fix stays as written.
    written = check_keymap(document.get("keymap", {}), path, [], None)[0]
    if written != settings.keymap:
        if "keymap" in document:
            del document["keymap"]
        if settings.keymap:
            table = tomlkit.table()
            table.update(dict(settings.keymap))
            document["keymap"] = table
    write_atomically(path, tomlkit.dumps(document).encode("utf-8"))


_ALLOWED = {
    "bell": "true or false",
    "flash": "true or false",
    "auto_start_after_rest": "true or false",
    "lead_in": DURATION_HELP + ", or 0 for none",
    "weekly_goal": f"a whole number from 1 to {MAX_WEEKLY_GOAL}",
    "theme": (
        "a theme name such as textual-dark, textual-light or postchain-high-contrast; "
        "the settings screen lists them all"
    ),
    "load_unit": " or ".join(LOAD_UNITS),
    "cue_command": 'a command such as espeak-ng "{text}"',
    "voice": ", ".join(VOICE_CHOICES),
    "voice_rate": f"words per minute, a whole number from {MIN_RATE} to {MAX_RATE}",
}


def _checked(key: str, value: object) -> object:
    if key in ("bell", "flash", "auto_start_after_rest"):
        if not isinstance(value, bool):
            raise ValueError(f"must be true or false, got {value!r}")
        return value
    if key == "lead_in":
        try:
            return parse_duration(value, allow_zero=True)
        except DurationError as error:
            raise ValueError(str(error)) from None
    if key == "weekly_goal":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"must be a whole number, got {value!r}")
        if not 1 <= value <= MAX_WEEKLY_GOAL:
            raise ValueError(f"must be from 1 to {MAX_WEEKLY_GOAL}, got {value}")
        return value
    if key == "voice_rate":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"must be a whole number, got {value!r}")
        if not MIN_RATE <= value <= MAX_RATE:
            raise ValueError(f"must be from {MIN_RATE} to {MAX_RATE}, got {value}")
        return value
    if not isinstance(value, str):
        raise ValueError(f"must be a string, got {value!r}")
    if has_control(value):
        raise ValueError(f"holds control characters: {value!r}")
    if key == "load_unit" and value not in LOAD_UNITS:
        raise ValueError(f"must be kg or lb, got {value!r}")
    if key == "theme" and not value.strip():
        raise ValueError("must not be empty")
    if key == "voice" and value not in VOICE_CHOICES:
        raise ValueError(f"unknown voice {value!r}")
    if key == "cue_command" and value.strip():
        split_template(value)
    return value


def _key_line(lines: list[str], key: str) -> int | None:
    return first_line_matching(lines, rf"^\s*{re.escape(key)}\s*=")


def _table_line(lines: list[str], key: str) -> int | None:
    return first_line_matching(lines, rf"^\s*\[\s*{re.escape(key)}\s*\]")
