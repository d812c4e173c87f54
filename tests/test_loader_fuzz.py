"""Fuzzing the loader: whatever it is given, it returns a ``Routine`` or raises ``RoutineError``."""

from __future__ import annotations

import copy
import re
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postchain_tui.core.durations import (
    MAX_REPS,
    MAX_SECONDS,
    DurationError,
    Span,
    describe_span,
    parse_duration,
    parse_reps,
    parse_span,
)
from postchain_tui.core.loader import parse_routine
from postchain_tui.core.routine import Routine, RoutineError
from postchain_tui.core.routine_builder import (
    DEFAULTS_KEYS,
    EXERCISE_KEYS,
    MAX_EFFORT_SECONDS,
    MAX_SETS,
    ROUTINE_KEYS,
)

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PATH = Path("fuzz.toml")
BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
ROUTINE_DATA = Path(__file__).parent / "data" / "routines"


def check_routine(routine: Routine) -> None:
    """Assert what every loaded routine guarantees."""
    assert re.fullmatch(r"[a-z0-9][a-z0-9_-]*", routine.id)
    assert routine.title and routine.title == routine.title.strip()
    assert routine.exercises
    assert routine.week is None or routine.week >= 1
    assert all(isinstance(tag, str) for tag in routine.tags)
    for exercise in routine.exercises:
        assert exercise.name and exercise.name == exercise.name.strip()
        assert (exercise.hold is None) != (exercise.reps is None)
        work = exercise.hold or exercise.reps
        assert work is not None and 1 <= work.low <= work.high
        assert 1 <= exercise.sets <= MAX_SETS
        assert isinstance(exercise.per_side, bool)
        assert 0 <= exercise.rest.low <= exercise.rest.high <= MAX_EFFORT_SECONDS


def outcome(data: str | bytes, path: Path | None = PATH) -> Routine | RoutineError:
    """Parse ``data``; return the routine or the error, failing on any other exception."""
    lines = (data.count(b"\n") if isinstance(data, bytes) else data.count("\n")) + 1
    try:
        routine = parse_routine(data, path=path, default_id="fuzz")
    except RoutineError as error:
        assert type(error) is RoutineError
        assert error.message
        assert error.path == path
        if path is not None:
            assert str(error).startswith(str(path))
        assert error.line is None or 1 <= error.line <= lines
        return error
    check_routine(routine)
    return routine


# Arbitrary input


@FUZZ
@given(st.text())
def test_any_text(text: str) -> None:
    result = outcome(text, path=None)
    if not text.strip():
        assert isinstance(result, RoutineError)
        assert result.message == "is empty"


TOMLISH = st.text(alphabet=st.sampled_from(list("[]{}=\"'.,#-_ \n\tabehilmnorstx019")), max_size=80)


@FUZZ
@given(TOMLISH)
def test_toml_like_text(text: str) -> None:
    outcome(text)


@FUZZ
@given(st.binary())
def test_any_bytes(data: bytes) -> None:
    result = outcome(data)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        assert isinstance(result, RoutineError)
        assert result.message.startswith("is not UTF-8 text")


GOOD_BYTES = sorted(path.read_bytes() for path in (ROUTINE_DATA / "good").glob("*.toml"))


@st.composite
def damaged_files(draw: st.DrawFn) -> bytes:
    """A good fixture with a few bytes overwritten, inserted or cut."""
    data = bytearray(draw(st.sampled_from(GOOD_BYTES)))
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["set", "insert", "cut"]))
        if action == "set":
            data[position] = draw(st.integers(0, 255))
        elif action == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=6))
        else:
            del data[position : position + draw(st.integers(1, 10))]
    return bytes(data)


@FUZZ
@given(damaged_files())
def test_damaged_good_files(data: bytes) -> None:
    outcome(data)


# Arbitrary TOML documents

# Text a routine shows as written: control and format characters are shown as symbols, which
# test_loader.py covers.
PRINTABLE = st.characters(blacklist_categories=("Cc", "Cf", "Cs"))
KEYS = st.one_of(
    st.sampled_from(sorted({*ROUTINE_KEYS, *DEFAULTS_KEYS, *EXERCISE_KEYS, "hodl", "Rest"})),
    st.text(PRINTABLE, max_size=12),
)
SCALARS = st.one_of(
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(),
    st.text(max_size=20),
    st.sampled_from(["30s", "15-30s", "1-2min", "8-12", "0", "-5", "30-15s", "1m30s"]),
    st.dates(),
    st.times(),
    st.datetimes(timezones=st.sampled_from([None, UTC])),
)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=4),
    max_leaves=10,
)


