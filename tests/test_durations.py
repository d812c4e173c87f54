"""Durations, ranges and rep counts as written in routine files."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postchain_tui.core.durations import (
    MAX_REPS,
    MAX_SECONDS,
    DurationError,
    Span,
    describe_span,
    format_duration,
    format_seconds,
    parse_duration,
    parse_reps,
    parse_span,
)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (45, 45),
        (1, 1),
        ("45s", 45),
        ("90", 90),
        ("2min", 120),
        ("2m", 120),
        ("2mins", 120),
        ("1m30s", 90),
        ("1m30", 90),
        ("1min 5s", 65),
        ("30sec", 30),
        ("30secs", 30),
        (" 45 s ", 45),
        ("007s", 7),
        (MAX_SECONDS, MAX_SECONDS),
        ("1440min", MAX_SECONDS),
    ],
)
def test_parse_duration_accepts(value: object, seconds: int) -> None:
    assert parse_duration(value) == seconds


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (0, "more than zero"),
        ("0", "more than zero"),
        ("0s", "more than zero"),
        ("0min", "more than zero"),
        (-5, "more than zero"),
        ("-5s", "is not a duration"),
        (1.5, "got float"),
        (30.0, "got float"),
        (True, "boolean"),
        (False, "boolean"),
        (None, "got NoneType"),
        ([30], "got list"),
        ("fast", "'fast' is not"),
        ("", "is not"),
        ("   ", "is not"),
        ("45 seconds", "is not"),
        ("1h", "is not"),
        ("15-30s", "is not"),
        ("4 5", "is not"),
        ("1.5min", "is not"),
        ("\u0663\u0660s", "is not"),
        ("\u00b2", "is not"),
        ("1m60s", "0 to 59"),
        (MAX_SECONDS + 1, f"at most {MAX_SECONDS}"),
        ("1441min", f"at most {MAX_SECONDS}"),
        pytest.param("9" * 30, "too large", id="30-digits"),
        pytest.param("9" * 5000 + "s", "too large", id="5000-digits"),
    ],
)
def test_parse_duration_rejects(value: object, fragment: str) -> None:
    with pytest.raises(DurationError) as caught:
        parse_duration(value)
    assert fragment in str(caught.value)


def test_parse_duration_zero_only_where_allowed() -> None:
    assert parse_duration(0, allow_zero=True) == 0
    assert parse_duration("0s", allow_zero=True) == 0
    with pytest.raises(DurationError, match="must not be negative"):
        parse_duration(-1, allow_zero=True)


def test_long_garbage_is_shortened_in_the_message() -> None:
    with pytest.raises(DurationError) as caught:
        parse_duration("x" * 500)
    assert len(str(caught.value)) < 250


@pytest.mark.parametrize(
    ("value", "span"),
    [
        ("15-30s", Span(15, 30)),
        ("60-90s", Span(60, 90)),
        ("1-2min", Span(60, 120)),
        ("1-2m", Span(60, 120)),
        ("1min-90s", Span(60, 90)),
        ("15 - 30 s", Span(15, 30)),
        ("15-30", Span(15, 30)),
        ("30-30s", Span(30, 30)),
        ("45s", Span(45, 45)),
        ("2min", Span(120, 120)),
        ("1m30s", Span(90, 90)),
        (30, Span(30, 30)),
    ],
)
def test_parse_span_accepts(value: object, span: Span) -> None:
    assert parse_span(value) == span


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("30-15s", "reversed (30 > 15)"),
        ("2-1min", "reversed (120 > 60)"),
        ("90-2min", "reversed"),
        ("0-30s", "more than zero"),
        (0, "more than zero"),
        (-10, "more than zero"),
        ("-5-10s", "is not"),
        ("15--30s", "is not"),
        ("1-2-3s", "is not"),
        ("15-30h", "is not"),
        ("15-", "is not"),
        ("-30s", "is not"),
        ("1-1441min", f"at most {MAX_SECONDS}"),
        (1.5, "got float"),
        (True, "boolean"),
        ("fast", "is not"),
    ],
)
def test_parse_span_rejects(value: object, fragment: str) -> None:
    with pytest.raises(DurationError) as caught:
        parse_span(value)
    assert fragment in str(caught.value)


def test_parse_span_zero_low_end_only_where_allowed() -> None:
    assert parse_span("0-30s", allow_zero=True) == Span(0, 30)
    assert parse_span(0, allow_zero=True) == Span(0, 0)
    with pytest.raises(DurationError, match="must not be negative"):
        parse_span(-30, allow_zero=True)


def test_span_range_and_clamp() -> None:
    span = Span(15, 30)
    assert span.is_range
    assert not Span(30, 30).is_range
    assert span.clamp(5) == 15
    assert span.clamp(20) == 20
    assert span.clamp(45) == 30


@pytest.mark.parametrize(
    ("value", "span"),
    [
        (10, Span(10, 10)),
        (1, Span(1, 1)),
        ("10", Span(10, 10)),
        ("8-12", Span(8, 12)),
        (" 8 - 12 ", Span(8, 12)),
        ("5-5", Span(5, 5)),
        (MAX_REPS, Span(MAX_REPS, MAX_REPS)),
    ],
)
def test_parse_reps_accepts(value: object, span: Span) -> None:
    assert parse_reps(value) == span


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (0, "more than zero"),
        (-1, "more than zero"),
        ("0", "more than zero"),
        ("0-5", "more than zero"),
        ("12-8", "reversed (12 > 8)"),
        (1.5, "got float"),
        (True, "boolean"),
        (None, "got NoneType"),
        ("ten", "'ten' is not"),
        ("10s", "is not"),
        ("8-12s", "is not"),
        ("-3", "is not"),
        ("\u00b2", "is not"),
        ("\u0661\u0660", "is not"),
        (MAX_REPS + 1, f"at most {MAX_REPS} reps"),
        ("1-1001", f"at most {MAX_REPS} reps"),
        pytest.param("9" * 5000, "too large", id="5000-digits"),
    ],
)
def test_parse_reps_rejects(value: object, fragment: str) -> None:
    with pytest.raises(DurationError) as caught:
        parse_reps(value)
    assert fragment in str(caught.value)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0.2, "0:01"),
        (27, "0:27"),
        (3600, "1:00:00"),
        (0, "0:00"),
        (-3, "0:00"),
        (1, "0:01"),
        (59.01, "1:00"),
        (60, "1:00"),
        (61, "1:01"),
        (90, "1:30"),
        (599.5, "10:00"),
        (3599.5, "1:00:00"),
        (3661, "1:01:01"),
        (36000, "10:00:00"),
    ],
)
def test_format_seconds_rounds_up(seconds: float, text: str) -> None:
    assert format_seconds(seconds) == text


@pytest.mark.parametrize(
    ("span", "unit", "text"),
    [
        (Span(15, 30), "s", "15-30s"),
        (Span(60, 90), "s", "60-90s"),
        (Span(60, 120), "s", "1-2min"),
        (Span(45, 45), "s", "45s"),
        (Span(90, 90), "s", "1min 30s"),
        (Span(120, 120), "s", "2min"),
        (Span(8, 12), "", "8-12"),
        (Span(10, 10), "", "10"),
    ],
)
def test_describe_span(span: Span, unit: str, text: str) -> None:
    assert describe_span(span, unit) == text


spans = st.integers(1, MAX_SECONDS).flatmap(
    lambda low: st.builds(Span, st.just(low), st.integers(low, MAX_SECONDS))
)


@settings(max_examples=300, deadline=None)
@given(spans)
def test_described_span_parses_back(span: Span) -> None:
    assert parse_span(describe_span(span)) == span


@settings(max_examples=200, deadline=None)
@given(st.integers(1, MAX_REPS), st.integers(0, MAX_REPS))
def test_described_reps_parse_back(low: int, extra: int) -> None:
    span = Span(low, min(MAX_REPS, low + extra))
    assert parse_reps(describe_span(span, "")) == span


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 1439), st.integers(0, 59))
def test_minutes_and_seconds(minutes: int, seconds: int) -> None:
    total = minutes * 60 + seconds
    if total == 0:
        with pytest.raises(DurationError):
            parse_duration(f"{minutes}m{seconds}s")
    else:
        assert parse_duration(f"{minutes}m{seconds}s") == total
        assert parse_duration(f"{minutes}min {seconds}s") == total


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (0.0, "0:00"),
        (0.4, "0:00"),
        (0.5, "0:01"),
        (9.6, "0:10"),
        (59.49, "0:59"),
        (3600.2, "1:00:00"),
    ],
)
def test_format_duration_rounds_a_measured_time_to_the_nearest_second(
    seconds: float, shown: str
) -> None:
    assert format_duration(seconds) == shown
