"""A routine being edited in a form: text fields as typed, checked by the loader when saved.

A draft keeps everything the form does not show (summary, tags, plan, defaults, and each
exercise's cue, equipment and progression) from the routine it was copied from, so editing a
copy loses nothing. :meth:`RoutineDraft.build` turns the fields into a TOML document and reads it
with the routine loader, so a draft that builds is exactly a routine ``postchain check`` accepts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import tomli_w

from postchain_tui.core.loader import parse_routine
from postchain_tui.core.routine import Defaults, Exercise, Routine
from postchain_tui.core.routine_writer import reps_value, routine_document, span_value

NEW_EXERCISE_HOLD = "30s"


@dataclass(slots=True)
class ExerciseDraft:
    """One exercise as the form shows it.

    Attributes:
        name: the exercise's name.
        sets: how many sets, as typed.
        timed: True for a hold, False for a rep set.
        amount: the hold (``"30s"``, ``"15-30s"``) or the reps (``"10"``, ``"8-12"``), as typed.
        rest: the rest after each set, as typed; empty for the routine's default.
        per_side: whether each set is done on the left, then the right.
        cue: how to do it (kept from the original; not in the form).
        equipment: what it needs (kept from the original).
        progression: the harder variant (kept from the original).
        load: whether a load is entered for its sets (kept from the original).
    """

    name: str = ""
    sets: str = "1"
    timed: bool = True
    amount: str = NEW_EXERCISE_HOLD
    rest: str = ""
    per_side: bool = False
    cue: str = ""
    equipment: str = ""
    progression: str = ""
    load: bool = False

    @classmethod
    def from_exercise(cls, exercise: Exercise) -> ExerciseDraft:
        """The draft of an existing exercise."""
        if exercise.hold is not None:
            amount = str(span_value(exercise.hold))
        else:
            assert exercise.reps is not None
            amount = str(reps_value(exercise.reps))
        return cls(
            name=exercise.name,
            sets=str(exercise.sets),
            timed=exercise.is_timed,
            amount=amount,
            rest=str(span_value(exercise.rest)),
            per_side=exercise.per_side,
            cue=exercise.cue,
            equipment=exercise.equipment,
            progression=exercise.progression,
            load=exercise.load,
        )

    def table(self) -> dict[str, Any]:
        """The ``[[exercise]]`` table for these fields, for the loader to check."""
        sets = self.sets.strip()
        table: dict[str, Any] = {
            "name": self.name,
            "hold" if self.timed else "reps": self.amount,
            # A count the loader can check as a number; anything else it reports as it is.
            "sets": int(sets) if sets.isdecimal() else sets,
            "per_side": self.per_side,
        }
        if self.load:
            table["load"] = True
        if self.rest.strip():
            table["rest"] = self.rest
        for key in ("cue", "equipment", "progression"):
            text = getattr(self, key)
            if text:
                table[key] = text
        return table


@dataclass(slots=True)
class RoutineDraft:
    """A routine as the form shows it.

    Attributes:
        base: the routine the draft started from; what the form does not show is kept from it.
        routine_id: the id to save it under, as typed.
        title: the title, as typed.
        exercises: the exercises, in order.
    """

    base: Routine
    routine_id: str
    title: str
    exercises: list[ExerciseDraft] = field(default_factory=list)

    @classmethod
    def from_routine(cls, routine: Routine) -> RoutineDraft:
        """A draft with every field of ``routine`` filled in."""
        return cls(
            base=routine,
            routine_id=routine.id,
            title=routine.title,
            exercises=[ExerciseDraft.from_exercise(exercise) for exercise in routine.exercises],
        )

    def add(self, after: int | None = None) -> int:
        """Add a blank exercise (a 30 s hold with the routine's rest).

        Args:
            after: the exercise to add it after; None adds it at the end.

        Returns:
            The new exercise's position.
        """
        position = len(self.exercises) if after is None else after + 1
        self.exercises.insert(position, blank_exercise(self.base.defaults))
        return position

    def remove(self, index: int) -> None:
        """Remove the exercise at ``index``."""
        del self.exercises[index]

    def move(self, index: int, offset: int) -> int:
        """Move an exercise up (negative offset) or down, stopping at either end.

        Returns:
            Its new position.
        """
        target = max(0, min(len(self.exercises) - 1, index + offset))
        self.exercises.insert(target, self.exercises.pop(index))
        return target

    def build(self) -> Routine:
        """The routine these fields describe.

        Returns:
            The routine, checked as strictly as a routine file.

        Raises:
            RoutineError: naming the field (``title``, ``id``, ``exercise[2].sets``, ...) and
                what is wrong with it. Its line refers to no file the user has, so leave it out.
        """
        document = routine_document(self.base)
        document["title"] = self.title
        document["id"] = self.routine_id.strip()
        document["exercise"] = [draft.table() for draft in self.exercises]
        if not self.exercises:
            del document["exercise"]
        return parse_routine(tomli_w.dumps(document))


def blank_exercise(defaults: Defaults) -> ExerciseDraft:
    """A new exercise for the form: a 30 s hold, resting as the routine does."""
    return ExerciseDraft(rest=str(span_value(defaults.rest)))
