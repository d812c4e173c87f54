"""The session index: it follows the files, skips what is not a session, and survives damage."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import UTC, date, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from postchain_tui.core import history as history_module
from postchain_tui.core import index_reading, index_refresh
from postchain_tui.core.engine import SessionEngine
from postchain_tui.core.history import Freshness, SessionIndex
from postchain_tui.core.index_background import BackgroundRefresh
from postchain_tui.core.index_reading import FileStamp, read_entries, read_entries_in_parallel
from postchain_tui.core.index_refresh import TooManyToRead
from postchain_tui.core.loader import parse_routine
from postchain_tui.core.plan import build_plan
from postchain_tui.core.record import Pain, SessionLog
from postchain_tui.core.session_json import session_from_json, session_to_json
from postchain_tui.core.store import UNSETTLED_NS, SessionStore
from tests.fakes import FakeClock, fixed_wall
from tests.index_support import LATER_NS, HeldReader, settle
from tests.log_builders import SETTLED_NS, at, make_log, plain_session, rep_set, save
from tests.waiting import wait_until


def listed(folder: Path, index_path: Path) -> tuple[list[str], list[str]]:
    """The session ids (newest first) and the skipped files' names, after a refresh."""
    with SessionIndex.open(folder, index_path) as index:
        problems = index.refresh()
        return [log.id for log in index.sessions()], [str(p.path.name) for p in problems if p.path]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


# -- listing ------------------------------------------------------------------------------------


def test_sessions_come_back_newest_first_exactly_as_saved(folder: Path, index_path: Path) -> None:
    older = plain_session("a-older", at(20), rpe=6, notes='steady, then "wobbly"')
    # 08:00 at UTC+03:00 is 05:00 UTC: earlier than 07:00 at UTC+01:00 (06:00 UTC) on the 21st.
    middle = plain_session("b-middle", at(21, 8, tz=timezone(timedelta(hours=3))), pain=Pain.MILD)
    newest = plain_session("c-newest", at(21, 7), completed=False)
    for log in (older, newest, middle):
        save(folder, log)

    with SessionIndex.open(folder, index_path) as index:
        assert index.refresh() == []
        sessions = index.sessions()
        assert sessions == [newest, middle, older]
        assert [log.path for log in sessions] == [folder / f"{log.id}.toml" for log in sessions]
        assert index.get("b-middle") == middle
        assert index.get("no-such-session") is None
        summaries = index.summaries()
    assert [(s.id, s.counts.reached_end, s.counts.sets_text, s.rpe, s.pain) for s in summaries] == [
        ("c-newest", False, "2/4", None, Pain.NONE),
        ("b-middle", True, "2/4", None, Pain.MILD),
        ("a-older", True, "2/4", 6, Pain.NONE),
    ]
    assert summaries[0].wall_s == 115.0
    assert index_path.is_file()


def test_filters_by_local_start_date_and_routine(folder: Path, index_path: Path) -> None:
    # 23:30 on the 20th at UTC+01:00 is the 20th where it was done, though the 20th 22:30 UTC.
    late = plain_session("late-20th", at(20, 23, 30), routine="bridges")
    save(folder, late)
    save(folder, plain_session("early-21st", at(21, 6), routine="planks"))
    save(folder, plain_session("on-the-22nd", at(22, 0, 5, tz=UTC), routine="bridges"))
    with SessionIndex.open(folder, index_path) as index:
        index.refresh()
        assert [log.id for log in index.sessions(since=date(2026, 11, 21))] == [
            "on-the-22nd",
            "early-21st",
        ]
        assert [log.id for log in index.sessions(since=date(2026, 11, 20))] == [
            "on-the-22nd",
            "early-21st",
            "late-20th",
        ]
        assert [log.id for log in index.sessions(routine="bridges")] == ["on-the-22nd", "late-20th"]
        assert [s.id for s in index.summaries(date(2026, 11, 21), "bridges")] == ["on-the-22nd"]
        assert index.sessions(routine="nothing") == []
        assert len(list(index.documents(since=date(2026, 11, 22)))) == 1