@FUZZ
@given(st.dictionaries(KEYS, VALUES, max_size=8))
def test_any_toml_document(document: dict[str, Any]) -> None:
    outcome(tomli_w.dumps(document))


# Valid routines, and the same with one thing changed


@st.composite
def spans(draw: st.DrawFn, low_min: int = 1) -> tuple[object, Span]:
    """A duration as a routine file may write it, with the span it stands for."""
    low = draw(st.integers(low_min, MAX_EFFORT_SECONDS))
    high = draw(st.one_of(st.just(low), st.integers(low, MAX_EFFORT_SECONDS)))
    span = Span(low, high)
    if low == high:
        forms: list[object] = [low, f"{low}s", f"{low}", describe_span(span)]
        if low and low % 60 == 0:
            forms += [f"{low // 60}min", f"{low // 60}m"]
    else:
        forms = [f"{low}-{high}s", f"{low} - {high}", describe_span(span)]
    return draw(st.sampled_from(forms)), span


@st.composite
def rep_counts(draw: st.DrawFn) -> tuple[object, Span]:
    low = draw(st.integers(1, 50))
    high = draw(st.one_of(st.just(low), st.integers(low, 50)))
    if low == high:
        return draw(st.sampled_from([low, str(low)])), Span(low, low)
    return f"{low}-{high}", Span(low, high)


NAMES = st.text(PRINTABLE, min_size=1, max_size=20).filter(lambda text: bool(text.strip()))


