"""The routine model: what a routine file says, as strict, immutable types.

The loader (``postchain_tui.core.loader``) builds these from TOML; everything else reads them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from postchain_tui.core.durations import Span
from postchain_tui.core.text_safety import visible


class RoutineError(Exception):
    """A routine file that cannot be used, said so a person can fix it.

    Attributes:
        path: the file, when there is one.
        line: the 1-based line the problem is on, when it can be told.
        key: the key path, such as ``exercise[2].hold``; empty for the file as a whole.
        message: what is wrong.
        allowed: what would be accepted instead, when that can be said.
        others: the other problems found in the same file, in the order they were found.
    """

    def __init__(
        self,
        message: str,
        *,
        path: Path | None = None,
        line: int | None = None,
        key: str = "",
        allowed: str = "",
    ) -> None:
        self.path = path
        self.line = line
        self.key = key
        self.message = message
        self.allowed = allowed
        self.others: tuple[RoutineError, ...] = ()
        super().__init__(str(self))

    @property
    def problems(self) -> tuple[RoutineError, ...]:
        """Every problem found in the file: this one, then the others."""
        return (self, *self.others)

    @classmethod
    def unknown(
        cls,
        what: str,
        name: str,
        known: Sequence[str],
        *,
        path: Path | None = None,
        line: int | None = None,
        key: str = "",
    ) -> RoutineError:
        """A name that is none of ``known``, with the closest one as a guess.

        Args:
            what: what the name names, e.g. ``setting``.
            name: the name as written.
            known: every name that would do.
            path: the file.
            line: the line it is on.
            key: the key path, as for any problem.

        Returns:
            e.g. ``unknown setting 'bel'; did you mean 'bell'?``, every known name allowed.
        """
        import difflib  # only for a file with a mistake in it

        guess = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hint = f"; did you mean {guess[0]!r}?" if guess else ""
        return cls(
            f"unknown {what} {name!r}{hint}",
            path=path,
            line=line,
            key=key,
            allowed=", ".join(known),
        )

    def __str__(self) -> str:
        # A file's name, like its text, may hold control characters: shown, never obeyed.
        return visible(self._text())

    def _text(self) -> str:
        where = str(self.path) if self.path is not None else ""
        if self.line is not None:
            where = f"{where}:{self.line}" if where else f"line {self.line}"
        parts = [part for part in (where, self.key, self.message) if part]
        text = ": ".join(parts)
        if self.allowed:
            text = f"{text} (allowed: {self.allowed})"
        return text


class RoutineKind(StrEnum):
    """What a routine is for; only strength routines count towards the weekly goal."""

    STRENGTH = "strength"
    """Strength work: the sessions the weekly goal and the streak count."""
    ACTIVATION = "activation"
    """A short warm-up before a run, such as waking up the glutes."""
    MOBILITY = "mobility"
    """Gentle movement and stretching, such as for a sore back."""


@dataclass(frozen=True, slots=True)
class Defaults:
    """Routine-wide settings that exercises may override.

    Attributes:
        rest: rest after each set.
        lead_in: get-ready seconds before timed work that has no gap before it; 0 turns it off.
        switch_sides: the gap between the left and right side of a per-side exercise.
        rep_pace: seconds per rep, used only to estimate how long a rep set takes.
    """

    rest: Span = Span(30, 30)  # noqa: RUF009 (Span is frozen, so sharing it is safe)
    lead_in: int = 5
    switch_sides: int = 5
    rep_pace: int = 3


@dataclass(frozen=True, slots=True)
class Exercise:
    """One exercise of a routine: either timed (``hold``) or counted (``reps``).

    Attributes:
        name: what the exercise is called.
        hold: how long each set is held, for a timed exercise.
        reps: how many reps each set has, for a counted exercise.
        sets: how many sets.
        per_side: whether each set is done on the left, then the right.
        rest: rest after each set.
        cue: how to do it, shown during the step.
        equipment: what it needs, if anything.
        progression: the harder variant to move on to, if the routine names one.
        load: whether sets are done with a weight, whose load is entered in the session.
    """

    name: str
    hold: Span | None
    reps: Span | None
    sets: int
    per_side: bool
    rest: Span
    cue: str = ""
    equipment: str = ""
    progression: str = ""
    load: bool = False

    @property
    def is_timed(self) -> bool:
        """True for a hold, False for a rep set."""
        return self.hold is not None


@dataclass(frozen=True, slots=True)
class Routine:
    """A whole routine, as loaded from one file.

    Attributes:
        id: the routine's id, used on the command line.
        title: the routine's title.
        exercises: the exercises, in order; never empty.
        defaults: routine-wide settings.
        summary: a one-line description.
        tags: free-form tags.
        source: where its facts come from.
        plan: the name of a multi-week plan the routine belongs to, if any.
        week: the routine's week in that plan.
        kind: what the routine is for.
        path: the file it was loaded from.
    """

    id: str
    title: str
    exercises: tuple[Exercise, ...]
    defaults: Defaults = field(default_factory=Defaults)
    summary: str = ""
    tags: tuple[str, ...] = ()
    source: str = ""
    plan: str = ""
    week: int | None = None
    kind: RoutineKind = RoutineKind.STRENGTH
    path: Path | None = None
