"""Loading routine files: the values a good file gives, and how each mistake is reported."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from postchain_tui.core.durations import Span
from postchain_tui.core.loader import check_routine, load_routine, parse_routine
from postchain_tui.core.plan import PlannedStep, Side, StepKind, build_plan
from postchain_tui.core.routine import Defaults, Exercise, Routine, RoutineError

BAD_CASES = [
    ("not_toml.toml", "", 11, "is not valid TOML: Invalid value"),
    ("unterminated_string.toml", "", 27, "is not valid TOML"),
    ("duplicate_key.toml", "", 14, "is not valid TOML: Cannot overwrite a value"),
    ("not_utf8.toml", "", 2, "is not UTF-8 text"),
    ("empty.toml", "", None, "is empty"),
    ("extra_key.toml", "difficulty", 5, "unknown key 'difficulty'"),
    ("misspelled_key.toml", "exercise[3].hodl", 25, "did you mean 'hold'?"),
    ("unknown_defaults_key.toml", "defaults.leadin", 8, "did you mean 'lead_in'?"),
    ("wrong_type_sets.toml", "exercise[1].sets", 13, "from 1 to 20, got 'three'"),
    ("wrong_type_title.toml", "title", 2, "must be a string, got a number"),
    ("zero_sets.toml", "exercise[2].sets", 19, "got 0"),
    ("negative_sets.toml", "exercise[1].sets", 13, "got -2"),
    ("too_many_sets.toml", "exercise[2].sets", 19, "got 51"),
    ("zero_hold.toml", "exercise[3].hold", 25, "must be more than zero"),
    ("negative_rest.toml", "exercise[2].rest", 21, "must not be negative"),
    ("hold_too_long.toml", "exercise[1].hold", 12, "at most 600 seconds (10min), got 90000"),
    ("reversed_range.toml", "exercise[1].hold", 12, "range is reversed (30 > 15)"),
    ("reversed_reps.toml", "exercise[2].reps", 18, "range is reversed (12 > 8)"),
    ("both_hold_and_reps.toml", "exercise[1].reps", 13, "has both hold and reps"),
    ("neither_hold_nor_reps.toml", "exercise[3]", 23, "'Samson stretch' has neither hold"),
    ("no_exercises.toml", "exercise", None, "no exercises"),
    ("exercise_not_table.toml", "exercise", 5, "must be a list of tables"),
    ("missing_title.toml", "title", None, "is missing"),
    ("missing_name.toml", "exercise[2].name", 16, "is missing"),
    ("bad_duration_string.toml", "exercise[3].hold", 25, "'fast' is not a duration"),
    ("bad_default_rest.toml", "defaults.rest", 7, "'soon' is not a duration"),
    ("defaults_not_table.toml", "defaults", 5, "must be a table"),
    ("bad_id.toml", "id", 3, "'Bad ID!' is not a valid id"),
    ("per_side_not_bool.toml", "exercise[2].per_side", 20, "must be true or false, got 'yes'"),
    ("week_zero.toml", "week", 5, "from 1 up, got 0"),
    ("tags_not_strings.toml", "tags", 4, "item 2 is a number"),
]


@pytest.mark.parametrize(
    ("filename", "key", "line", "fragment"), BAD_CASES, ids=[case[0] for case in BAD_CASES]
)
def test_bad_routine_is_reported(
    routine_data: Path, filename: str, key: str, line: int | None, fragment: str
) -> None:
    path = routine_data / "bad" / filename
    with pytest.raises(RoutineError) as caught:
        load_routine(path)
    error = caught.value
    assert type(error) is RoutineError
    assert (error.path, error.key, error.line) == (path, key, line)
    assert fragment in error.message
    assert error.allowed
    text = str(error)
    where = f"{path}:{line}" if line is not None else str(path)
    assert text.startswith(f"{where}: {key}: " if key else f"{where}: ")
    assert text.endswith(f"(allowed: {error.allowed})")


def test_every_bad_file_has_a_case(routine_data: Path) -> None:
    files = sorted(path.name for path in (routine_data / "bad").glob("*.toml"))
    assert files == sorted(case[0] for case in BAD_CASES)


def test_bad_files_are_one_mistake_away_from_good(routine_data: Path) -> None:
    base = (routine_data / "bad" / "misspelled_key.toml").read_text(encoding="utf-8")
    fixed = parse_routine(base.replace('hodl = "1min"', 'hold = "1min"'), default_id="fixed")
    assert [exercise.name for exercise in fixed.exercises] == [
        "Glute bridge hold",
        "Single-leg Romanian deadlift",
        "Samson stretch",
    ]


def test_not_utf8_fixture_holds_the_raw_byte(routine_data: Path) -> None:
    data = (routine_data / "bad" / "not_utf8.toml").read_bytes()
    assert b'title = "Caf\xe9 stretches"' in data
    assert data.count(b"\n", 0, data.index(b"\xe9 ")) == 1


def test_an_unknown_key_with_no_near_match_has_no_guess(routine_data: Path) -> None:
    with pytest.raises(RoutineError) as caught:
        load_routine(routine_data / "bad" / "extra_key.toml")
    assert "did you mean" not in caught.value.message
    assert "title, id, kind, summary" in caught.value.allowed


def test_error_text_format() -> None:
    full = RoutineError("is wrong", path=Path("a.toml"), line=3, key="k", allowed="x")
    assert str(full) == "a.toml:3: k: is wrong (allowed: x)"
    assert str(RoutineError("is empty")) == "is empty"
    assert str(RoutineError("bad", path=Path("b.toml"), key="title")) == "b.toml: title: bad"


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"
    with pytest.raises(RoutineError) as caught:
        load_routine(path)
    assert caught.value.path == path
    assert caught.value.line is None
    assert caught.value.message.startswith("cannot be read")


def test_directory_is_not_a_routine(tmp_path: Path) -> None:
    with pytest.raises(RoutineError, match="cannot be read"):
        load_routine(tmp_path)


GOOD_TEXT = """\
title = "Bridges"

