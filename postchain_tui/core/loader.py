"""Reading routine files: TOML into strict ``Routine`` values, or a ``RoutineError``.

Every problem is reported with the file, the line where it can be told, the key path and what
is allowed (see ``core.routine_builder``). Nothing here raises anything else.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from postchain_tui.core.bounded_read import ROUTINE_LIMIT, read_bounded
from postchain_tui.core.routine import Routine, RoutineError
from postchain_tui.core.routine_builder import RoutineBuilder
from postchain_tui.core.routine_cache import RoutineCache
from postchain_tui.core.toml_lines import toml_error_line, toml_error_reason


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
                return RoutineBuilder("", path).routine(document, path.stem)
            except RoutineError:
                pass  # judged otherwise now: read the file, for the lines of the problem
    text, document = _parsed(_read(path), path)
    routine = RoutineBuilder(text, path).routine(document, path.stem)
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
    builder = RoutineBuilder(text, path)
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
    return RoutineBuilder(text, path).routine(document, fallback_id)


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
