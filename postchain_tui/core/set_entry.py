"""What is typed during a rep set: the reps done and, for a loaded exercise, the load.

Keys go to one field at a time: digits to the reps, digits and a decimal point to the load.
The session screen shows the fields as they are typed and hands the numbers to the engine when
the set is done.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from postchain_tui.core.durations import Span

MAX_REP_DIGITS = 3
MAX_LOAD_CHARS = 6
SANE_REPS_FACTOR = 3
"""Reps above this many times the top of the target are asked about before they are kept."""
SANE_REPS_CAP = 200
"""Reps above this are asked about, whatever the target."""


class Field(StrEnum):
    """The field that keys go to."""

    REPS = "reps"
    LOAD = "load"


@dataclass(frozen=True, slots=True)
class SetEntry:
    """The reps and load typed so far for one rep set.

    Attributes:
        reps: the digits typed for the reps.
        load: the load as typed (prefilled with today's load for a loaded exercise).
        uses_load: whether the exercise has a load field.
        field: where the next key goes.
    """

    reps: str = ""
    load: str = ""
    uses_load: bool = False
    field: Field = Field.REPS

    @classmethod
    def for_set(cls, uses_load: bool, load: float | None) -> SetEntry:
        """A fresh entry for a set, its load prefilled where one is known."""
        return cls(load=f"{load:g}" if uses_load and load is not None else "", uses_load=uses_load)

    def typed(self, key: str) -> SetEntry:
        """The entry after one key: a digit, or ``.`` in the load; anything else is ignored."""
        if self.field is Field.REPS:
            if not key.isdigit() or len(self.reps) >= MAX_REP_DIGITS:
                return self
            return replace(self, reps=(self.reps + key).lstrip("0") or "0")
        if key == "." and "." in self.load:
            return self
        if not (key.isdigit() or key == ".") or len(self.load) >= MAX_LOAD_CHARS:
            return self
        return replace(self, load=self.load + key)

    def erased(self) -> SetEntry:
        """The entry with the last character of the current field taken back."""
        if self.field is Field.REPS:
            return replace(self, reps=self.reps[:-1])
        return replace(self, load=self.load[:-1])

    def switched(self) -> SetEntry:
        """Keys go to the other field (a set without a load keeps to the reps)."""
        if not self.uses_load:
            return self
        return replace(self, field=Field.LOAD if self.field is Field.REPS else Field.REPS)

    @property
    def reps_done(self) -> int | None:
        """The reps typed, or None when none were."""
        return int(self.reps) if self.reps else None

    @property
    def load_used(self) -> float | None:
        """The load typed, or None when none was (or only a decimal point)."""
        if not self.uses_load or self.load.strip(".") == "":
            return None
        return float(self.load)

    def needs_confirming(self, target: Span | None) -> bool:
        """Whether the reps are too many to be likely: more than three times the target's top,
        or over ``SANE_REPS_CAP``."""
        reps = self.reps_done
        if reps is None:
            return False
        if target is None:
            return reps > SANE_REPS_CAP
        return reps > min(SANE_REPS_CAP, SANE_REPS_FACTOR * target.high)

    def text(self, target: str, unit: str) -> str:
        """The fields as shown, the current one with a cursor: ``Reps: 1_  (target 8-12)``."""
        reps_cursor = "_" if self.field is Field.REPS else ""
        line = f"Reps: {self.reps}{reps_cursor}  (target {target})"
        if self.uses_load:
            load_cursor = "_" if self.field is Field.LOAD else ""
            line += f"   Load: {self.load}{load_cursor} {unit}"
        return line
