"""The plan preview's table: columns padded to the width, long step names wrapped in theirs."""

from __future__ import annotations

from postchain_tui.widgets.plan_preview import StepRow, table_text

ROWS = [
    StepRow("1", "Get ready", "0:05", muted=True),
    StepRow("2", "Glute bridge · set 1/2", "0:30"),
    StepRow("3", "Bird dog · set 1/2 · left", "8-10 reps · ~0:40"),
    StepRow("10", "Rest", "1:00", muted=True),
]


def test_every_line_fills_the_width_and_times_end_at_the_right_edge() -> None:
    lines = table_text(ROWS, "~3:05", 50).plain.split("\n")
    assert lines[0].split() == ["#", "Step", "Time"]
    assert set(lines[1]) == {"─"}
    body = [line for line in lines[2:] if line]
    assert all(len(line) == 50 for line in [lines[0], lines[1], *body])
    assert body[0].endswith("0:05") and body[0].lstrip().startswith("1  Get ready")
    assert body[2].endswith("8-10 reps · ~0:40")
    assert body[3].startswith("10  Rest")
    assert lines[-2] == ""
    assert lines[-1].split() == ["Total", "~3:05"]
    assert lines[-1].endswith("~3:05")


def test_a_step_name_longer_than_its_column_wraps_under_itself() -> None:
    long = StepRow("1", "Single-leg Romanian deadlift with a kettlebell · set 3/3", "0:45")
    lines = table_text([long], "0:45", 30).plain.split("\n")[2:-2]
    assert len(lines) > 1
    label_start = lines[0].index("Single")
    assert all(len(line) == 30 for line in lines)
    assert all(line[:label_start].strip() == "" for line in lines[1:])
    # The number leads the first line, the time ends the last.
    assert lines[0].lstrip().startswith("1")
    assert lines[-1].endswith("0:45") and not lines[0].endswith("0:45")
    words = " ".join(line[label_start:].replace("0:45", "").strip() for line in lines).split()
    assert words == long.label.split()


def test_rests_are_dim_and_work_is_not() -> None:
    text = table_text(ROWS, "3:05", 50)
    dim_text = {text.plain[span.start : span.end] for span in text.spans if span.style == "dim"}
    assert any("Get ready" in part for part in dim_text)
    assert not any("Glute bridge" in part for part in dim_text)
