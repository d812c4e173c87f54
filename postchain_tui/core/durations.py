"""Parsing and formatting of the durations, ranges and rep counts used in routine files.

A duration is a whole number of seconds (``45``), or a string such as ``"45s"``, ``"90"``,
``"2min"``, ``"2m"`` or ``"1m30s"``. A range joins two durations with a dash: ``"15-30s"``,
``"60-90s"``, ``"1-2min"``; a unit written only after the second number applies to both.
Reps are a whole number (``10``) or a range (``"8-12"``). Durations are at most a day
(``MAX_SECONDS``) and rep counts at most ``MAX_REPS``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DURATION_HELP = (
    'a whole number of seconds such as 45, or a string such as "45s", "90", "2min", '
    '"1m30s", or a range such as "15-30s" or "1-2min"'
)
REPS_HELP = 'a whole number such as 10, or a range such as "8-12"'

MAX_SECONDS = 24 * 3600
MAX_REPS = 1000

_UNIT_SECONDS = {"s": 1, "sec": 1, "secs": 1, "m": 60, "min": 60, "mins": 60}
_SINGLE = re.compile(
    r"([0-9]+)[ \t]*(?:(min|mins|m)[ \t]*(?:([0-9]+)[ \t]*(secs|sec|s)?)?|(secs|sec|s))?"
)
_RANGE = re.compile(
    r"([0-9]+)[ \t]*(min|mins|m|secs|sec|s)?[ \t]*-[ \t]*([0-9]+)[ \t]*(min|mins|m|secs|sec|s)?"
)
_REP_RANGE = re.compile(r"([0-9]+)[ \t]*-[ \t]*([0-9]+)")
_COUNT = re.compile(r"[0-9]+")
_MAX_DIGITS = 12


class DurationError(ValueError):
    """A value that is not a valid duration, range or rep count."""


@dataclass(frozen=True, slots=True)
class Span:
    """A whole number of seconds or reps, or an inclusive range of them.

    Attributes:
        low: the low end, where a range starts.
        high: the high end; equal to ``low`` for a single value.
    """

    low: int
    high: int

    @property
    def is_range(self) -> bool:
        """True when the span allows more than one value."""
        return self.high != self.low

    def clamp(self, value: int) -> int:
        """Return ``value`` kept within the span."""
        return max(self.low, min(self.high, value))


def parse_duration(value: object, *, allow_zero: bool = False) -> int:
    """Parse one duration into whole seconds.

    Args:
        value: an int, or a string such as ``"45s"``, ``"2min"`` or ``"1m30s"``.
        allow_zero: whether ``0`` is acceptable (it is for switches that turn a gap off).

    Returns:
        The duration in seconds, at most ``MAX_SECONDS``.

    Raises:
        DurationError: when the value is not a duration, or is zero, negative or too long.
    """
    seconds = _to_seconds(value)
    return _checked_span(seconds, seconds, allow_zero=allow_zero, limit=MAX_SECONDS).low


def parse_span(value: object, *, allow_zero: bool = False, limit: int = MAX_SECONDS) -> Span:
    """Parse a duration or a range of durations.

    Args:
        value: an int or a string; ranges look like ``"15-30s"`` or ``"1-2min"``.
        allow_zero: whether ``0`` is acceptable (a rest of zero means no rest).
        limit: the longest duration accepted, in seconds.

    Returns:
        The span in seconds.

    Raises:
        DurationError: for anything else, a reversed range, or a zero, negative or too long
            duration.
    """
    if isinstance(value, str):
        match = _RANGE.fullmatch(value.strip())
        if match:
            low_text, low_unit, high_text, high_unit = match.groups()
            unit = high_unit or low_unit or "s"
            low = _number(low_text) * _UNIT_SECONDS[low_unit or unit]
            high = _number(high_text) * _UNIT_SECONDS[unit]
            return _checked_span(low, high, allow_zero=allow_zero, limit=limit)
    seconds = _to_seconds(value)
    return _checked_span(seconds, seconds, allow_zero=allow_zero, limit=limit)


def parse_reps(value: object) -> Span:
    """Parse a rep count or range.

    Args:
        value: an int such as ``10`` or a string such as ``"8-12"``.

    Returns:
        The span of reps.

    Raises:
        DurationError: for anything else, a reversed range, a count below one or above
            ``MAX_REPS``.
    """
    if isinstance(value, bool):
        raise DurationError("expected a rep count, got a boolean")
    if isinstance(value, int):
        return _checked_span(value, value, allow_zero=False, limit=MAX_REPS, unit=" reps")
    if isinstance(value, str):
        text = value.strip()
        match = _REP_RANGE.fullmatch(text)
        if match:
            low, high = _number(match.group(1)), _number(match.group(2))
            return _checked_span(low, high, allow_zero=False, limit=MAX_REPS, unit=" reps")
        if _COUNT.fullmatch(text):
            count = _number(text)
            return _checked_span(count, count, allow_zero=False, limit=MAX_REPS, unit=" reps")
        raise DurationError(f"{_quote(value)} is not a rep count")
    raise DurationError(f"expected a rep count, got {type(value).__name__}")


def format_seconds(seconds: float) -> str:
    """Format seconds as ``M:SS`` (or ``H:MM:SS`` from an hour up), rounding up.

    Rounding up is what a countdown shows: with 0.2 s left it still reads ``0:01``.
    """
    whole = max(0, int(-(-seconds // 1)))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def format_duration(seconds: float) -> str:
    """Format a measured duration as ``M:SS``, to the nearest second.

    A countdown rounds up (:func:`format_seconds`); a time that was measured rounds to the
    nearest second, so a total is never shown longer than its parts.
    """
    return format_seconds(int(seconds + 0.5) if seconds > 0 else 0)


def describe_seconds(seconds: int) -> str:
    """Describe a duration for people: ``45s``, ``2min``, ``1min 30s``."""
    minutes, secs = divmod(seconds, 60)
    if not minutes:
        return f"{secs}s"
    if not secs:
        return f"{minutes}min"
    return f"{minutes}min {secs}s"


def describe_span(span: Span, unit: str = "s") -> str:
    """Describe a span: ``15-30s``, ``60s`` or, for reps (``unit=""``), ``8-12``."""
    if unit == "s":
        if span.is_range:
            if span.low % 60 == 0 and span.high % 60 == 0:
                return f"{span.low // 60}-{span.high // 60}min"
            return f"{span.low}-{span.high}s"
        return describe_seconds(span.low)
    if span.is_range:
        return f"{span.low}-{span.high}{unit}"
    return f"{span.low}{unit}"


def _to_seconds(value: object) -> int:
    if isinstance(value, bool):
        raise DurationError("expected a duration, got a boolean")
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        match = _SINGLE.fullmatch(value.strip())
        if not match:
            raise DurationError(f"{_quote(value)} is not a duration")
        number, big_unit, small_number, _small_unit, _plain_unit = match.groups()
        if big_unit:
            extra = _number(small_number or "0")
            if extra >= 60:
                raise DurationError(
                    f"{_quote(value)} has {extra} seconds after the minutes; write 0 to 59 there"
                )
            return _number(number) * 60 + extra
        return _number(number)
    raise DurationError(f"expected a duration, got {type(value).__name__}")


def _quote(value: str) -> str:
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:36]}...{text[0]}"


def _number(digits: str) -> int:
    if len(digits.lstrip("0")) > _MAX_DIGITS:
        raise DurationError(f"{digits[:20]}... is far too large")
    return int(digits)


def _checked_span(
    low: int, high: int, *, allow_zero: bool, limit: int, unit: str = " seconds"
) -> Span:
    if low > high:
        raise DurationError(f"the range is reversed ({low} > {high}); write the low end first")
    if low < 0:
        raise DurationError("must not be negative" if allow_zero else "must be more than zero")
    if low == 0 and not allow_zero:
        raise DurationError("must be more than zero")
    if high > limit and unit == " seconds":
        raise DurationError(
            f"must be at most {limit} seconds ({describe_seconds(limit)}), got {high} seconds"
        )
    if high > limit:
        raise DurationError(f"must be at most {limit}{unit}, got {high}{unit}")
    return Span(low, high)
