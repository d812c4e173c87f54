"""Reading routine files: TOML into strict ``Routine`` values, or a ``RoutineError``.

Every problem is reported with the file, the line where it can be told, the key path and what
is allowed; unknown keys are errors with a did-you-mean. Nothing here raises anything else.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from postchain_tui.core.bounded_read import ROUTINE_LIMIT, read_bounded
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
from postchain_tui.core.routine_cache import RoutineCache
from postchain_tui.core.text_safety import has_control, visible

if TYPE_CHECKING:
    import tomllib

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
ID_HELP = "lower-case letters, digits, '-' and '_', starting with a letter or digit"
MAX_SETS = 20
MAX_EFFORT_SECONDS = 10 * 60
"""The longest hold or rest a routine may ask for: longer is a typing mistake, not training."""
CONTROL_WARNING = "holds control characters; they are shown as symbols, not obeyed"

T = TypeVar("T")


def load_routine(path: Path, cache: RoutineCache | None = None) -> Routine:
    """Load and validate one routine file.

    Args:
        path: the ``.toml`` file.
        cache: parsed documents kept from earlier starts; the file is parsed only when its
            document is not kept, and a valid one is kept for next time.

    Returns:
        The routine; its id defaults to the file name without ``.toml``.

    Raises:
        RoutineError: for any problem, naming the file, line, key and what is allowed.
    """
    stamp = cache.stamp(path) if cache is not None else None
    if cache is not None:
        document = cache.document(path, stamp)
        if document is not None:
            try:
                # Valid when kept, and unchanged since: it builds the same routine again.
                return _Builder("", path).routine(document, path.stem)
            except RoutineError:
                pass  # judged otherwise now: read the file, for the lines of the problem
    text, document = _parsed(_read(path), path)
    routine = _Builder(text, path).routine(document, path.stem)
    if cache is not None:
        cache.keep(path, stamp, document)
    return routine


@dataclass(frozen=True, slots=True)
class RoutineReport:
    """What ``postchain check`` says about one routine file.

    Attributes:
        routine: the routine, when the file is valid.
        problems: every problem that makes it invalid, in the order of the file's checks.
        warnings: what is accepted but worth fixing (control characters in its text).
    """

    routine: Routine | None
    problems: tuple[RoutineError, ...] = ()
    warnings: tuple[RoutineError, ...] = ()


def check_routine(path: Path) -> RoutineReport:
    """Check one routine file, collecting every problem and warning rather than the first.

    Args:
        path: the ``.toml`` file.

    Returns:
        The report; it never raises.
    """
    try:
        text, document = _parsed(_read(path), path)
    except RoutineError as error:
        return RoutineReport(None, error.problems)
    builder = _Builder(text, path)
    try:
        routine = builder.routine(document, path.stem)
    except RoutineError as error:
        return RoutineReport(None, error.problems, tuple(builder.warnings))
    return RoutineReport(routine, (), tuple(builder.warnings))


def _read(path: Path) -> bytes:
    try:
        return read_bounded(path, ROUTINE_LIMIT)
    except OSError as error:
        raise RoutineError(
            f"cannot be read: {error.strerror or error}",
            path=path,
            allowed="a readable .toml file",
        ) from None


def parse_routine(data: bytes | str, *, path: Path | None = None, default_id: str = "") -> Routine:
    """Validate routine text.

    Args:
        data: the file's bytes (or text).
        path: where it came from, for messages and the default id.
        default_id: the id to use when the file sets none and there is no path.

    Returns:
        The routine.

    Raises:
        RoutineError: for any problem.
    """
    text, document = _parsed(data, path)
    fallback_id = path.stem if path is not None else default_id
    return _Builder(text, path).routine(document, fallback_id)


def _parsed(data: bytes | str, path: Path | None) -> tuple[str, dict[str, Any]]:
    """The text of a routine file and the TOML document in it."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise RoutineError(
                f"is not UTF-8 text (byte {error.start} cannot be read)",
                path=path,
                line=line,
                allowed="a text file saved as UTF-8",
            ) from None
    else:
        text = data.removeprefix("\ufeff")
    if not text.strip():
        raise RoutineError(
            "is empty", path=path, allowed="a TOML routine with a title and [[exercise]] tables"
        )
    import tomllib  # only for a file the routine cache does not have

    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RoutineError(
            f"is not valid TOML: {toml_error_reason(error)}",
            path=path,
            line=toml_error_line(error, text),
            allowed="TOML syntax, see docs/routines.md",
        ) from None
    except ValueError as error:
        reason = str(error).split(";")[0]
        raise RoutineError(
            f"is not valid TOML: {reason}", path=path, allowed="TOML syntax, see docs/routines.md"
        ) from None
    except RecursionError:
        raise RoutineError(
            "is not valid TOML: arrays or tables are nested too deeply",
            path=path,
            allowed="a routine nested a few levels at most",
        ) from None


