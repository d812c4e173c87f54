"""``export --format fit`` and ``show ROUTINE --format fit`` from the command line."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from postchain_tui.cli import main
from postchain_tui.core.record import SessionLog
from tests.fit_support import decode
from tests.log_builders import at, gap, hold, make_log, plain_session, rep_set, save

BRIDGES_ID = "2026-11-22T071500_bridges_0123456789abcdef"
PLANKS_ID = "2026-11-23T180000_planks_fedcba9876543210"


def run(capsys: pytest.CaptureFixture[str], tmp_path: Path, *args: str) -> tuple[int, str, str]:
    status = main(
        ["--config-dir", str(tmp_path / "config"), "--data-dir", str(tmp_path / "data"), *args]
    )
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def nothing_done() -> SessionLog:
    steps = [gap(0, "lead_in", "Glute bridge", 5), rep_set(1, "Glute bridge", ended_by="skip")]
    return make_log("2026-11-24T070000_bridges_00000000000000aa", at(24), steps, completed=False)


@pytest.fixture
def logged(tmp_path: Path) -> Path:
    """Three sessions: two with work done, one with none. Returns the folder to export into."""
    sessions = tmp_path / "data" / "sessions"
    save(sessions, plain_session(BRIDGES_ID, at(22, 7, 15)))
    save(sessions, plain_session(PLANKS_ID, at(23, 18), routine="planks"))
    save(sessions, nothing_done())
    out = tmp_path / "out"
    out.mkdir()
    return out


def test_each_session_with_work_done_becomes_a_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, logged: Path
) -> None:
    status, out, err = run(capsys, tmp_path, "export", "--format", "fit", "--out", str(logged))
    assert (status, err) == (0, "")
    assert "2 written, 0 unchanged, 1 skipped (nothing done)" in out
    names = sorted(path.name for path in logged.iterdir())
    assert names == ["2026-11-22T07-15-bridges.fit", "2026-11-23T18-00-planks.fit"]
    for name in names:
        sets = decode((logged / name).read_bytes())["set_mesgs"]
        assert [s["set_type"] for s in sets] == ["active", "rest", "active", "active"]


def test_running_it_again_leaves_the_files_as_they_are(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, logged: Path
) -> None:
    run(capsys, tmp_path, "export", "--format", "fit", "--out", str(logged))
    stamps = {path.name: path.stat().st_mtime_ns for path in logged.iterdir()}
    status, out, _ = run(capsys, tmp_path, "export", "--format", "fit", "--out", str(logged))
    assert status == 0
    assert "0 written, 2 unchanged, 1 skipped (nothing done)" in out
    assert {path.name: path.stat().st_mtime_ns for path in logged.iterdir()} == stamps


def test_a_session_changed_since_is_written_again(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, logged: Path
) -> None:
    run(capsys, tmp_path, "export", "--format", "fit", "--out", str(logged))
    sessions = tmp_path / "data" / "sessions"
    edited = plain_session(BRIDGES_ID, at(22, 7, 15))
    steps = (replace(edited.steps[0], reps=14), *edited.steps[1:])
    save(sessions, replace(edited, steps=steps), mtime_ns=None)
    status, out, _ = run(capsys, tmp_path, "export", "--format", "fit", "--out", str(logged))
    assert status == 0
    assert "1 written, 1 unchanged" in out
    sets = decode((logged / "2026-11-22T07-15-bridges.fit").read_bytes())["set_mesgs"]
    assert sets[0]["repetitions"] == 14
    assert not [path for path in logged.iterdir() if path.name.startswith(".")]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (["--session", PLANKS_ID], ["2026-11-23T18-00-planks.fit"]),
        (["--routine", "bridges"], ["2026-11-22T07-15-bridges.fit"]),
        (["--since", "2026-11-23"], ["2026-11-23T18-00-planks.fit"]),
        (["--session", PLANKS_ID, "--routine", "bridges"], []),
    ],
)
def test_filters_narrow_the_export(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    logged: Path,
    filters: list[str],
    expected: list[str],
) -> None:
    args = ("export", "--format", "fit", "--out", str(logged), *filters)
    status, _, _ = run(capsys, tmp_path, *args)
    assert status == 0
    assert sorted(path.name for path in logged.iterdir()) == expected


def test_an_unknown_session_id_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, logged: Path
) -> None:
    status, _, err = run(
        capsys, tmp_path, "export", "--format", "fit", "--out", str(logged), "--session", "nope"
    )
    assert status == 1
    assert "no session with the id 'nope'" in err


def test_a_missing_folder_is_not_created(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, logged: Path
) -> None:
    missing = tmp_path / "missing"
    status, out, err = run(capsys, tmp_path, "export", "--format", "fit", "--out", str(missing))
    assert (status, out) == (1, "")
    assert f"{missing} does not exist" in err
    assert not missing.exists()


def test_fit_needs_a_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, logged: Path
) -> None:
    status, _, err = run(capsys, tmp_path, "export", "--format", "fit")
    assert status == 1
    assert "--out DIR" in err


def test_a_file_that_cannot_be_written_is_named(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, logged: Path
) -> None:
    # A folder where the file should go can be neither read as the file nor replaced.
    blocked = logged / "2026-11-22T07-15-bridges.fit"
    blocked.mkdir()
    status, out, err = run(capsys, tmp_path, "export", "--format", "fit", "--out", str(logged))
    assert (status, out) == (1, "")
    assert err.startswith(f"postchain: cannot write {blocked}: ")
    assert "Traceback" not in err


def test_show_writes_the_routine_as_a_workout(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "bridges.fit"
    status, out, err = run(
        capsys, tmp_path, "show", "back-workout-day", "--format", "fit", "--out", str(target)
    )
    assert (status, err) == (0, "")
    assert str(target) in out
    workout = decode(target.read_bytes())["workout_mesgs"][0]
    assert workout["wkt_name"] == "Back routine: workout day"


def test_show_into_a_folder_names_the_file_by_the_routine(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _, _ = run(capsys, tmp_path, "show", "plyometrics", "--format", "fit", "--out",
                       str(tmp_path))
    assert status == 0
    decode((tmp_path / "plyometrics.fit").read_bytes())


def test_show_does_not_replace_a_file_unless_forced(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "mine.fit"
    target.write_bytes(b"mine")
    args = ("show", "plyometrics", "--format", "fit", "--out", str(target))
    status, _, err = run(capsys, tmp_path, *args)
    assert status == 1
    assert "exists already" in err
    assert target.read_bytes() == b"mine"
    assert run(capsys, tmp_path, *args, "--force")[0] == 0
    decode(target.read_bytes())


def test_show_fit_holds_start_where_the_next_session_would(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # The last session held the superman for its 20 s in full, so the next one starts at 25 s;
    # the reverse plank was never done and starts at the low end of its range.
    holds = [hold(n, "Superman hold", n + 1, planned_s=20, actual_s=20.0, total_sets=3)
             for n in range(3)]
    last = make_log("2026-11-22T070000_back-workout-day_00000000000000bb", at(22), holds,
                    routine="back-workout-day")
    save(tmp_path / "data" / "sessions", last)
    target = tmp_path / "back.fit"
    run(capsys, tmp_path, "show", "back-workout-day", "--format", "fit", "--out", str(target))
    steps = decode(target.read_bytes())["workout_step_mesgs"]
    held = {s["wkt_step_name"]: s["duration_time"] for s in steps if s.get("intensity") == "active"
            and s["duration_type"] == "time"}
    assert held == {"Superman hold": 25.0, "Reverse plank": 20.0}