[[exercise]]
name = "Glute bridge"
reps = 10
"""


def error_for(text: str | bytes) -> RoutineError:
    with pytest.raises(RoutineError) as caught:
        parse_routine(text, default_id="test")
    return caught.value


def test_parse_routine_without_a_path_uses_default_id() -> None:
    routine = parse_routine(GOOD_TEXT, default_id="bridges")
    assert routine.id == "bridges"
    assert routine.path is None
    error = error_for(GOOD_TEXT + "hodl = 3\n")
    assert str(error).startswith("line 6: exercise[1].hodl: ")


def test_no_id_anywhere_is_an_error() -> None:
    with pytest.raises(RoutineError) as caught:
        parse_routine(GOOD_TEXT)
    assert caught.value.key == "id"
    assert "is not a valid id" in caught.value.message


@pytest.mark.parametrize("device", ["con", "nul", "aux", "prn", "com1", "lpt9"])
def test_an_id_windows_keeps_for_a_device_is_refused(device: str) -> None:
    with pytest.raises(RoutineError) as caught:
        parse_routine(GOOD_TEXT, default_id=device)
    assert caught.value.key == "id"
    assert "con, prn, aux, nul" in caught.value.allowed
    assert parse_routine(GOOD_TEXT, default_id=f"{device}-day").id == f"{device}-day"


def test_file_name_that_is_not_an_id(tmp_path: Path) -> None:
    path = tmp_path / "My Routine.toml"
    path.write_text(GOOD_TEXT, encoding="utf-8")
    with pytest.raises(RoutineError) as caught:
        load_routine(path)
    assert (caught.value.key, caught.value.line) == ("id", None)
    assert "'My Routine'" in caught.value.message
    path.write_text('id = "my-routine"\n' + GOOD_TEXT, encoding="utf-8")
    assert load_routine(path).id == "my-routine"


def test_bytes_and_text_give_the_same_routine() -> None:
    from_text = parse_routine(GOOD_TEXT, default_id="b")
    from_bytes = parse_routine(GOOD_TEXT.encode(), default_id="b")
    assert from_text == from_bytes
    assert from_text.exercises[0].reps == Span(10, 10)


def test_byte_order_mark_is_accepted() -> None:
    assert parse_routine(b"\xef\xbb\xbf" + GOOD_TEXT.encode(), default_id="b").title == "Bridges"
    assert parse_routine("\ufeff" + GOOD_TEXT, default_id="b").title == "Bridges"


def test_windows_line_endings_keep_lines() -> None:
    text = (GOOD_TEXT + "sets = 0\n").replace("\n", "\r\n")
    error = error_for(text)
    assert (error.key, error.line) == ("exercise[1].sets", 6)


def test_odd_line_breaks_in_comments_do_not_shift_lines() -> None:
    text = "# one\u2028two\u0085three\n" + GOOD_TEXT + "sets = 0\n"
    error = error_for(text)
    assert (error.key, error.line) == ("exercise[1].sets", 7)


def test_whitespace_only_is_empty() -> None:
    error = error_for(" \n\t\n")
    assert (error.key, error.line, error.message) == ("", None, "is empty")


def test_comments_only_has_no_title() -> None:
    error = error_for("# nothing yet\n")
    assert (error.key, error.message) == ("title", "is missing")


def test_syntax_error_at_end_of_document_names_the_last_line() -> None:
    error = error_for(GOOD_TEXT + 'cue = "never closed')
    assert error.line == 6
    assert error.message == "is not valid TOML: Unterminated string"


def test_deep_nesting_is_a_routine_error() -> None:
    error = error_for("x = " + "[" * 5000)
    assert "nested too deeply" in error.message


def test_huge_integer_is_a_routine_error() -> None:
    error = error_for("x = " + "9" * 5000)
    assert error.message.startswith("is not valid TOML")


def test_quoted_unknown_key_is_located() -> None:
    error = error_for(GOOD_TEXT + '"hodl" = 3\n')
    assert (error.key, error.line) == ("exercise[1].hodl", 6)


def test_top_level_key_starting_with_defaults_is_located() -> None:
    text = 'title = "x"\ndefaults_old = 3\n\n[defaults]\nold = 1\n'
    error = error_for(text)
    assert (error.key, error.line) == ("defaults_old", 2)
    assert "did you mean 'defaults'?" in error.message


def test_misspelled_table_header_is_located() -> None:
    error = error_for('title = "x"\n\n[[exercises]]\nname = "a"\nhold = 5\n')
    assert (error.key, error.line) == ("exercises", 3)
    assert "did you mean 'exercise'?" in error.message


def test_inline_tables_are_checked_without_a_line() -> None:
    text = 'title = "x"\nexercise = [{ name = "a", hold = 5, hodl = 3 }]\n'
    error = error_for(text)
    assert (error.key, error.line) == ("exercise[1].hodl", None)


def test_exercise_list_of_non_tables() -> None:
    error = error_for('title = "x"\nexercise = [1, 2]\n')
    assert (error.key, error.line, error.message) == ("exercise", 2, "must be a list of tables")


def test_empty_exercise_list() -> None:
    error = error_for('title = "x"\nexercise = []\n')
    assert (error.key, error.message) == ("exercise", "no exercises")


def test_blank_title_and_name() -> None:
    error = error_for(GOOD_TEXT.replace('"Bridges"', '"   "'))
    assert (error.key, error.line, error.message) == ("title", 1, "must not be empty")
    error = error_for(GOOD_TEXT.replace('"Glute bridge"', '""'))
    assert (error.key, error.line) == ("exercise[1].name", 4)


@pytest.mark.parametrize(
    ("line", "key", "fragment"),
    [
        ("sets = true", "exercise[1].sets", "got True"),
        ("sets = 2.5", "exercise[1].sets", "got 2.5"),
        ("per_side = 1", "exercise[1].per_side", "got 1"),
        ("rest = true", "exercise[1].rest", "boolean"),
        ("rest = 1.5", "exercise[1].rest", "float"),
        ("cue = 5", "exercise[1].cue", "must be a string, got a number"),
        ("equipment = [1]", "exercise[1].equipment", "must be a string, got a list"),
        ("progression = 2024-01-01", "exercise[1].progression", "got a date"),
    ],
)
def test_wrong_types_in_an_exercise(line: str, key: str, fragment: str) -> None:
    error = error_for(GOOD_TEXT + line + "\n")
    assert (error.key, error.line) == (key, 6)
    assert fragment in error.message


@pytest.mark.parametrize(
    ("line", "key", "fragment"),
    [
        ("week = 1.5", "week", "got 1.5"),
        ("week = true", "week", "got True"),
        ('tags = "daily"', "tags", "got a string"),
        ("summary = {}", "summary", "must be a string, got a table"),
        ("lead_in = 5", "lead_in", "unknown key 'lead_in'; it belongs in the [defaults] table"),
        ("hold = 5", "hold", "unknown key 'hold'; it belongs in an [[exercise]] table"),
    ],
)
def test_wrong_top_level_values(line: str, key: str, fragment: str) -> None:
    error = error_for(line + "\n" + GOOD_TEXT)
    assert (error.key, error.line) == (key, 1)
    assert fragment in error.message


def test_wrong_defaults_values() -> None:
    base = GOOD_TEXT + "\n[defaults]\n"
    error = error_for(base + "lead_in = -1\n")
    assert (error.key, error.line, error.message) == ("defaults.lead_in", 8, "must not be negative")
    error = error_for(base + 'rep_pace = "0s"\n')
    assert (error.key, error.line, error.message) == (
        "defaults.rep_pace",
        8,
        "must be more than zero",
    )
    error = error_for(base + 'switch_sides = "5-10s"\n')
    assert (error.key, error.line) == ("defaults.switch_sides", 8)


def test_keys_in_the_wrong_table_say_where_they_belong() -> None:
    error = error_for(GOOD_TEXT + "lead_in = 5\n")
    assert (error.key, error.line) == ("exercise[1].lead_in", 6)
    assert "it belongs in the [defaults] table" in error.message
    error = error_for(GOOD_TEXT + "\n[defaults]\nsets = 2\n")
    assert (error.key, error.line) == ("defaults.sets", 8)
    assert "it belongs in an [[exercise]] table" in error.message
    error = error_for(GOOD_TEXT + 'summary = "x"\n')
    assert "it belongs at the top of the file" in error.message


def test_both_hold_and_reps_reports_the_exercise_number() -> None:
    text = GOOD_TEXT + '\n[[exercise]]\nname = "Plank"\nhold = 30\nreps = 3\n'
    error = error_for(text)
    assert (error.key, error.line) == ("exercise[2].reps", 10)


# Good files


def test_minimal(routine_data: Path) -> None:
    path = routine_data / "good" / "minimal.toml"
    routine = load_routine(path)
    assert routine == Routine(
        id="minimal",
        title="Wall sit",
        exercises=(
            Exercise(
                name="Wall sit",
                hold=Span(45, 45),
                reps=None,
                sets=1,
                per_side=False,
                rest=Span(30, 30),
            ),
        ),
        defaults=Defaults(),
        path=path,
    )
    assert routine.exercises[0].is_timed


def test_full(routine_data: Path) -> None:
    path = routine_data / "good" / "full.toml"
    routine = load_routine(path)
    assert routine.id == "full-featured"
    assert routine.title == "Full posterior chain"
    assert routine.summary == "Swings, a hip-flexor stretch, back extensions and bridges."
    assert routine.tags == ("strength", "gym", "kettlebell")
    assert routine.source == "Runner's guide to training the posterior chain"
    assert (routine.plan, routine.week, routine.path) == ("Base block", 2, path)
    assert routine.defaults == Defaults(rest=Span(60, 90), lead_in=10, switch_sides=3, rep_pace=4)
    swing, samson, extension, bridge = routine.exercises
    assert swing == Exercise(
        name="Kettlebell swing",
        hold=None,
        reps=Span(10, 15),
        sets=3,
        per_side=False,
        rest=Span(60, 90),
        cue="Hinge, then snap the hips through.",
        equipment="Kettlebell",
        progression="Single-arm swing",
    )
    assert not swing.is_timed
    assert (samson.hold, samson.per_side, samson.rest, samson.sets) == (
        Span(20, 30),
        True,
        Span(0, 0),
        1,
    )
    assert (extension.hold, extension.sets, extension.rest) == (Span(90, 90), 2, Span(120, 120))
    assert extension.equipment == "Stability ball"
    assert (bridge.reps, bridge.sets, bridge.rest, bridge.cue) == (
        Span(12, 12),
        2,
        Span(60, 90),
        "",
    )


def test_per_side_reps(routine_data: Path) -> None:
    routine = load_routine(routine_data / "good" / "per_side_reps.toml")
    assert routine.id == "per_side_reps"
    assert routine.defaults == Defaults(rest=Span(20, 20), lead_in=5, switch_sides=5, rep_pace=3)
    bridge, plank = routine.exercises
    assert (bridge.reps, bridge.hold, bridge.per_side, bridge.sets) == (Span(8, 12), None, True, 2)
    assert (plank.hold, plank.reps, plank.per_side, plank.rest) == (
        Span(15, 30),
        None,
        True,
        Span(20, 20),
    )


# Plans from the good files

GOOD_FILES = ["minimal.toml", "full.toml", "per_side_reps.toml"]


def shape(steps: list[PlannedStep]) -> list[tuple[str, str | None, int]]:
    return [
        (step.kind.value, step.side.value if step.side else None, step.seconds) for step in steps
    ]


def test_plan_minimal(routine_data: Path) -> None:
    steps = build_plan(load_routine(routine_data / "good" / "minimal.toml"))
    assert shape(steps) == [("lead_in", None, 5), ("hold", None, 45)]


def test_plan_per_side(routine_data: Path) -> None:
    steps = build_plan(load_routine(routine_data / "good" / "per_side_reps.toml"))
    bridge = [("reps", "left", 24), ("switch", None, 5), ("reps", "right", 24)]
    plank = [("hold", "left", 15), ("switch", None, 5), ("hold", "right", 15)]
    rest = [("rest", None, 20)]
    assert shape(steps) == (
        [("lead_in", None, 5), *bridge, *rest, *bridge, *rest, *plank, *rest, *plank]
    )
    assert [step.set_number for step in steps if step.kind.is_work] == [1, 1, 2, 2, 1, 1, 2, 2]


def test_plan_full(routine_data: Path) -> None:
    steps = build_plan(load_routine(routine_data / "good" / "full.toml"))
    swing = [("reps", None, 40), ("rest", None, 60)]
    assert shape(steps) == (
        [("lead_in", None, 10)]
        + swing * 3
        + [("hold", "left", 20), ("switch", None, 3), ("hold", "right", 20)]
        + [("lead_in", None, 10), ("hold", None, 90), ("rest", None, 120)]
        + [("hold", None, 90), ("rest", None, 120)]
        + [("reps", None, 48), ("rest", None, 60), ("reps", None, 48)]
    )


@pytest.mark.parametrize("filename", GOOD_FILES)
def test_plan_rules(routine_data: Path, filename: str) -> None:
    routine = load_routine(routine_data / "good" / filename)
    steps = build_plan(routine)
    assert steps[0].kind is StepKind.LEAD_IN
    assert steps[0].seconds == routine.defaults.lead_in
    assert steps[-1].kind.is_work
    assert steps[-1].exercise_index == len(routine.exercises) - 1
    assert steps[-1].set_number == routine.exercises[-1].sets
    for position, step in enumerate(steps[:-1]):
        following = steps[position + 1]
        exercise = routine.exercises[step.exercise_index]
        if step.kind.is_work and step.side is Side.LEFT:
            assert following.kind is StepKind.SWITCH
            assert following.seconds == routine.defaults.switch_sides
            assert steps[position + 2].side is Side.RIGHT
            assert steps[position + 2].set_number == step.set_number
        elif step.kind.is_work and exercise.rest.low:
            assert following.kind is StepKind.REST
            assert following.seconds == exercise.rest.low
        elif step.kind.is_work:
            assert following.kind is not StepKind.REST
    works = [step for step in steps if step.kind.is_work]
    expected = sum(ex.sets * (2 if ex.per_side else 1) for ex in routine.exercises)
    assert len(works) == expected


def test_plan_holds_stay_within_the_range(routine_data: Path) -> None:
    routine = load_routine(routine_data / "good" / "per_side_reps.toml")
    planks = [s for s in build_plan(routine, {"Side plank": 99}) if s.kind is StepKind.HOLD]
    assert {step.seconds for step in planks} == {30}
    planks = [s for s in build_plan(routine, {"Side plank": 20}) if s.kind is StepKind.HOLD]
    assert {step.seconds for step in planks} == {20}


# -- text that a terminal would obey -----------------------------------------------------------

# A window title, a cleared screen and a hyperlink, as a routine file can spell them in TOML.
HOSTILE = r"Bridge\u001b]0;pwned\u0007\u001b[2J\u001b]8;;https://example.com\u001b\\link\r"


@pytest.mark.parametrize(
    ("template", "key", "line", "read"),
    [
        ('title = "{}"', "title", 1, lambda routine: routine.title),
        ('summary = "{}"', "summary", 2, lambda routine: routine.summary),
        ('tags = ["ok", "{}"]', "tags", 2, lambda routine: routine.tags[1]),
        ('name = "{}"', "exercise[1].name", 5, lambda routine: routine.exercises[0].name),
        ('cue = "{}"', "exercise[1].cue", 6, lambda routine: routine.exercises[0].cue),
    ],
    ids=["title", "summary", "tags", "name", "cue"],
)
def test_control_characters_are_shown_as_symbols_and_warned_about(
    tmp_path: Path,
    template: str,
    key: str,
    line: int,
    read: Callable[[Routine], str],
) -> None:
    lines = ['title = "Bridges"', "", "[[exercise]]", 'hold = "20s"', 'name = "Glute bridge"']
    hostile = template.format(HOSTILE)
    # The hostile line replaces the line of the same key, or follows it.
    replaced = 0 if key == "title" else 4 if key.endswith("name") else line - 2
    lines[replaced] = hostile if line - 1 == replaced else f"{lines[replaced]}\n{hostile}"
    path = tmp_path / "hostile.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    shown = read(load_routine(path))
    assert not any(ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F for char in shown)
    assert shown.startswith("Bridge␛]0;pwned␇␛[2J␛]8;;https://example.com␛\\link")
    report = check_routine(path)
    assert report.routine is not None and not report.problems
    assert [(warning.key, warning.line) for warning in report.warnings] == [(key, line)]
    assert str(report.warnings[0]).startswith(f"{path}:{line}: {key}: holds control characters")


def test_a_file_name_with_control_characters_is_shown_as_symbols(tmp_path: Path) -> None:
    path = tmp_path / "\x1b[2Jbad.toml"
    path.write_text("title = 1\n", encoding="utf-8")
    with pytest.raises(RoutineError) as caught:
        load_routine(path)
    assert "\x1b" not in str(caught.value)
    assert "␛[2Jbad.toml:1: title: must be a string" in str(caught.value)


# -- every problem at once ------------------------------------------------------------------------

FOUR_MISTAKES = """\
title = "Four mistakes"
colour = "red"