class _Builder:
    """Turns a parsed TOML document into a ``Routine``, locating keys in the text for errors.

    Every problem of the document is collected before one is raised, so a file with four
    mistakes is fixed in one round; the error raised carries the others.
    """

    def __init__(self, text: str, path: Path | None) -> None:
        self.lines = text.split("\n")
        self.path = path
        self.problems: list[RoutineError] = []
        self.warnings: list[RoutineError] = []

    def error(
        self, key: str, message: str, allowed: str = "", *, at: str | None = None
    ) -> RoutineError:
        """A ``RoutineError`` for ``key``, on the line of ``at`` (by default the key itself)."""
        line = self.locate(key if at is None else at)
        return RoutineError(message, path=self.path, line=line, key=key, allowed=allowed)

    def report(self, key: str, message: str, allowed: str = "", *, at: str | None = None) -> None:
        """Note a problem and go on, so that the next one is found too."""
        self.problems.append(self.error(key, message, allowed, at=at))

    def routine(self, document: Mapping[str, Any], fallback_id: str) -> Routine:
        self.reject_unknown(document, ROUTINE_KEYS, "")
        title = self.text(document, "title", required=True)
        routine_id = self.text(document, "id") or fallback_id
        if not ID_PATTERN.fullmatch(routine_id):
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

    def locate(self, key: str) -> int | None:
        """Find the line a key path is written on, for messages; None when it cannot be told."""
        in_exercise = re.fullmatch(r"exercise\[(\d+)\](?:\.(.+))?", key, re.DOTALL)
        if in_exercise:
            headers = self.headers("exercise", array=True)
            position = int(in_exercise.group(1)) - 1
            if position >= len(headers):
                return None
            start = headers[position]
            name = in_exercise.group(2)
            if name is None:
                return start + 1
            return self.find_key(name, start + 1, _next_header(self.lines, start + 1))
        if key.startswith("defaults."):
            headers = self.headers("defaults", array=False)
            if not headers:
                return None
            start = headers[0]
            name = key.removeprefix("defaults.")
            return self.find_key(name, start + 1, _next_header(self.lines, start + 1))
        line = self.find_key(key, 0, _next_header(self.lines, 0))
        if line is not None:
            return line
        headers = self.headers(key, array=None)
        return headers[0] + 1 if headers else None

    def find_key(self, name: str, start: int, end: int) -> int | None:
        """The 1-based line in ``lines[start:end]`` that sets ``name``, or None."""
        pattern = re.compile(rf"\s*{_key_pattern(name)}\s*[=.]")
        for i in range(start, end):
            if pattern.match(self.lines[i]):
                return i + 1
        return None

    def headers(self, name: str, *, array: bool | None) -> list[int]:
        """0-based lines of ``[name]`` (array False), ``[[name]]`` (True) or either (None)."""
        key = _key_pattern(name)
        if array is None:
            pattern = re.compile(rf"\s*(?:\[\[\s*{key}\s*\]\]|\[\s*{key}\s*\])")
        elif array:
            pattern = re.compile(rf"\s*\[\[\s*{key}\s*\]\]")
        else:
            pattern = re.compile(rf"\s*\[\s*{key}\s*\](?!\])")
        return [i for i, line in enumerate(self.lines) if pattern.match(line)]


def _home_of(name: str) -> str:
    if name in DEFAULTS_KEYS:
        return "it belongs in the [defaults] table"
    if name in EXERCISE_KEYS:
        return "it belongs in an [[exercise]] table"
    if name in ROUTINE_KEYS:
        return "it belongs at the top of the file, before any [table]"
    return ""


def _next_header(lines: list[str], start: int) -> int:
    for i in range(start, len(lines)):
        if re.match(r"^\s*\[", lines[i]):
            return i
    return len(lines)


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


def toml_error_reason(error: tomllib.TOMLDecodeError) -> str:
    """What a TOML syntax error says, without its position."""
    message = getattr(error, "msg", None) or str(error)
    return re.sub(r"\s*\(at (?:line \d+, column \d+|end of document)\)$", "", str(message))


def toml_error_line(error: tomllib.TOMLDecodeError, text: str) -> int | None:
    """The 1-based line a TOML syntax error is on, when it can be told."""
    line = getattr(error, "lineno", None)
    if isinstance(line, int):
        return line
    message = str(error)
    match = re.search(r"\(at line (\d+), column \d+\)$", message)
    if match:
        return int(match.group(1))
    if message.endswith("(at end of document)"):
        return text.rstrip().count("\n") + 1
    return None


def _key_pattern(name: str) -> str:
    """A regex matching ``name`` written as a bare, basic-quoted or literal-quoted TOML key."""
    escaped = re.escape(name)
    return rf"(?:{escaped}|\"{escaped}\"|'{escaped}')"


def _show(value: object) -> str:
    if isinstance(value, (list, dict)):
        return _type_name(value)
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:37]}..."
