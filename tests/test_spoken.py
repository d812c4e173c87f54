"""The words postchain says: for every cue, and for every step of every bundled routine."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from postchain_tui.core.engine_types import Cue, CueKind
from postchain_tui.core.loader import load_routine, parse_routine
from postchain_tui.core.plan import PlannedStep, StepKind, build_plan
from postchain_tui.core.spoken import Control, duration_words, number_words, spoken_words
from postchain_tui.locations import bundled_routines_dir
from tests.ui_support import (
    BIRD_DOG,
    BRIDGE_1,
    BRIDGE_2,
    LEAD_IN,
    PLANK_LEFT,
    PLANK_RIGHT,
    REST_1,
    REST_3,
    SWITCH,
    short_routine,
)

BUNDLED = sorted(bundled_routines_dir().glob("*.toml"))

ISSUE_EXAMPLES = """
title = "Examples"
id = "examples"
[defaults]
lead_in = 0
rest = "90s"
[[exercise]]
name = "Glute bridge"
hold = "30s"
per_side = true
[[exercise]]
name = "Box jumps"
reps = 5
[[exercise]]
name = "Romanian deadlift"
reps = "8-12"
"""


def said_at_start_of(steps: list[PlannedStep], index: int, *, waiting: bool = False) -> str:
    words = spoken_words(Cue(CueKind.STEP, index), steps, waiting=waiting)
    assert words is not None
    return words


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        (LEAD_IN, "Get ready, three seconds. Next: Glute bridge."),
        (BRIDGE_1, "Glute bridge. Set one of two. Six seconds."),
        (REST_1, "Rest, three seconds. Next: Glute bridge."),
        (BRIDGE_2, "Glute bridge. Set two of two. Six seconds."),
        (PLANK_LEFT, "Side plank. Left side. Six seconds."),
        (SWITCH, "Switch sides."),
        (PLANK_RIGHT, "Side plank. Right side. Six seconds."),
        (REST_3, "Rest, three seconds. Next: Bird dog."),
        (BIRD_DOG, "Bird dog. Five reps."),
    ],
)
def test_each_step_of_the_short_routine_has_its_words(index: int, expected: str) -> None:
    assert said_at_start_of(build_plan(short_routine()), index) == expected


def test_the_examples_are_said_as_written() -> None:
    steps = build_plan(parse_routine(ISSUE_EXAMPLES))
    said = [said_at_start_of(steps, index) for index in range(len(steps))]
    assert said == [
        "Glute bridge. Left side. Thirty seconds.",
        "Switch sides.",
        "Glute bridge. Right side. Thirty seconds.",
        "Rest, ninety seconds. Next: Box jumps.",
        "Box jumps. Five reps.",
        "Rest, ninety seconds. Next: Romanian deadlift.",
        "Romanian deadlift. Eight to twelve reps.",
    ]


def test_a_set_that_waits_says_so() -> None:
    steps = build_plan(short_routine())
    assert said_at_start_of(steps, BRIDGE_2, waiting=True) == (
        "Glute bridge. Set two of two. Six seconds. Press Enter to start."
    )


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (Cue(CueKind.COUNT, 1, 3), "three"),
        (Cue(CueKind.COUNT, 1, 2), "two"),
        (Cue(CueKind.COUNT, 1, 1), "one"),
        (Cue(CueKind.HALFWAY, 1, 15), "Halfway"),
        (Control.PAUSED, "Paused"),
        (Control.RESUMED, "Go"),
        (Cue(CueKind.STEP_FINISHED, 1), None),
    ],
)
def test_counts_halfway_pause_and_resume_are_one_word(
    event: Cue | Control, expected: str | None
) -> None:
    assert spoken_words(event, build_plan(short_routine())) == expected


def test_the_end_has_its_words() -> None:
    steps = build_plan(short_routine())
    end = Cue(CueKind.FINISHED, len(steps) - 1)
    assert spoken_words(end, steps, completed=True) == "Session complete"
    assert spoken_words(end, steps, completed=False) == "Session ended"


@pytest.mark.parametrize(
    ("number", "said"),
    [
        (0, "zero"),
        (7, "seven"),
        (15, "fifteen"),
        (20, "twenty"),
        (45, "forty-five"),
        (100, "one hundred"),
        (105, "one hundred and five"),
        (999, "nine hundred and ninety-nine"),
        (1000, "one thousand"),
        (1005, "one thousand and five"),
        (2150, "two thousand one hundred and fifty"),
    ],
)
def test_numbers_are_said_as_words(number: int, said: str) -> None:
    assert number_words(number) == said


@pytest.mark.parametrize(
    ("seconds", "said"),
    [
        (0, "zero seconds"),
        (1, "one second"),
        (45, "forty-five seconds"),
        (60, "sixty seconds"),
        (90, "ninety seconds"),
        (99, "ninety-nine seconds"),
        (100, "one minute forty seconds"),
        (120, "two minutes"),
        (121, "two minutes one second"),
        (600, "ten minutes"),
    ],
)
def test_durations_are_said_as_people_say_them(seconds: int, said: str) -> None:
    assert duration_words(seconds) == said


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.stem)
def test_every_step_of_every_bundled_routine_is_said_in_plain_words(path: Path) -> None:
    steps = build_plan(load_routine(path))
    for index, step in enumerate(steps):
        words = said_at_start_of(steps, index)
        where = f"{path.name} step {index + 1}: {words!r}"
        # Digits only where the exercise's own name has them; no symbols an engine spells out.
        assert re.sub(r"\d", "", words) == words or re.search(r"\d", step.exercise), where
        assert not re.search(r"[·/()\[\]{}<>_|#*]", words), where
        assert words.endswith("."), where
        if step.kind is StepKind.SWITCH:
            assert words == "Switch sides.", where
        elif step.kind.is_work:
            assert words.startswith(f"{step.exercise}."), where
            if step.kind is StepKind.REPS:
                assert words.endswith(" reps.") or words.endswith(" rep."), where
            else:
                assert words.endswith(f"{duration_words(step.seconds).capitalize()}."), where
        else:
            assert words.startswith(f"{step.title}, {duration_words(step.seconds)}."), where
            following = steps[index + 1] if index + 1 < len(steps) else None
            if following is not None and following.kind.is_work:
                assert f"Next: {following.exercise}" in words, where


def test_there_are_bundled_routines_to_check() -> None:
    assert len(BUNDLED) >= 10