@st.composite
def routines(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """A valid routine document, and what loading it must give."""
    document: dict[str, Any] = {"title": draw(NAMES)}
    expected: dict[str, Any] = {"title": document["title"].strip(), "id": "fuzz"}
    if draw(st.booleans()):
        document["id"] = draw(st.from_regex(r"[a-z0-9][a-z0-9_-]{0,10}", fullmatch=True))
        expected["id"] = document["id"]
    if draw(st.booleans()):
        document["tags"] = draw(st.lists(st.text(PRINTABLE, max_size=8), max_size=3))
    if draw(st.booleans()):
        document["week"] = draw(st.integers(1, 52))
    default_rest = Span(30, 30)
    if draw(st.booleans()):
        rest, default_rest = draw(spans(low_min=0))
        document["defaults"] = {"rest": rest, "lead_in": draw(st.integers(0, 10))}
    exercises = []
    expected_exercises = []
    for _ in range(draw(st.integers(1, 3))):
        name = draw(NAMES)
        exercise: dict[str, Any] = {"name": name}
        timed = draw(st.booleans())
        value, work = draw(spans() if timed else rep_counts())
        exercise["hold" if timed else "reps"] = value
        sets = draw(st.integers(1, MAX_SETS))
        if sets != 1 or draw(st.booleans()):
            exercise["sets"] = sets
        per_side = draw(st.booleans())
        if per_side or draw(st.booleans()):
            exercise["per_side"] = per_side
        rest_span = default_rest
        if draw(st.booleans()):
            exercise["rest"], rest_span = draw(spans(low_min=0))
        exercises.append(exercise)
        expected_exercises.append(
            (
                name.strip(),
                work if timed else None,
                None if timed else work,
                sets,
                per_side,
                rest_span,
            )
        )
    document["exercise"] = exercises
    expected["exercises"] = expected_exercises
    return document, expected


@FUZZ
@given(routines())
def test_valid_routines_load_as_written(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    document, expected = case
    routine = outcome(tomli_w.dumps(document))
    assert isinstance(routine, Routine), routine
    assert (routine.id, routine.title) == (expected["id"], expected["title"])
    assert [
        (ex.name, ex.hold, ex.reps, ex.sets, ex.per_side, ex.rest) for ex in routine.exercises
    ] == expected["exercises"]


def tables_of(document: dict[str, Any]) -> list[tuple[str, dict[str, Any], tuple[str, ...]]]:
    """Each table of a routine document: its key prefix, the table and the keys it allows."""
    tables: list[tuple[str, dict[str, Any], tuple[str, ...]]] = [("", document, ROUTINE_KEYS)]
    if "defaults" in document:
        tables.append(("defaults.", document["defaults"], DEFAULTS_KEYS))
    for number, exercise in enumerate(document["exercise"], 1):
        tables.append((f"exercise[{number}].", exercise, EXERCISE_KEYS))
    return tables


@FUZZ
@given(routines(), st.data())
def test_routines_with_a_value_replaced(
    case: tuple[dict[str, Any], dict[str, Any]], data: st.DataObject
) -> None:
    document = copy.deepcopy(case[0])
    slots = [(table, key) for _prefix, table, _known in tables_of(document) for key in table]
    chosen = data.draw(st.lists(st.sampled_from(slots), min_size=1, max_size=3))
    for table, key in chosen:
        table[key] = data.draw(VALUES)
    outcome(tomli_w.dumps(document))


@FUZZ
@given(routines(), st.data())
def test_routines_with_an_unknown_key(
    case: tuple[dict[str, Any], dict[str, Any]], data: st.DataObject
) -> None:
    document = copy.deepcopy(case[0])
    prefix, table, known = data.draw(st.sampled_from(tables_of(document)))
    name = data.draw(KEYS.filter(lambda key: key not in known))
    table[name] = data.draw(SCALARS)
    text = tomli_w.dumps(document)
    error = outcome(text)
    assert isinstance(error, RoutineError)
    assert error.key == prefix + name
    assert error.message.startswith(f"unknown key {name!r}")
    if error.line is not None:
        assert name in text.split("\n")[error.line - 1]
    elif BARE_KEY.fullmatch(name):
        assert prefix.startswith("exercise["), "tomli_w writes exercises as inline tables"


@FUZZ
@given(routines(), st.data())
def test_routines_with_a_required_key_removed(
    case: tuple[dict[str, Any], dict[str, Any]], data: st.DataObject
) -> None:
    document = copy.deepcopy(case[0])
    number = data.draw(st.integers(0, len(document["exercise"])))
    if number == 0:
        del document["title"]
        expected_key = "title"
    else:
        exercise = document["exercise"][number - 1]
        removed = data.draw(st.sampled_from(["name", "hold" if "hold" in exercise else "reps"]))
        del exercise[removed]
        expected_key = f"exercise[{number}].name" if removed == "name" else f"exercise[{number}]"
    error = outcome(tomli_w.dumps(document))
    assert isinstance(error, RoutineError)
    assert error.key == expected_key


# Durations

ANY_VALUE = st.one_of(
    st.text(max_size=20),
    st.from_regex(r"\d{1,5}\s?(s|m|min|sec)?(\s?-\s?\d{1,5}\s?(s|m|min)?)?", fullmatch=True),
    st.from_regex(r"\d{1,3}m\d{1,3}s?", fullmatch=True),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.none(),
    st.lists(st.integers(), max_size=2),
)


@FUZZ
@given(ANY_VALUE, st.booleans())
def test_parse_duration_returns_seconds_or_raises(value: object, allow_zero: bool) -> None:
    try:
        seconds = parse_duration(value, allow_zero=allow_zero)
    except DurationError as error:
        assert str(error)
        return
    assert type(seconds) is int
    assert (0 if allow_zero else 1) <= seconds <= MAX_SECONDS


@FUZZ
@given(ANY_VALUE, st.booleans())
def test_parse_span_returns_a_span_or_raises(value: object, allow_zero: bool) -> None:
    try:
        span = parse_span(value, allow_zero=allow_zero)
    except DurationError as error:
        assert str(error)
        return
    assert (0 if allow_zero else 1) <= span.low <= span.high <= MAX_SECONDS
    if not isinstance(value, str) or "-" not in value:
        assert parse_duration(value, allow_zero=allow_zero) == span.low


@FUZZ
@given(ANY_VALUE)
def test_parse_reps_returns_a_span_or_raises(value: object) -> None:
    try:
        span = parse_reps(value)
    except DurationError as error:
        assert str(error)
        return
    assert 1 <= span.low <= span.high <= MAX_REPS


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("\u0663\u0660s", id="arabic-indic-digits"),
        pytest.param("\u00b2", id="superscript-two"),
        pytest.param("1\u20030s", id="em-space"),
        pytest.param("9" * 5000, id="5000-digits"),
    ],
)
def test_values_fuzzing_found(value: str) -> None:
    for parse in (parse_duration, parse_span, parse_reps):
        with pytest.raises(DurationError):
            parse(value)
