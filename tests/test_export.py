"""Exports: one row per set and side, readable by Python's csv and json modules."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import pytest

from postchain_tui.commands.export import FORMATS
from postchain_tui.core.export import (
    EXPORTERS,
    SET_COLUMNS,
    STRONG_COLUMNS,
    csv_cell,
    export_csv,
    export_json,
    export_strong,
    final_sets,
)
from postchain_tui.core.record import Pain
from tests.log_builders import at, gap, hold, make_log, rep_set

# Two bridge sets (the second redone after going back), a per-side plank with its right side
# skipped, and the rests, switch and lead-in between them.
STEPS = [
    gap(0, "lead_in", "Glute bridge", 5),
    rep_set(1, "Glute bridge", 1, reps=10, load=12.5, actual_s=21.5),
    gap(2, "rest", "Glute bridge"),
    rep_set(3, "Glute bridge", 2, reps=6, load=12.5, ended_by="back"),
    gap(2, "rest", "Glute bridge"),
    rep_set(3, "Glute bridge", 2, reps=12, load=15.0, actual_s=30.25),
    gap(4, "rest", "Glute bridge"),
    hold(5, "Side plank, bent knee", 1, side="left", actual_s=45.0, planned_s=40, total_sets=1),
    gap(6, "switch", "Side plank, bent knee", 5),
    hold(7, "Side plank, bent knee", 1, side="right", actual_s=2.0, ended_by="skip", total_sets=1),
]
SESSION = make_log(
    "2026-11-22T071500_bridges_0123456789abcdef",
    at(22, 7, 15),
    STEPS,
    rpe=7,
    notes='Left hip, then "fine"',
)
CUT_OFF = make_log(
    "2026-11-23T180000_bridges_fedcba9876543210",
    at(23, 18),
    [gap(0, "lead_in", "Glute bridge", 5), rep_set(1, "Glute bridge", 1, reps=8, load=None)],
    completed=False,
    pain=Pain.MILD,
)


def test_final_sets_are_the_work_steps_once_each_as_last_done() -> None:
    assert [(step.index, step.reps, outcome.value) for step, outcome in final_sets(SESSION)] == [
        (1, 10, "done"),
        (3, 12, "done"),
        (5, None, "done"),
        (7, None, "skipped"),
    ]


def test_csv_has_one_row_per_set_and_side() -> None:
    rows = list(csv.DictReader(io.StringIO(export_csv([SESSION, CUT_OFF]))))
    assert tuple(rows[0]) == SET_COLUMNS
    shared = {
        "date": "2026-11-22 07:15:00",
        "routine": "bridges",
        "rpe": "7",
        "completed": "true",
        "counts_toward_goal": "true",
        "session_id": SESSION.id,
    }
    assert rows == [
        {
            **shared,
            "exercise": "Glute bridge",
            "set": "1",
            "side": "",
            "kind": "reps",
            "planned_s": "24",
            "actual_s": "21.5",
            "reps": "10",
            "load": "12.5",
            "skipped": "false",
            "load_unit": "",
            "outcome": "done",
        },
        {
            **shared,
            "exercise": "Glute bridge",
            "set": "2",
            "side": "",
            "kind": "reps",
            "planned_s": "24",
            "actual_s": "30.25",
            "reps": "12",
            "load": "15.0",
            "skipped": "false",
            "load_unit": "",
            "outcome": "done",
        },
        {
            **shared,
            "exercise": "Side plank, bent knee",
            "set": "1",
            "side": "left",
            "kind": "hold",
            "planned_s": "40",
            "actual_s": "45.0",
            "reps": "",
            "load": "",
            "skipped": "false",
            "load_unit": "",
            "outcome": "done",
        },
        {
            **shared,
            "exercise": "Side plank, bent knee",
            "set": "1",
            "side": "right",
            "kind": "hold",
            "planned_s": "30",
            "actual_s": "2.0",
            "reps": "",
            "load": "",
            "skipped": "true",
            "load_unit": "",
            "outcome": "skipped",
        },
        {
            "date": "2026-11-23 18:00:00",
            "routine": "bridges",
            "exercise": "Glute bridge",
            "set": "1",
            "side": "",
            "kind": "reps",
            "planned_s": "24",
            "actual_s": "25.0",
            "reps": "8",
            "load": "",
            "skipped": "false",
            "load_unit": "",
            "outcome": "done",
            "rpe": "",
            "completed": "false",
            "counts_toward_goal": "true",
            "session_id": CUT_OFF.id,
        },
    ]


def test_csv_of_no_sessions_is_just_the_heading() -> None:
    assert export_csv([]) == ",".join(SET_COLUMNS) + "\n"


def test_json_has_the_same_rows_with_real_types() -> None:
    rows = json.loads(export_json([SESSION, CUT_OFF]))
    assert len(rows) == 5
    assert all(tuple(row) == SET_COLUMNS for row in rows)
    assert rows[3] == {
        "date": "2026-11-22 07:15:00",
        "routine": "bridges",
        "exercise": "Side plank, bent knee",
        "set": 1,
        "side": "right",
        "kind": "hold",
        "planned_s": 30,
        "actual_s": 2.0,
        "reps": None,
        "load": None,
        "skipped": True,
        "load_unit": None,
        "outcome": "skipped",
        "rpe": 7,
        "completed": True,
        "counts_toward_goal": True,
        "session_id": SESSION.id,
    }
    assert rows[4]["completed"] is False and rows[4]["rpe"] is None
    assert json.loads(export_json([])) == []


def test_strong_csv_has_the_sets_done_in_strongs_columns() -> None:
    text = export_strong([SESSION, CUT_OFF])
    reader = csv.reader(io.StringIO(text))
    assert tuple(next(reader)) == STRONG_COLUMNS
    rows = list(csv.DictReader(io.StringIO(text)))
    title = "Bridges routine"
    assert [
        (row["Workout Name"], row["Exercise Name"], row["Set Order"], row["Weight"], row["Reps"])
        for row in rows
    ] == [
        (title, "Glute bridge", "1", "12.5", "10"),
        (title, "Glute bridge", "2", "15.0", "12"),
        (title, "Side plank, bent knee", "1", "0", "0"),
        (title, "Glute bridge", "1", "0", "8"),
    ]
    plank = rows[2]
    assert (plank["Seconds"], plank["Notes"], plank["Distance"]) == ("45", "left", "0")
    assert (rows[0]["Seconds"], rows[0]["Notes"]) == ("0", "")
    assert rows[0]["Date"] == "2026-11-22 07:15:00"
    assert rows[0]["Duration"] == "4m"  # 223.75 s
    assert rows[0]["Workout Notes"] == 'Left hip, then "fine"'
    assert rows[0]["RPE"] == "7"
    assert rows[3]["Workout Notes"] == "pain: mild; completed: false"
    assert rows[3]["RPE"] == ""


def test_strong_duration_shows_hours_and_minutes() -> None:
    long_session = make_log("long", at(22), [hold(0, "Plank", actual_s=3900.0)])
    (row,) = csv.DictReader(io.StringIO(export_strong([long_session])))
    assert row["Duration"] == "1h 5m"


def test_the_command_line_offers_every_exporter_and_only_those() -> None:
    # fit writes a file per session (core.fit_export) rather than one text.
    assert set(FORMATS) == set(EXPORTERS) | {"fit"}


FORMULAS = ["=cmd|' /C calc'!A0", "-2+3", "+1", "@SUM(A1)", "\tx"]


@pytest.mark.parametrize("name", FORMULAS, ids=repr)
def test_text_a_spreadsheet_would_run_is_quoted_in_csv(name: str) -> None:
    log = make_log(
        "2026-11-22T071500_bridges_0123456789abcdef",
        at(22, 7, 15),
        [rep_set(1, name, 1, actual_s=-0.5, load=-2.5)],
        notes="=HYPERLINK(1)",
    )
    set_row = next(csv.DictReader(io.StringIO(export_csv([log]))))
    assert set_row["exercise"] == f"'{name}"
    assert (set_row["actual_s"], set_row["load"]) == ("-0.5", "-2.5")  # numbers stay numbers
    strong_row = next(csv.DictReader(io.StringIO(export_strong([log]))))
    assert strong_row["Exercise Name"] == f"'{name}"
    assert strong_row["Workout Notes"] == "'=HYPERLINK(1)"


def test_a_cell_starting_with_a_carriage_return_is_quoted() -> None:
    assert csv_cell("\rx") == "'\rx"


def test_json_export_never_writes_nan() -> None:
    log = replace(SESSION, steps=(replace(SESSION.steps[1], load=float("nan")),))
    with pytest.raises(ValueError, match="not JSON compliant"):
        export_json([log])