[[exercise]]
name = "Glute bridge hold"
hold = "fast"
sets = 0

[[exercise]]
name = "Clams"
reps = 10
per_side = "yes"
"""


def test_every_problem_of_a_file_is_reported_in_one_round(tmp_path: Path) -> None:
    path = tmp_path / "four.toml"
    path.write_text(FOUR_MISTAKES, encoding="utf-8")
    report = check_routine(path)
    assert report.routine is None
    assert [(problem.line, problem.key) for problem in report.problems] == [
        (2, "colour"),
        (6, "exercise[1].hold"),
        (7, "exercise[1].sets"),
        (12, "exercise[2].per_side"),
    ]
    with pytest.raises(RoutineError) as caught:
        load_routine(path)
    assert [str(problem) for problem in caught.value.problems] == [
        str(problem) for problem in report.problems
    ]


# -- limits that match training -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "key", "fragment"),
    [
        ('hold = "11min"', "exercise[1].hold", "at most 600 seconds (10min), got 660 seconds"),
        ('hold = "5-12min"', "exercise[1].hold", "at most 600 seconds (10min), got 720 seconds"),
        ("rest = 601", "exercise[1].rest", "at most 600 seconds (10min), got 601 seconds"),
        ("sets = 21", "exercise[1].sets", "from 1 to 20, got 21"),
    ],
)
def test_holds_rests_and_sets_beyond_training_are_refused(
    line: str, key: str, fragment: str
) -> None:
    text = f'title = "T"\n[[exercise]]\nname = "Plank"\n{line}\n'
    if not line.startswith("hold"):
        text += 'hold = "30s"\n'
    with pytest.raises(RoutineError) as caught:
        parse_routine(text, default_id="t")
    assert (caught.value.key, caught.value.line) == (key, 4)
    assert fragment in caught.value.message


def test_a_default_rest_beyond_ten_minutes_is_refused() -> None:
    text = 'title = "T"\n[defaults]\nrest = "15min"\n[[exercise]]\nname = "Plank"\nhold = 30\n'
    with pytest.raises(RoutineError) as caught:
        parse_routine(text, default_id="t")
    assert caught.value.key == "defaults.rest"
    assert "at most 600 seconds (10min)" in caught.value.message


def test_a_bad_duration_says_what_is_allowed_once() -> None:
    text = 'title = "T"\n[[exercise]]\nname = "Plank"\nhold = "soon"\n'
    with pytest.raises(RoutineError) as caught:
        parse_routine(text, default_id="t")
    assert str(caught.value).count("a whole number of seconds such as 45") == 1
