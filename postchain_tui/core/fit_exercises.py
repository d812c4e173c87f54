"""Which FIT exercise category, and where the profile has one, which exercise an exercise is.

Garmin Connect groups the sets of a strength activity, and a watch shows a workout's steps, by
the FIT profile's ``exercise_category`` (``hip_raise``, ``deadlift``, ``lunge`` ...) and, within
a category, by one of its exercise names (``hip_raise_exercise_name`` and so on). Routines name
their exercises freely, so one ordered table says which words mean which: the first entry whose
words appear in the exercise's name wins, which is why specific names come before general ones
("reverse lunge" before "lunge"). An exercise that no entry matches gets no category; its sets
are still exported, with their times, reps and loads.

The values are the profile's own names; turning them into numbers needs the FIT SDK, which is
loaded only when a FIT file is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True, slots=True)
class FitExercise:
    """Where an exercise sits in the FIT profile.

    Attributes:
        category: a value of the profile's ``exercise_category`` type, e.g. ``hip_raise``.
        name: a value of the category's ``<category>_exercise_name`` type, e.g.
            ``marching_hip_raise``; empty when the profile has none that fits.
    """

    category: str
    name: str = ""


EXERCISE_TABLE: tuple[tuple[str, FitExercise], ...] = (
    ("single-leg hip thrust", FitExercise("hip_raise", "single_leg_hip_raise")),
    ("glute bridge march", FitExercise("hip_raise", "marching_hip_raise")),
    ("bridge", FitExercise("hip_raise", "hip_raise")),
    ("hip thrust", FitExercise("hip_raise")),
    ("kettlebell swing", FitExercise("hip_raise", "kettlebell_swing")),
    ("reverse clam", FitExercise("hip_stability")),
    ("clam", FitExercise("hip_raise", "clams")),
    ("donkey kick", FitExercise("hip_stability", "quadruped_hip_extension")),
    ("arms-only bird dog", FitExercise("core")),
    ("bird dog", FitExercise("core", "arm_and_leg_extension_on_knees")),
    ("single-leg deadlift", FitExercise("deadlift")),
    ("romanian deadlift", FitExercise("deadlift", "romanian_deadlift")),
    ("kettlebell deadlift", FitExercise("deadlift", "kettlebell_deadlift")),
    ("deadlift", FitExercise("deadlift", "barbell_deadlift")),
    ("hip hinge", FitExercise("deadlift")),
    ("reverse back extension", FitExercise("hyperextension")),
    ("back extension on a ball", FitExercise("hyperextension", "swiss_ball_back_extension")),
    ("extension over a ball", FitExercise("hyperextension", "swiss_ball_back_extension")),
    ("back extension", FitExercise("hyperextension")),
    ("superman", FitExercise("hyperextension", "superman_from_floor")),
    ("reverse plank", FitExercise("plank")),
    ("side plank", FitExercise("plank", "side_plank")),
    ("plank", FitExercise("plank", "plank")),
    ("lunge matrix", FitExercise("lunge", "lunge_matrix")),
    ("dumbbell side lunge", FitExercise("lunge", "dumbbell_side_lunge")),
    ("goblet side", FitExercise("lunge", "weighted_side_lunge")),
    ("side squat", FitExercise("lunge", "side_lunge")),
    ("side lunge", FitExercise("lunge", "side_lunge")),
    ("reverse lunge", FitExercise("lunge")),
    ("lunge", FitExercise("lunge", "lunge")),
    ("calf raise", FitExercise("calf_raise", "standing_calf_raise")),
    ("nordic", FitExercise("leg_curl")),
    ("hamstring curl", FitExercise("leg_curl", "leg_curl")),
    ("leg curl", FitExercise("leg_curl", "leg_curl")),
    ("goblet squat", FitExercise("squat", "goblet_squat")),
    ("squat", FitExercise("squat", "squat")),
    ("box jump", FitExercise("plyo", "box_jump")),
    ("bound", FitExercise("plyo")),
    ("jump rope", FitExercise("cardio", "jump_rope")),
    ("sled", FitExercise("sled", "push")),
    ("wall angel", FitExercise("lateral_raise", "wall_slide")),
    ("cat-camel", FitExercise("warm_up", "cat_camel")),
    ("samson stretch", FitExercise("warm_up", "stretch_lunging_hip_flexor")),
    ("hip rocking", FitExercise("warm_up", "quadruped_rocking")),
    ("trunk rotation", FitExercise("warm_up", "thoracic_rotation")),
)
"""Words in an exercise's name, lower case, and what they mean in the FIT profile; first match
wins."""


@cache
def fit_exercise(exercise: str) -> FitExercise | None:
    """The FIT category and exercise for an exercise's name, or None when none fits."""
    lowered = exercise.lower()
    for words, found in EXERCISE_TABLE:
        if words in lowered:
            return found
    return None


@cache
def fit_exercise_numbers(exercise: str) -> tuple[int, int | None] | None:
    """The profile's numbers for :func:`fit_exercise`: the category and the exercise name.

    Returns:
        ``(category, name)``, the name None when the profile has none that fits; None when the
        exercise has no category.

    Raises:
        KeyError: for a table entry the profile does not know (a test reads the whole table).
    """
    found = fit_exercise(exercise)
    if found is None:
        return None
    from garmin_fit_sdk import Profile

    types = Profile["types"]
    category = _number(types["exercise_category"], found.category)
    if not found.name:
        return category, None
    return category, _number(types[f"{found.category}_exercise_name"], found.name)


def _number(profile_type: dict[int, str], value: str) -> int:
    for number, name in profile_type.items():
        if name == value:
            return number
    raise KeyError(value)