def test_no_sessions_folder_lists_nothing_and_creates_nothing(tmp_path: Path) -> None:
    with SessionIndex.open(tmp_path / "missing", tmp_path / "index.sqlite3") as index:
        assert index.refresh() == []
        assert index.sessions() == []
    assert list(tmp_path.iterdir()) == []


def test_the_json_form_round_trips_every_field() -> None:
    log = make_log(
        "full",
        at(22, 7, 15),
        [
            rep_set(0, "Swing", reps=12, load=16.0),
            rep_set(1, "Swing", 2, reps=None, ended_by="skip", actual_s=1.5),
            rep_set(0, "Swing", reps=11, load=17.5),
        ],
        rpe=9,
        notes='ünïcode, "quotes"\nand a second line',
        pain=Pain.SHARP,
        completed=False,
    )
    document = session_to_json(log)
    assert document["steps"][1]["skipped"] is True
    assert document["steps"][1]["reps"] is None
    assert document["steps"][0]["side"] is None
    assert session_from_json(document) == log


def test_a_played_session_round_trips_through_the_index(folder: Path, index_path: Path) -> None:
    routine = parse_routine(
        'title = "Clams"\n[[exercise]]\nname = "Clamshell"\nhold = 20\nper_side = true\nsets = 2\n',
        default_id="clams",
    )
    clock = FakeClock(10.0)
    engine = SessionEngine(build_plan(routine), clock, fixed_wall(at(22)))
    engine.start()
    for _ in range(4):
        clock.advance(7.25)
        engine.tick()
    engine.skip()
    clock.advance(3)
    engine.end_early()
    log = SessionLog.from_engine(engine, session_id="played", routine="clams", title="Clams")
    save(folder, log.with_feedback(rpe=5))
    with SessionIndex.open(folder, index_path) as index:
        index.refresh()
        assert index.sessions() == [SessionStore(folder).load(folder / "played.toml")]


# -- files that are not sessions ----------------------------------------------------------------

NEWER = tomli_w.dumps({**plain_session("x", at(1)).to_document(), "schema": 99}).encode()

NOT_SESSIONS = {
    "garbage": (b"this = is { not toml", "not valid TOML"),
    "empty": (b"", "not a postchain session"),
    "binary": (bytes(range(256)) * 4, "not UTF-8"),
    "another-tool": (b"[tool.black]\nline-length = 88\n", "not a postchain session"),
    "newer-schema": (NEWER, "written by a newer postchain (schema 99"),
}


@pytest.mark.parametrize("name", sorted(NOT_SESSIONS))
def test_a_file_that_is_not_a_session_is_reported_kept_and_hides_nothing(
    folder: Path, index_path: Path, reads: list[str], name: str
) -> None:
    content, reason = NOT_SESSIONS[name]
    save(folder, plain_session("2026-11-20_valid", at(20)))
    save(folder, plain_session("2026-11-22_valid", at(22)))
    broken = folder / f"2026-11-21_{name}.toml"
    broken.write_bytes(content)
    os.utime(broken, ns=(SETTLED_NS, SETTLED_NS))
    before = snapshot(folder)

    for run in range(2):
        with SessionIndex.open(folder, index_path) as index:
            problems = index.refresh()
            assert [log.id for log in index.sessions()] == ["2026-11-22_valid", "2026-11-20_valid"]
        assert len(problems) == 1
        assert problems[0].path == broken
        assert reason in problems[0].message
        assert str(problems[0]) == f"{broken}: {problems[0].message}"
        if run == 0:
            assert sorted(reads) == sorted(before)
        else:
            assert reads == sorted(before), "the second refresh read nothing again"
    assert snapshot(folder) == before


