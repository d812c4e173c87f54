"""Turning a routine file's TOML document into a strict ``Routine``, or a ``RoutineError``.

Every problem is reported with the file, the line where it can be told, the key path and what
is allowed; unknown keys are errors with a did-you-mean.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from postchain_tui.core.durations import (
    DURATION_HELP,
    REPS_HELP,
    DurationError,
    Span,
    describe_seconds,
    parse_duration,
    parse_reps,
    parse_span,
)
from postchain_tui.core.routine import Defaults, Exercise, Routine, RoutineError, RoutineKind
from postchain_tui.core.text_safety import has_control, visible
from postchain_tui.core.toml_lines import KeyLines

ROUTINE_KEYS = (
    "title",
    "id",
    "kind",
    "summary",
    "tags",
    "source",
    "plan",
    "week",
    "defaults",
    "exercise",
)
DEFAULTS_KEYS = ("rest", "lead_in", "switch_sides", "rep_pace")
EXERCISE_KEYS = (
    "name",
    "hold",
    "reps",
    "sets",
    "per_side",
    "rest",
    "cue",
    "equipment",
    "progression",
    "load",
)
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]*")
WINDOWS_DEVICE_NAMES = frozenset(
    ("con", "prn", "aux", "nul", *(f"{port}{n}" for port in ("com", "lpt") for n in range(1, 10)))
)
"""Names Windows keeps for devices: a file ``con.toml`` cannot be made there."""
ID_HELP = (
    "lower-case letters, digits, '-' and '_', starting with a letter or digit, "
    "and not a name Windows keeps for a device (con, prn, aux, nul, com1-9, lpt1-9)"
)


def is_valid_id(routine_id: str) -> bool:
    """Whether a routine id can name a file on every platform (its file is ``<id>.toml``)."""
    return bool(ID_PATTERN.fullmatch(routine_id)) and routine_id not in WINDOWS_DEVICE_NAMES
MAX_SETS = 20
MAX_EFFORT_SECONDS = 10 * 60
"""The longest hold or rest a routine may ask for: longer is a typing mistake, not training."""
CONTROL_WARNING = "holds control characters; they are shown as symbols, not obeyed"

T = TypeVar("T")


class RoutineBuilder:
    """Turns a parsed TOML document into a ``Routine``, locating keys in the text for errors.

    Every problem of the document is collected before one is raised, so a file with four
    mistakes is fixed in one round; the error raised carries the others.
    """

    def __init__(self, text: str, path: Path | None) -> None:
        self.lines = KeyLines(text)
        self.path = path
        self.problems: list[RoutineError] = []
        self.warnings: list[RoutineError] = []

    def error(
        self, key: str, message: str, allowed: str = "", *, at: str | None = None
    ) -> RoutineError:
        """A ``RoutineError`` for ``key``, on the line of ``at`` (by default the key itself)."""
        line = self.lines.locate(key if at is None else at)
        return RoutineError(message, path=self.path, line=line, key=key, allowed=allowed)

    def report(self, key: str, message: str, allowed: str = "", *, at: str | None = None) -> None:
        """Note a problem and go on, so that the next one is found too."""
        self.problems.append(self.error(key, message, allowed, at=at))

    def routine(self, document: Mapping[str, Any], fallback_id: str) -> Routine:
        self.reject_unknown(document, ROUTINE_KEYS, "")
        title = self.text(document, "title", required=True)
        routine_id = self.text(document, "id") or fallback_id
        if not is_valid_id(routine_id):
            self.report("id", f"{routine_id!r} is not a valid id", ID_HELP)
        tags = self.string_list(document, "tags")
        week = document.get("week")
        if week is not None and (isinstance(week, bool) or not isinstance(week, int) or week < 1):
            self.report("week", f"must be a whole number from 1 up, got {_show(week)}", "1, 2, ...")
            week = None
        kind = self.kind(document)
        defaults = self.defaults(document.get("defaults", {}))
        exercises = self.exercises(document.get("exercise"), defaults)
        summary = self.text(document, "summary")
        source = self.text(document, "source")
        plan = self.text(document, "plan")
        if self.problems:
            first, *others = self.problems
            first.others = tuple(others)
            raise first
        return Routine(
            id=routine_id,
            title=title,
            exercises=exercises,
            defaults=defaults,
            summary=summary,
            tags=tags,
            source=source,
            plan=plan,
            week=week,
            kind=kind,
            path=self.path,
        )

    def kind(self, document: Mapping[str, Any]) -> RoutineKind:
        raw = document.get("kind", RoutineKind.STRENGTH.value)
        try:
            return RoutineKind(raw)
        except ValueError:
            allowed = ", ".join(kind.value for kind in RoutineKind)
            message = f"must be one of {allowed}, got {_show(raw)}"
            self.report("kind", message, allowed)
            return RoutineKind.STRENGTH

    def exercises(self, raw: object, defaults: Defaults) -> tuple[Exercise, ...]:
        if raw is None:
            self.report(
                "exercise", "no exercises", "one or more [[exercise]] tables, each with a name"
            )
            return ()
        if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
            self.report("exercise", "must be a list of tables", "[[exercise]] tables")
            return ()
        if not raw:
            self.report("exercise", "no exercises", "one or more [[exercise]] tables")
        return tuple(self.exercise(item, index, defaults) for index, item in enumerate(raw, 1))

    def defaults(self, raw: object) -> Defaults:
        if not isinstance(raw, dict):
            self.report("defaults", "must be a table", "a [defaults] table")
            return Defaults()
        self.reject_unknown(raw, DEFAULTS_KEYS, "defaults")
        base = Defaults()
        return Defaults(
            rest=self.value(raw, "rest", "defaults.rest", _rest_span, base.rest, EFFORT_HELP),
            lead_in=self.value(
                raw, "lead_in", "defaults.lead_in", _zero_duration, base.lead_in, DURATION_HELP
            ),
            switch_sides=self.value(
                raw,
                "switch_sides",
                "defaults.switch_sides",
                _zero_duration,
                base.switch_sides,
                DURATION_HELP,
            ),
            rep_pace=self.value(
                raw, "rep_pace", "defaults.rep_pace", parse_duration, base.rep_pace, DURATION_HELP
            ),
        )

    def exercise(self, raw: Mapping[str, Any], index: int, defaults: Defaults) -> Exercise:
        prefix = f"exercise[{index}]"
        self.reject_unknown(raw, EXERCISE_KEYS, prefix)
        name = self.text(raw, "name", required=True, prefix=prefix)
        has_hold, has_reps = "hold" in raw, "reps" in raw
        if has_hold and has_reps:
            self.report(f"{prefix}.reps", "has both hold and reps", "exactly one of hold or reps")
        if not has_hold and not has_reps:
            self.report(
                prefix, f"{name!r} has neither hold nor reps", "exactly one of hold or reps"
            )
        hold = self.value(raw, "hold", f"{prefix}.hold", _hold_span, None, EFFORT_HELP)
        reps = self.value(raw, "reps", f"{prefix}.reps", parse_reps, None, REPS_HELP)
        sets = raw.get("sets", 1)
        if isinstance(sets, bool) or not isinstance(sets, int) or not 1 <= sets <= MAX_SETS:
            self.report(
                f"{prefix}.sets",
                f"must be a whole number from 1 to {MAX_SETS}, got {_show(sets)}",
                f"1 to {MAX_SETS}",
            )
            sets = 1
        per_side = self.flag(raw, "per_side", prefix)
        uses_load = self.flag(raw, "load", prefix)
        return Exercise(
            name=name,
            hold=hold,
            reps=reps,
            sets=sets,
            per_side=per_side,
            rest=self.value(raw, "rest", f"{prefix}.rest", _rest_span, defaults.rest, EFFORT_HELP),
            cue=self.text(raw, "cue", prefix=prefix),
            equipment=self.text(raw, "equipment", prefix=prefix),
            progression=self.text(raw, "progression", prefix=prefix),
            load=uses_load,
        )

    def flag(self, raw: Mapping[str, Any], name: str, prefix: str) -> bool:
        value = raw.get(name, False)
        if not isinstance(value, bool):
            self.report(
                f"{prefix}.{name}", f"must be true or false, got {_show(value)}", "true or false"
            )
            return False
        return value

    def value(
        self,
        raw: Mapping[str, Any],
        name: str,
        key: str,
        parse: Callable[[object], T],
        default: T,
        allowed: str,
    ) -> T:
        if name not in raw:
            return default
        try:
            return parse(raw[name])
        except DurationError as error:
            self.report(key, str(error), allowed)
            return default

    def text(
        self, raw: Mapping[str, Any], name: str, *, required: bool = False, prefix: str = ""
    ) -> str:
        key = f"{prefix}.{name}" if prefix else name
        if name not in raw:
            if required:
                self.report(key, "is missing", "a non-empty string", at=prefix)
            return ""
        value = raw[name]
        if not isinstance(value, str):
            self.report(key, f"must be a string, got {_type_name(value)}", "a string")
            return ""
        if required and not value.strip():
            self.report(key, "must not be empty", "a non-empty string")
        return self.shown(key, value.strip())

    def string_list(self, raw: Mapping[str, Any], name: str) -> tuple[str, ...]:
        value = raw.get(name, [])
        if not isinstance(value, list):
            self.report(name, f"must be a list of strings, got {_type_name(value)}", '["pre-run"]')
            return ()
        for number, item in enumerate(value, 1):
            if not isinstance(item, str):
                self.report(
                    name,
                    f"must be a list of strings, but item {number} is {_type_name(item)}",
                    '["pre-run"]',
                )
                return ()
        return tuple(self.shown(name, item) for item in value)

    def shown(self, key: str, value: str) -> str:
        """Text of the file as it may be shown: control characters made visible, and noted."""
        if has_control(value):
            self.warnings.append(self.error(key, CONTROL_WARNING, "printable text"))
            return visible(value)
        return value

    def reject_unknown(self, raw: Mapping[str, Any], known: tuple[str, ...], prefix: str) -> None:
        for name in raw:
            if name in known:
                continue
            key = visible(f"{prefix}.{name}" if prefix else name)
            guess = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            home = _home_of(name)
            if guess:
                hint = f"; did you mean {guess[0]!r}?"
            elif home:
                hint = f"; {home}"
            else:
                hint = ""
            self.report(key, f"unknown key {name!r}{hint}", ", ".join(known))


def _home_of(name: str) -> str:
    if name in DEFAULTS_KEYS:
        return "it belongs in the [defaults] table"
    if name in EXERCISE_KEYS:
        return "it belongs in an [[exercise]] table"
    if name in ROUTINE_KEYS:
        return "it belongs at the top of the file, before any [table]"
    return ""


EFFORT_HELP = f"{DURATION_HELP}; at most {describe_seconds(MAX_EFFORT_SECONDS)}"


def _rest_span(value: object) -> Span:
    return parse_span(value, allow_zero=True, limit=MAX_EFFORT_SECONDS)


def _hold_span(value: object) -> Span:
    return parse_span(value, limit=MAX_EFFORT_SECONDS)


def _zero_duration(value: object) -> int:
    return parse_duration(value, allow_zero=True)


def _type_name(value: object) -> str:
    names = {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "a table",
    }
    return names.get(type(value), f"a {type(value).__name__}")


def _show(value: object) -> str:
    if isinstance(value, (list, dict)):
        return _type_name(value)
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:37]}..."
