"""The reps and load of each rep set done, to correct on the summary before it is saved.

A rep set's numbers are typed with a hand still busy; the summary is the calm moment to put a
wrong one right. One row per rep set and side that was reached, its reps (digits only) and, for
a loaded exercise, its load (a decimal number), prefilled with what was typed.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static

from postchain_tui.core.counting import exercise_results
from postchain_tui.core.record import SessionLog, StepLog

_SIDES = {"left": " · left", "right": " · right", "": ""}
REPS_PATTERN = r"\d{0,3}"
LOAD_PATTERN = r"\d{0,4}(\.\d{0,2})?"


def correctable_sets(log: SessionLog) -> list[tuple[int, str, StepLog, bool]]:
    """Each rep set (and side) that counts and was not skipped: its position among the log's
    steps, its name, its visit, and whether its exercise uses a load."""
    rows = []
    for result in exercise_results(log):
        for set_result in result.sets:
            for side in set_result.sides:
                visit = side.visit
                if visit is None or visit.kind != "reps" or visit.skipped:
                    continue
                position = next(i for i, step in enumerate(log.steps) if step is visit)
                name = f"{result.planned.name} · set {set_result.number}{_SIDES[side.side]}"
                uses_load = result.planned.uses_load or visit.load is not None
                rows.append((position, name, visit, uses_load))
    return rows


class SetCorrections(Vertical):
    """The reps and load of every rep set done, as inputs.

    Args:
        log: the session.
        load_unit: what a load without a unit of its own is counted in.
    """

    DEFAULT_CSS = """
    SetCorrections {
        height: auto;
        margin-bottom: 1;
    }
    SetCorrections > .set-row {
        height: auto;
    }
    SetCorrections .set-name {
        width: 1fr;
        padding: 1 1 0 0;
    }
    SetCorrections Input {
        width: 14;
    }
    """

    def __init__(self, log: SessionLog, load_unit: str) -> None:
        super().__init__(id="set-corrections")
        self.rows = correctable_sets(log)
        self.load_unit = load_unit

    def compose(self) -> ComposeResult:
        """A heading, then one row per rep set."""
        yield Static("Reps and load: correct them here before saving", classes="set-heading")
        for position, name, visit, uses_load in self.rows:
            with Horizontal(classes="set-row"):
                yield Label(name, classes="set-name", markup=False)
                yield Input(
                    "" if visit.reps is None else str(visit.reps),
                    placeholder="reps",
                    restrict=REPS_PATTERN,
                    id=f"reps-{position}",
                    tooltip="Reps done",
                )
                if uses_load:
                    unit = visit.load_unit or self.load_unit
                    yield Input(
                        "" if visit.load is None else f"{visit.load:g}",
                        placeholder=unit,
                        restrict=LOAD_PATTERN,
                        id=f"load-{position}",
                        tooltip=f"Load, in {unit}",
                    )

    def read(self) -> Mapping[int, tuple[int | None, float | None]]:
        """The reps and load of every row, by the visit's position among the log's steps."""
        values: dict[int, tuple[int | None, float | None]] = {}
        for position, *_ in self.rows:
            reps = self.query_one(f"#reps-{position}", Input).value
            loads = self.query(f"#load-{position}").results(Input)
            load = next((field.value for field in loads), "")
            values[position] = (
                int(reps) if reps else None,
                float(load) if load.strip(".") else None,
            )
        return values