def test_a_broken_file_is_read_again_once_it_changes(
    folder: Path, index_path: Path, reads: list[str]
) -> None:
    broken = folder / "2026-11-21_fixed-later.toml"
    broken.write_bytes(b"half a file")
    os.utime(broken, ns=(SETTLED_NS, SETTLED_NS))
    assert listed(folder, index_path) == ([], ["2026-11-21_fixed-later.toml"])
    fixed = save(folder, plain_session("x", at(21)), SETTLED_NS + 10**9)
    os.replace(fixed, broken)
    assert listed(folder, index_path) == (["x"], [])
    assert reads == ["2026-11-21_fixed-later.toml", "2026-11-21_fixed-later.toml"]


def test_hidden_files_other_extensions_and_folders_are_not_looked_at(
    folder: Path, index_path: Path
) -> None:
    save(folder, plain_session("real", at(21)))
    (folder / ".real.toml.1234.abc.tmp").write_bytes(b"half")
    (folder / ".hidden.toml").write_bytes(b"garbage")
    (folder / "notes.txt").write_bytes(b"garbage")
    (folder / "folder.toml").mkdir()
    assert listed(folder, index_path) == (["real"], [])


def test_a_file_name_that_is_not_utf8_is_reported(folder: Path, index_path: Path) -> None:
    save(folder, plain_session("real", at(21)))
    try:
        descriptor = os.open(os.fsencode(folder) + b"/bad-\xff-name.toml", os.O_CREAT | os.O_WRONLY)
    except (OSError, UnicodeError):
        pytest.skip("the file system refuses names that are not UTF-8")
    os.close(descriptor)
    ids, skipped = listed(folder, index_path)
    assert ids == ["real"]
    assert skipped == ["bad-\udcff-name.toml"]


# -- staleness ----------------------------------------------------------------------------------


def test_added_changed_and_deleted_files_show_on_the_next_refresh(
    folder: Path, index_path: Path, reads: list[str]
) -> None:
    first = save(folder, plain_session("first", at(20), rpe=5))
    save(folder, plain_session("second", at(21)))
    assert listed(folder, index_path) == (["second", "first"], [])
    reads.clear()

    save(folder, plain_session("third", at(22)))
    assert listed(folder, index_path) == (["third", "second", "first"], [])
    assert reads == ["third.toml"]
    reads.clear()

    save(folder, plain_session("first", at(20), rpe=8, notes="feedback added"), SETTLED_NS + 1)
    with SessionIndex.open(folder, index_path) as index:
        index.refresh()
        changed = index.get("first")
    assert changed is not None and (changed.rpe, changed.notes) == (8, "feedback added")
    assert reads == ["first.toml"]
    reads.clear()

    first.unlink()
    assert listed(folder, index_path) == (["third", "second"], [])
    assert reads == []


def test_a_file_saved_just_now_is_read_again_even_if_its_stamp_looks_the_same(
    folder: Path, index_path: Path
) -> None:
    path = save(folder, plain_session("fresh", at(21), rpe=5), mtime_ns=None)
    stamp = path.stat()
    assert listed(folder, index_path) == (["fresh"], [])
    # A second save within the same timestamp tick, of the same size.
    save(folder, plain_session("fresh", at(21), rpe=7), mtime_ns=None)
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert path.stat().st_size == stamp.st_size
    with SessionIndex.open(folder, index_path) as index:
        index.refresh()
        fresh = index.get("fresh")
    assert fresh is not None and fresh.rpe == 7


def test_a_settled_unchanged_folder_reads_nothing(
    folder: Path, index_path: Path, reads: list[str]
) -> None:
    for day in range(1, 21):
        save(folder, plain_session(f"s{day:02d}", at(day)))
    listed(folder, index_path)
    reads.clear()
    ids, _ = listed(folder, index_path)
    assert len(ids) == 20 and reads == []


# -- a damaged, outdated, locked or unwritable index --------------------------------------------


