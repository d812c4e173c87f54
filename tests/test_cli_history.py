"""``postchain history`` and ``postchain export`` run through ``main`` on a data folder."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from bench.make_history import generate_history
from postchain_tui.cli import main
from postchain_tui.commands.history import write_json_array
from postchain_tui.core.record import Pain
from postchain_tui.core.session_json import session_to_json
from postchain_tui.core.store import SessionStore
from tests.log_builders import SETTLED_NS, at, plain_session, save

SESSION_KEYS = {
    "id",
    "routine",
    "title",
    "started_at",
    "ended_at",
    "completed",
    "wall_s",
    "kind",
    "sets_done",
    "sets_planned",
    "counts_toward_goal",
    "plan",
    "routine_file",
    "routine_digest",
    "rpe",
    "notes",
    "pain",
    "steps",
}
STEP_KEYS = {
    "index",
    "name",
    "kind",
    "exercise",
    "set",
    "sets",
    "side",
    "planned_s",
    "actual_s",
    "paused_s",
    "ended_by",
    "skipped",
    "adjust_s",
    "target_reps",
    "reps",
    "load",
    "load_unit",
    "exercise_index",
}


def postchain(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    status = main(["--data-dir", str(data), *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def logged(data: Path) -> Path:
    """Three sessions: two of ``bridges`` (the newest cut off) and one of ``planks``."""
    sessions = data / "sessions"
    save(sessions, plain_session("one", at(20, 7, 5), rpe=6))
    save(sessions, plain_session("two", at(21, 18, 30), routine="planks", pain=Pain.SHARP))
    save(sessions, plain_session("three", at(22, 6, 45), completed=False))
    return data


# -- history ------------------------------------------------------------------------------------


def test_an_empty_log_says_so(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    assert postchain(capsys, data, "history") == (
        0,
        "No sessions logged yet. Start one with: postchain start ROUTINE\n",
        "",
    )
    assert postchain(capsys, data, "history", "--json") == (0, "[]\n", "")
    assert postchain(capsys, data, "history", "--routine", "plyometrics") == (
        0,
        "No sessions match.\n",
        "",
    )


def test_the_table_lists_sessions_newest_first(
    capsys: pytest.CaptureFixture[str], logged: Path
) -> None:
    status, out, err = postchain(capsys, logged, "history")
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        "date              routine  time  sets  counts  RPE  pain",
        "2026-11-22 06:45  bridges  1:55   2/4  yes       -  -",
        "2026-11-21 18:30  planks   1:55   2/4  yes       -  sharp",
        "2026-11-20 07:05  bridges  1:55   2/4  yes       6  -",
    ]


def test_json_has_every_session_with_its_steps(
    capsys: pytest.CaptureFixture[str], logged: Path
) -> None:
    status, out, err = postchain(capsys, logged, "history", "--json")
    assert (status, err) == (0, "")
    sessions = json.loads(out)
    assert [session["id"] for session in sessions] == ["three", "two", "one"]
    for session in sessions:
        assert set(session) == SESSION_KEYS
        assert [set(step) for step in session["steps"]] == [STEP_KEYS] * 5
    three = sessions[0]
    assert three["completed"] is False
    assert (three["started_at"], three["ended_at"]) == (
        "2026-11-22T06:45:00+01:00",
        "2026-11-22T06:46:55+01:00",
    )
    assert (three["rpe"], three["notes"], three["pain"], three["sets_done"]) == (
        None,
        "",
        "none",
        2,
    )
    assert (three["sets_planned"], three["counts_toward_goal"], three["kind"]) == (
        4,
        True,
        "strength",
    )
    assert three["steps"][2] == {
        "index": 2,
        "name": "Side plank",
        "kind": "hold",
        "exercise": "Side plank",
        "set": 1,
        "sets": 2,
        "side": "left",
        "planned_s": 30,
        "actual_s": 30.0,
        "paused_s": 0.0,
        "ended_by": "time",
        "skipped": False,
        "adjust_s": 0,
        "target_reps": None,
        "reps": None,
        "load": None,
        "load_unit": None,
        "exercise_index": None,
    }
    assert three["steps"][0]["load_unit"] is None  # a load logged before units were saved
    assert three["steps"][1]["name"] == "Rest"
    assert sessions[1]["pain"] == "sharp" and sessions[2]["rpe"] == 6


def test_since_and_routine_filter(capsys: pytest.CaptureFixture[str], logged: Path) -> None:
    def ids(*args: str) -> list[str]:
        status, out, _ = postchain(capsys, logged, "history", "--json", *args)
        assert status == 0
        return [session["id"] for session in json.loads(out)]

    assert ids("--since", "2026-11-21") == ["three", "two"]
    assert ids("--routine", "bridges") == ["three", "one"]
    assert ids("--since", "2026-11-21", "--routine", "bridges") == ["three"]
    assert ids("--since", "2026-11-23") == []
    _, out, _ = postchain(capsys, logged, "history", "--routine", "planks")
    assert [line.split()[2] for line in out.splitlines()[1:]] == ["planks"]


@pytest.mark.parametrize("since", ["yesterday", "2026-13-01", "22/11/2026", ""])
def test_a_bad_since_is_an_argument_error(
    capsys: pytest.CaptureFixture[str], data: Path, since: str
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--data-dir", str(data), "history", "--since", since])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert f"argument --since: {since!r} is not a date; write it as YYYY-MM-DD" in err


def test_files_that_are_not_sessions_are_named_once_and_left_alone(
    capsys: pytest.CaptureFixture[str], logged: Path
) -> None:
    sessions = logged / "sessions"
    broken = {
        "a-garbage.toml": b"]]] not toml",
        "b-empty.toml": b"",
        "c-binary.toml": b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe",
        "d-foreign.toml": b'[package]\nname = "something-else"\n',
        "e-newer.toml": (sessions / "one.toml").read_bytes().replace(b"schema = 2", b"schema = 3"),
    }
    for name, content in broken.items():
        (sessions / name).write_bytes(content)
        os.utime(sessions / name, ns=(SETTLED_NS, SETTLED_NS))
    before = {path.name: path.read_bytes() for path in sessions.iterdir()}

    for arguments in (["history"], ["history", "--json"], ["export"]):
        status, out, err = postchain(capsys, logged, *arguments)
        assert status == 0
        lines = err.splitlines()
        assert [line.split(": ")[1] for line in lines] == [
            f"skipped {sessions / name}" for name in sorted(broken)
        ]
        assert all(line.startswith("postchain: skipped ") for line in lines)
    assert "not valid TOML" in lines[0] and "not UTF-8" in lines[2]
    assert "not a postchain session" in lines[1] and "not a postchain session" in lines[3]
    assert "written by a newer postchain" in lines[4]
    status, out, _ = postchain(capsys, logged, "history", "--json")
    assert [session["id"] for session in json.loads(out)] == ["three", "two", "one"]
    assert {path.name: path.read_bytes() for path in sessions.iterdir()} == before


# -- export -------------------------------------------------------------------------------------


def test_export_csv_to_standard_output(capsys: pytest.CaptureFixture[str], logged: Path) -> None:
    status, out, err = postchain(capsys, logged, "export")
    assert (status, err) == (0, "")
    rows = list(csv.DictReader(io.StringIO(out)))
    # Three sessions, each a bridge set and a plank on each side; oldest first.
    assert [(row["session_id"], row["exercise"], row["side"]) for row in rows] == [
        (session, exercise, side)
        for session in ("one", "two", "three")
        for exercise, side in (
            ("Glute bridge", ""),
            ("Side plank", "left"),
            ("Side plank", "right"),
        )
    ]
    assert [row["completed"] for row in rows[-3:]] == ["false"] * 3
    status, out, _ = postchain(capsys, logged, "export", "--routine", "planks", "--format", "json")
    assert [row["session_id"] for row in json.loads(out)] == ["two"] * 3


def test_export_strong(capsys: pytest.CaptureFixture[str], logged: Path) -> None:
    status, out, _ = postchain(
        capsys, logged, "export", "--format", "strong", "--since", "2026-11-22"
    )
    assert status == 0
    assert out.splitlines()[0] == (
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
        "Notes,Workout Notes,RPE"
    )
    assert out.splitlines()[1:] == [
        "2026-11-22 06:45:00,Bridges routine,2m,Glute bridge,1,12.5,10,0,0,,completed: false,",
        "2026-11-22 06:45:00,Bridges routine,2m,Side plank,1,0,0,0,30,left,completed: false,",
        "2026-11-22 06:45:00,Bridges routine,2m,Side plank,2,0,0,0,25,right,completed: false,",
    ]


def test_export_to_a_file_never_overwrites_without_force(
    capsys: pytest.CaptureFixture[str], logged: Path, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "sets.csv"
    target.parent.mkdir()
    status, out, err = postchain(capsys, logged, "export", "--out", str(target))
    assert (status, out, err) == (0, f"Exported 3 sessions to {target}\n", "")
    assert len(list(csv.DictReader(target.open(encoding="utf-8")))) == 9

    target.write_bytes(b"my own notes")
    status, out, err = postchain(capsys, logged, "export", "--out", str(target), "--format", "json")
    assert (status, out) == (1, "")
    assert err == f"postchain: {target} exists already; add --force to replace it\n"
    assert target.read_bytes() == b"my own notes"

    status, _, _ = postchain(
        capsys, logged, "export", "--out", str(target), "--format", "json", "--force"
    )
    assert status == 0
    assert len(json.loads(target.read_text(encoding="utf-8"))) == 9
    assert sorted(path.name for path in target.parent.iterdir()) == ["sets.csv"]


# -- a long generated history -------------------------------------------------------------------


@pytest.fixture(scope="module")
def long_history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("long") / "data"
    generate_history(2000, data / "sessions", seed=3, end=date(2026, 11, 22))
    return data


def test_a_generated_history_of_2000_sessions_is_listed_in_full(
    capsys: pytest.CaptureFixture[str], long_history: Path
) -> None:
    sessions_dir = long_history / "sessions"
    files = sorted(sessions_dir.glob("*.toml"))
    assert len(files) == 2000
    for _ in range(2):  # a cold index, then a warm one
        status, out, err = postchain(capsys, long_history, "history", "--json")
        assert (status, err) == (0, "")
        listed = json.loads(out)
        # Every session starts at the same offset, so newest first is file name order reversed.
        assert [session["id"] for session in listed] == [path.stem for path in reversed(files)]
    assert listed[0]["started_at"].startswith("2026-11-2")
    assert listed[-1]["started_at"].startswith("2025-01-")  # 667 days back

    store = SessionStore(sessions_dir)
    by_id = {session["id"]: session for session in listed}
    for path in files[::97]:
        assert by_id[path.stem] == session_to_json(store.load(path))
    incomplete = sum(b"completed = false" in path.read_bytes() for path in files)
    assert 0 < incomplete == sum(not session["completed"] for session in listed)

    status, out, _ = postchain(capsys, long_history, "history", "--since", "2026-11-01")
    expected = [path for path in files if path.name >= "2026-11-01"]
    assert len(out.splitlines()) == len(expected) + 1

    status, out, _ = postchain(capsys, long_history, "export")
    rows = list(csv.DictReader(io.StringIO(out)))
    sets = sum(
        len({step["index"] for step in session["steps"] if step["kind"] in ("hold", "reps")})
        for session in listed
    )
    assert len(rows) == sets
    assert {row["session_id"] for row in rows} <= set(by_id)


def test_the_generated_history_is_repeatable(tmp_path: Path) -> None:
    def generated(name: str, seed: int) -> dict[str, bytes]:
        folder = tmp_path / name
        assert generate_history(40, folder, seed=seed, end=date(2026, 11, 22)) == 40
        return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}

    first = generated("first", 5)
    assert len(first) == 40
    assert generated("again", 5) == first
    assert generated("other", 6) != first


def test_the_json_array_is_written_one_document_a_line_as_they_come() -> None:
    def documents(count: int) -> Iterator[str]:
        yield from (json.dumps({"n": n}) for n in range(count))

    written = []
    for count in (0, 1, 3):
        out = io.StringIO()
        write_json_array(documents(count), out)
        written.append(out.getvalue())
        assert json.loads(out.getvalue()) == [{"n": n} for n in range(count)]
    assert written[0] == "[]\n"
    assert written[1] == '[\n{"n": 0}\n]\n'
    assert written[2].splitlines()[1:3] == ['{"n": 0},', '{"n": 1},']


@pytest.mark.parametrize("command", [("history",), ("history", "--json"), ("export",)])
def test_an_unknown_routine_filter_is_named_with_the_known_ids(
    capsys: pytest.CaptureFixture[str], logged: Path, command: tuple[str, ...]
) -> None:
    status, out, err = postchain(capsys, logged, *command, "--routine", "plank")
    assert (status, out) == (2, "")
    assert err.startswith(
        "postchain: --routine: no routine called 'plank'; did you mean 'planks'? "
        "(allowed: an id (back-easy-day, "
    )
    assert "bridges" in err and "planks" in err and ".toml" not in err


def test_export_into_a_folder_that_does_not_exist_says_so_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], logged: Path, tmp_path: Path
) -> None:
    target = tmp_path / "no" / "such" / "folder" / "log.csv"
    status, out, err = postchain(capsys, logged, "export", "--out", str(target))
    assert (status, out) == (1, "")
    assert err == (
        f"postchain: --out: the folder {target.parent} does not exist; "
        "create it first, or choose another\n"
    )
    assert not (tmp_path / "no").exists()


def test_export_onto_a_symbolic_link_is_refused(
    capsys: pytest.CaptureFixture[str], logged: Path, tmp_path: Path
) -> None:
    target = tmp_path / "elsewhere.csv"
    target.write_text("theirs\n", encoding="utf-8")
    link = tmp_path / "log.csv"
    link.symlink_to(target)
    status, _, err = postchain(capsys, logged, "export", "--out", str(link), "--force")
    assert status == 1
    assert err == f"postchain: {link}: a symbolic link; it is left as it is\n"
    assert target.read_text(encoding="utf-8") == "theirs\n"
