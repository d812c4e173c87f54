"""The one table from exercise names to the FIT profile's exercise categories and names."""

from __future__ import annotations

import pytest
from garmin_fit_sdk import Profile

from postchain_tui import locations
from postchain_tui.core.catalog import load_catalog
from postchain_tui.core.fit_exercises import (
    EXERCISE_TABLE,
    FitExercise,
    fit_exercise,
    fit_exercise_numbers,
)


def bundled_exercise_names() -> list[str]:
    catalog = load_catalog(locations.bundled_routines_dir(), None)
    return sorted(
        {exercise.name for entry in catalog.entries for exercise in entry.routine.exercises}
    )


@pytest.mark.parametrize(
    ("exercise", "category", "name"),
    [
        ("Glute bridge", "hip_raise", "hip_raise"),
        ("Relaxed glute bridge", "hip_raise", "hip_raise"),
        ("Glute bridge march", "hip_raise", "marching_hip_raise"),
        ("Single-leg hip thrust", "hip_raise", "single_leg_hip_raise"),
        ("Deadlift", "deadlift", "barbell_deadlift"),
        ("Romanian deadlift", "deadlift", "romanian_deadlift"),
        ("Single-leg deadlift", "deadlift", ""),
        ("Reverse lunge", "lunge", ""),
        ("Lunge matrix", "lunge", "lunge_matrix"),
        ("Reverse plank", "plank", ""),
        ("Side plank, bent knee", "plank", "side_plank"),
        ("Back extension on a ball", "hyperextension", "swiss_ball_back_extension"),
        ("Reverse back extension on a ball", "hyperextension", ""),
        ("Superman hold", "hyperextension", "superman_from_floor"),
        ("Calf raise", "calf_raise", "standing_calf_raise"),
        ("Hamstring curl", "leg_curl", "leg_curl"),
        ("Assisted Nordic hamstring curl", "leg_curl", ""),
        ("Goblet squat", "squat", "goblet_squat"),
        ("Side squat", "lunge", "side_lunge"),
        ("Arms-only bird dog", "core", ""),
        ("Bird dog with weight", "core", "arm_and_leg_extension_on_knees"),
        ("Reverse clams", "hip_stability", ""),
        ("Clams", "hip_raise", "clams"),
    ],
)
def test_names_map_to_their_category(exercise: str, category: str, name: str) -> None:
    assert fit_exercise(exercise) == FitExercise(category, name)


def test_an_unknown_exercise_has_no_category() -> None:
    assert fit_exercise("Handstand walk") is None
    assert fit_exercise_numbers("Handstand walk") is None


def test_every_bundled_exercise_has_a_category() -> None:
    missing = [name for name in bundled_exercise_names() if fit_exercise(name) is None]
    assert missing == []


@pytest.mark.parametrize(("words", "found"), EXERCISE_TABLE, ids=[w for w, _ in EXERCISE_TABLE])
def test_every_entry_is_in_the_fit_profile(words: str, found: FitExercise) -> None:
    types = Profile["types"]
    assert found.category in types["exercise_category"].values()
    if found.name:
        assert found.name in types[f"{found.category}_exercise_name"].values()


def test_every_entry_is_reachable() -> None:
    # An entry shadowed by an earlier, more general one would never be used.
    for position, (words, found) in enumerate(EXERCISE_TABLE):
        assert fit_exercise(words) == found, (position, words)


def test_numbers_are_the_profiles() -> None:
    # hip_raise is category 10 and marching_hip_raise its exercise 24 in the FIT profile.
    assert fit_exercise_numbers("Glute bridge march") == (10, 24)
    assert fit_exercise_numbers("Reverse lunge") == (17, None)