def test_a_corrupt_index_is_rebuilt(folder: Path, index_path: Path) -> None:
    save(folder, plain_session("kept", at(21)))
    index_path.write_bytes(b"SQLite format 3\x00" + b"\xde\xad" * 3000)
    with SessionIndex.open(folder, index_path) as index:
        assert index.refresh() == []
        assert [log.id for log in index.sessions()] == ["kept"]
        assert not index.in_memory
    with sqlite3.connect(index_path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_an_index_damaged_after_opening_is_rebuilt_on_refresh(
    folder: Path, index_path: Path
) -> None:
    save(folder, plain_session("kept", at(21)))
    listed(folder, index_path)
    with SessionIndex.open(folder, index_path) as index:
        index_path.write_bytes(b"not a database at all" * 200)
        save(folder, plain_session("added", at(22)))
        assert index.refresh() == []
        assert [log.id for log in index.sessions()] == ["added", "kept"]
    assert listed(folder, index_path) == (["added", "kept"], [])


def test_an_index_of_another_format_is_rebuilt(folder: Path, index_path: Path) -> None:
    save(folder, plain_session("kept", at(21)))
    index_path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(index_path) as connection:
        connection.execute("CREATE TABLE entries (name TEXT)")
        connection.execute("PRAGMA user_version = 7")
    assert listed(folder, index_path) == (["kept"], [])


def test_a_locked_index_falls_back_to_reading_the_files(
    folder: Path, index_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save(folder, plain_session("first", at(20)))
    listed(folder, index_path)
    save(folder, plain_session("second", at(21)))
    monkeypatch.setattr(history_module, "LOCK_TIMEOUT_S", 0.0)
    other = sqlite3.connect(index_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process is writing
    try:
        with SessionIndex.open(folder, index_path) as index:
            assert index.refresh() == []
            assert index.in_memory
            assert [log.id for log in index.sessions()] == ["second", "first"]
    finally:
        other.execute("ROLLBACK")
        other.close()
    with SessionIndex.open(folder, index_path) as index:
        index.refresh()
        assert not index.in_memory
        assert [log.id for log in index.sessions()] == ["second", "first"]


def test_an_index_that_cannot_be_created_is_kept_in_memory(folder: Path, tmp_path: Path) -> None:
    save(folder, plain_session("only", at(21)))
    blocker = tmp_path / "a-file"
    blocker.write_bytes(b"")
    with SessionIndex.open(folder, blocker / "index.sqlite3") as index:
        assert index.refresh() == []
        assert index.in_memory
        assert [log.id for log in index.sessions()] == ["only"]


REFRESH_AND_COUNT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from postchain_tui.core.history import SessionIndex

    ready, go = Path(sys.argv[3]), Path(sys.argv[4])
    ready.touch()
    while not go.exists():  # the test makes it once both are ready, or when it gives up
        time.sleep(0.001)
    with SessionIndex.open(Path(sys.argv[1]), Path(sys.argv[2])) as index:
        began = time.monotonic()
        problems = index.refresh()
        ended = time.monotonic()
        print(len(index.sessions()), len(problems), began, ended)
    """
)


def test_two_processes_refreshing_at_once_both_see_everything(
    folder: Path, index_path: Path, tmp_path: Path
) -> None:
    for number in range(150):
        save(folder, plain_session(f"s{number:03d}", at(1 + number % 28, number % 24)))
    (folder / "broken.toml").write_bytes(b"{")
    go = tmp_path / "go"
    ready = [tmp_path / f"ready-{number}" for number in range(2)]
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                REFRESH_AND_COUNT,
                str(folder),
                str(index_path),
                str(mark),
                str(go),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        for mark in ready
    ]
    try:
        wait_until(lambda: all(mark.exists() for mark in ready), "both processes ready to refresh")
    finally:
        go.touch()
    outputs = [worker.communicate(timeout=120)[0].split() for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0]
    assert [output[:2] for output in outputs] == [["150", "1"], ["150", "1"]]
    # Each refreshed while the other did: the index was written by both at once.
    (began_one, ended_one), (began_two, ended_two) = ((float(o[2]), float(o[3])) for o in outputs)
    assert began_one < ended_two and began_two < ended_one, outputs
    with sqlite3.connect(index_path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("SELECT count(*) FROM entries").fetchone() == (151,)


# -- reading many files -------------------------------------------------------------------------


@pytest.fixture
def many(folder: Path) -> Iterator[list[tuple[str, FileStamp]]]:
    for number in range(12):
        save(folder, plain_session(f"s{number:02d}", at(1 + number)))
    (folder / "zz-broken.toml").write_bytes(b"\x00\x01")
    yield [(path.name, FileStamp(1, 2)) for path in sorted(folder.iterdir())]


def test_reading_in_several_processes_gives_the_same_rows(
    folder: Path, many: list[tuple[str, FileStamp]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_reading, "PARALLEL_FROM", 1)
    rows = read_entries_in_parallel(folder, many)
    assert rows == read_entries(folder, many)
    assert [row[0] for row in rows] == [name for name, _ in many]
    assert rows[-1][3] is not None and all(row[3] is None for row in rows[:-1])


# -- the folder's stamp: trusting an unchanged folder without listing it ------------------------


def refreshed(folder: Path, index_path: Path, now_ns: int = LATER_NS) -> Freshness:
    """Refresh the index in full at ``now_ns``, then say how fresh it is."""
    with SessionIndex.open(folder, index_path, lambda: now_ns) as index:
        index.refresh()
        return index.freshness()


def freshness(folder: Path, index_path: Path) -> Freshness:
    with SessionIndex.open(folder, index_path, lambda: LATER_NS) as index:
        return index.freshness()


def test_an_unchanged_folder_is_trusted_without_listing_it(
    folder: Path, index_path: Path, reads: list[str], scandirs: list[str]
) -> None:
    for day in (20, 21):
        save(folder, plain_session(f"s{day}", at(day)))
    settle(folder)
    assert freshness(folder, index_path) is Freshness.UNBUILT  # no index yet
    assert refreshed(folder, index_path) is Freshness.UNCHANGED
    reads.clear()
    scandirs.clear()
    assert freshness(folder, index_path) is Freshness.UNCHANGED
    assert scandirs == [] and reads == []


@pytest.mark.parametrize("change", ["added", "replaced", "removed"])
def test_a_file_added_replaced_or_removed_changes_the_folder(
    folder: Path, index_path: Path, change: str
) -> None:
    kept = save(folder, plain_session("kept", at(20), rpe=5))
    settle(folder)
    assert refreshed(folder, index_path) is Freshness.UNCHANGED
    if change == "added":
        save(folder, plain_session("added", at(21)))
    elif change == "replaced":
        save(folder, plain_session("kept", at(20), rpe=8))  # saved anew, by renaming
    else:
        kept.unlink()
    assert freshness(folder, index_path) is Freshness.CHANGED


def test_a_folder_changed_just_before_the_listing_is_not_trusted(
    folder: Path, index_path: Path
) -> None:
    save(folder, plain_session("s20", at(20)))
    settle(folder)
    # A second later a change in the same step of a coarse clock would leave the same time.
    assert refreshed(folder, index_path, SETTLED_NS + 10**9) is Freshness.CHANGED
    assert refreshed(folder, index_path, SETTLED_NS + UNSETTLED_NS) is Freshness.CHANGED
    assert refreshed(folder, index_path, SETTLED_NS + UNSETTLED_NS + 1) is Freshness.UNCHANGED


def test_a_file_changed_just_before_the_listing_is_not_trusted(
    folder: Path, index_path: Path
) -> None:
    save(folder, plain_session("s20", at(20)), mtime_ns=LATER_NS - 10**9)
    settle(folder)
    assert refreshed(folder, index_path) is Freshness.CHANGED
    assert refreshed(folder, index_path, LATER_NS + UNSETTLED_NS) is Freshness.UNCHANGED


def test_reading_at_most_some_files_changes_nothing_when_more_have_changed(
    folder: Path, index_path: Path, reads: list[str], scandirs: list[str]
) -> None:
    for day in range(1, 6):
        save(folder, plain_session(f"s{day:02d}", at(day)))
    with SessionIndex.open(folder, index_path, lambda: LATER_NS) as index:
        with pytest.raises(TooManyToRead):
            index.refresh(read_at_most=4)
        assert reads == [] and index.sessions() == []
        assert index.freshness() is Freshness.UNBUILT
        assert len(scandirs) == 1, "an index never built gives up on counting the names"
        index.refresh(read_at_most=5)
        assert len(index.sessions()) == 5
    reads.clear()
    save(folder, plain_session("s06", at(6)))
    save(folder, plain_session("s07", at(7)))
    with SessionIndex.open(folder, index_path, lambda: LATER_NS) as index:
        with pytest.raises(TooManyToRead):
            index.refresh(read_at_most=1)
        assert reads == []
        index.refresh(read_at_most=2)
        assert len(index.sessions()) == 7
    assert sorted(reads) == ["s06.toml", "s07.toml"]


def test_an_index_locked_by_another_writer_is_not_read_again_when_only_the_folder_changed(
    folder: Path, index_path: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    save(folder, plain_session("s20", at(20)), mtime_ns=SETTLED_NS - 10 * 10**9)
    settle(folder)
    refreshed(folder, index_path, SETTLED_NS + 10**9)  # too soon to trust the folder's time
    reads.clear()
    monkeypatch.setattr(history_module, "LOCK_TIMEOUT_S", 0.0)
    other = sqlite3.connect(index_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process is writing
    try:
        with SessionIndex.open(folder, index_path, lambda: LATER_NS) as index:
            index.refresh()
            assert not index.in_memory
            assert [log.id for log in index.sessions()] == ["s20"]
            assert index.freshness() is Freshness.CHANGED  # its stamp could not be stored
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert reads == []
    assert refreshed(folder, index_path) is Freshness.UNCHANGED


# -- building in the background -----------------------------------------------------------------


def rows_of(index_path: Path) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Every row of the index file, and its folder stamp."""
    with sqlite3.connect(index_path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        entries = connection.execute("SELECT * FROM entries ORDER BY name").fetchall()
        stamp = connection.execute("SELECT * FROM folder").fetchall()
    return entries, stamp


@pytest.fixture
def seven(folder: Path) -> list[str]:
    """Seven sessions and a file that is not one, settled; their names."""
    for day in range(1, 8):
        save(folder, plain_session(f"s{day:02d}", at(day)))
    broken = folder / "s00-broken.toml"
    broken.write_bytes(b"{")
    os.utime(broken, ns=(SETTLED_NS, SETTLED_NS))
    settle(folder)
    return sorted(path.name for path in folder.iterdir())


def test_a_background_refresh_builds_the_same_index_as_a_foreground_one(
    folder: Path, tmp_path: Path, seven: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_refresh, "BACKGROUND_BATCH", 3)
    foreground, background = tmp_path / "foreground.sqlite3", tmp_path / "background.sqlite3"
    assert refreshed(folder, foreground) is Freshness.UNCHANGED
    refresh = BackgroundRefresh(folder, background, lambda: LATER_NS)
    refresh.start()
    assert refresh.wait(30)
    assert not refresh.running
    assert rows_of(background) == rows_of(foreground)
    assert len(rows_of(background)[0]) == len(seven)
    assert freshness(folder, background) is Freshness.UNCHANGED


def test_a_background_refresh_stopped_between_batches_leaves_a_usable_unbuilt_index(
    folder: Path,
    index_path: Path,
    seven: list[str],
    reads: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(index_refresh, "BACKGROUND_BATCH", 3)
    held = HeldReader()
    monkeypatch.setattr(index_refresh, "read_entries_in_parallel", held)
    refresh = BackgroundRefresh(folder, index_path, lambda: LATER_NS)
    refresh.start()
    assert held.first_read.wait(30)
    refresh.stop(wait_s=0)  # asked to stop while the first batch is being read
    held.carry_on.set()
    assert refresh.wait(30)
    assert held.calls == 1
    entries, stamp = rows_of(index_path)
    assert [row[0] for row in entries] == seven[:3] and stamp == []
    assert freshness(folder, index_path) is Freshness.UNBUILT
    monkeypatch.setattr(index_refresh, "read_entries_in_parallel", read_entries_in_parallel)

    reads.clear()
    assert listed(folder, index_path)[0] == [f"s{day:02d}" for day in range(7, 0, -1)]
    assert reads == seven[3:], "the next refresh reads only what is missing"


BUILD_THEN_DIE = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from postchain_tui.core import index_background, index_refresh

    index_refresh.BACKGROUND_BATCH = 3
    record_folder = index_refresh.record_folder
    batches = []

    def record_then_die(connection, folder):
        record_folder(connection, folder)
        batches.append(folder)
        if len(batches) == 2:  # in the middle of storing the second batch
            os._exit(0)

    index_refresh.record_folder = record_then_die
    refresh = index_background.BackgroundRefresh(Path(sys.argv[1]), Path(sys.argv[2]))
    refresh.start()
    refresh.wait(60)
    sys.exit(1)  # not reached: the process dies mid-batch
    """
)


def test_a_process_that_dies_mid_batch_leaves_a_usable_index(
    folder: Path, index_path: Path, seven: list[str]
) -> None:
    command = [sys.executable, "-c", BUILD_THEN_DIE, str(folder), str(index_path)]
    assert subprocess.run(command, timeout=120).returncode == 0
    assert freshness(folder, index_path) is Freshness.UNBUILT
    entries, stamp = rows_of(index_path)  # the unfinished batch was rolled back
    assert [row[0] for row in entries] == seven[:3] and stamp == []
    assert len(listed(folder, index_path)[0]) == 7


# -- a folder a sync tool shares ------------------------------------------------------------------


def test_a_conflict_copy_is_named_as_a_copy_and_the_session_listed_once(
    folder: Path, index_path: Path
) -> None:
    log = plain_session("2026-11-21T070000_bridges_a", at(21))
    original = save(folder, log)
    copy = folder / f"{log.id} (conflicted copy 2026-11-21).toml"
    copy.write_bytes(original.read_bytes().replace(b'notes = ""', b'notes = "from the laptop"'))
    before = snapshot(folder)
    with SessionIndex.open(folder, index_path) as index:
        problems = index.refresh()
        assert [log.id for log in index.sessions()] == [log.id]
        assert [summary.id for summary in index.summaries()] == [log.id]
        assert len(list(index.documents())) == 1
        found = index.get(log.id)
        assert found is not None and found.path == original and found.notes == ""
    assert [(p.path, p.message) for p in problems] == [
        (copy, f"a duplicate of session {log.id}; left as it is")
    ]
    assert snapshot(folder) == before, "nothing is deleted or changed"


def test_of_two_copies_without_the_original_the_first_by_name_is_the_session(
    folder: Path, index_path: Path
) -> None:
    log = plain_session("2026-11-21T070000_bridges_a", at(21))
    text = save(folder, log).read_bytes()
    (folder / f"{log.id}.toml").unlink()
    for suffix in (" (laptop)", " (desktop)"):
        (folder / f"{log.id}{suffix}.toml").write_bytes(text)
    with SessionIndex.open(folder, index_path) as index:
        problems = index.refresh()
        assert [found.path.name for found in index.sessions() if found.path] == [
            f"{log.id} (desktop).toml"
        ]
    assert [p.path.name for p in problems if p.path] == [f"{log.id} (laptop).toml"]
