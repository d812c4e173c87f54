"""The session store: atomic writes, strict reads that never change a file, unique names."""

from __future__ import annotations

import errno
import os
import re
import subprocess
import sys
import tomllib
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from postchain_tui.core import store as store_module
from postchain_tui.core.engine import SessionEngine
from postchain_tui.core.loader import parse_routine
from postchain_tui.core.plan import build_plan
from postchain_tui.core.record import SCHEMA_VERSION, SessionFileError, SessionLog
from postchain_tui.core.store import SessionStore, new_session_id, write_atomically
from tests.fakes import WALL_START, FakeClock, fixed_wall

ROUTINE = """
title = "Bridge and plank"
[defaults]
lead_in = 5
rest = 30
[[exercise]]
name = "Glute bridge"
reps = "8-12"
sets = 2
[[exercise]]
name = "Plank"
hold = 30
"""

ID_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}T\d{6}_[a-z0-9_-]+_[0-9a-f]{16}")


def session(session_id: str | None = None, *, reps: int = 10) -> SessionLog:
    clock = FakeClock(100.0)
    engine = SessionEngine(build_plan(parse_routine(ROUTINE, default_id="bp")), clock, fixed_wall())
    engine.start()
    clock.advance(20)
    engine.done(reps=reps, load=12.5)
    clock.advance(30)
    engine.tick()
    clock.advance(5)
    engine.pause()
    clock.advance(3)
    engine.resume()
    clock.advance(7)
    engine.end_early()
    return SessionLog.from_engine(
        engine,
        session_id=session_id or new_session_id("bp", WALL_START),
        routine="bp",
        title="Bridge and plank",
    )


def listing(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "data" / "sessions"


# -- save and load ----------------------------------------------------------------------------


def test_save_creates_the_folder_and_load_reads_the_same_session(folder: Path) -> None:
    store = SessionStore(folder)
    assert store.session_files() == []
    log = session("2026-11-22T071502_bp_0123456789abcdef").with_feedback(rpe=8, notes="ok")
    path = store.save(log)
    assert path == folder / "2026-11-22T071502_bp_0123456789abcdef.toml"
    assert path == store.path_for(log.id)
    assert listing(folder) == ["2026-11-22T071502_bp_0123456789abcdef.toml"]
    loaded = store.load(path)
    assert loaded == log
    assert loaded.path == path
    assert store.session_files() == [path]
    assert tomllib.loads(path.read_text(encoding="utf-8"))["schema"] == SCHEMA_VERSION


def test_saving_again_replaces_the_earlier_save(folder: Path) -> None:
    store = SessionStore(folder)
    first = session("same")
    store.save(first)
    second = first.with_feedback(rpe=3, notes="second save")
    path = store.save(second)
    assert listing(folder) == ["same.toml"]
    assert store.load(path) == second


def test_delete_removes_only_that_session_and_a_missing_one_is_no_error(folder: Path) -> None:
    store = SessionStore(folder)
    store.save(session("kept"))
    store.save(session("gone"))
    store.delete("gone")
    store.delete("gone")
    store.delete("never-saved")
    assert listing(folder) == ["kept.toml"]


def test_session_files_lists_only_session_files_oldest_name_first(folder: Path) -> None:
    store = SessionStore(folder)
    for name in ("2026-02-01T000000_b_1", "2026-01-01T000000_a_2", "2027-01-01T000000_c_3"):
        store.save(session(name))
    (folder / ".hidden.toml").write_text("x = 1\n")
    (folder / ".2026-01-01T000000_a_2.toml.123.abcdef.tmp").write_text("partial")
    (folder / "notes.txt").write_text("not a session")
    assert [p.name for p in store.session_files()] == [
        "2026-01-01T000000_a_2.toml",
        "2026-02-01T000000_b_1.toml",
        "2027-01-01T000000_c_3.toml",
    ]


def test_a_store_on_a_missing_folder_lists_nothing_and_creates_nothing(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "nowhere")
    assert store.session_files() == []
    assert not (tmp_path / "nowhere").exists()


def test_two_stores_on_one_folder_write_two_distinct_files(folder: Path) -> None:
    one, two = SessionStore(folder), SessionStore(folder)
    first, second = session(reps=8), session(reps=12)
    assert first.started_at == second.started_at and first.routine == second.routine
    assert first.id != second.id
    path_one, path_two = one.save(first), two.save(second)
    assert path_one != path_two
    assert listing(folder) == sorted([path_one.name, path_two.name])
    assert one.load(path_two) == second
    assert two.load(path_one) == first
    assert one.session_files() == two.session_files() == sorted([path_one, path_two])


# -- files that are not sessions --------------------------------------------------------------


def _document(**changes: Any) -> bytes:
    document = session("x").to_document()
    document.update(changes)
    return tomli_w.dumps(document).encode()


NOT_SESSIONS: dict[str, bytes] = {
    "newer schema": _document(schema=SCHEMA_VERSION + 1),
    "much newer schema": _document(schema=99, steps_v2=[{"a": 1}]),
    "foreign toml": b'[project]\nname = "postchain"\n[tool.mypy]\nstrict = true\n',
    "another tool with a schema": b'schema = 1\nname = "backup-tool"\n',
    "a routine": ROUTINE.encode(),
    "garbage": b"this is = = not TOML at all ]]]\n",
    "half a session": _document()[:200],
    "empty": b"",
    "blank": b"   \n\n\t\n",
    "binary": bytes(range(256)) * 4,
    "utf-16": "schema = 1\n".encode("utf-16"),
    "nul bytes": b"schema = 1\x00\x00\n",
    "deep nesting": b"x = " + b"[" * 5000 + b"]" * 5000 + b"\n",
    "impossible date": b"schema = 1\nroutine = 'x'\nstarted_at = 1979-02-30T00:00:00Z\n",
    "bad step": _document(step=[{"index": "first"}]),
}


@pytest.mark.parametrize("name", list(NOT_SESSIONS))
def test_a_file_that_is_not_a_session_is_an_error_and_is_left_as_it_was(
    folder: Path, name: str
) -> None:
    folder.mkdir(parents=True)
    path = folder / "2026-01-01T000000_x_00000000.toml"
    data = NOT_SESSIONS[name]
    path.write_bytes(data)
    os.utime(path, ns=(1_000_000_000, 2_000_000_000))
    store = SessionStore(folder)
    with pytest.raises(SessionFileError) as caught:
        store.load(path)
    assert caught.value.path == path
    assert path.read_bytes() == data
    assert path.stat().st_mtime_ns == 2_000_000_000
    assert listing(folder) == [path.name]
    assert store.session_files() == [path]


def test_a_missing_file_is_an_error(folder: Path) -> None:
    path = folder / "gone.toml"
    with pytest.raises(SessionFileError) as caught:
        SessionStore(folder).load(path)
    assert caught.value.path == path
    assert "cannot be read" in caught.value.message
    assert not folder.exists()


def test_a_folder_named_like_a_session_is_an_error(folder: Path) -> None:
    (folder / "odd.toml").mkdir(parents=True)
    with pytest.raises(SessionFileError):
        SessionStore(folder).load(folder / "odd.toml")


def test_a_session_saved_with_a_byte_order_mark_still_loads(folder: Path) -> None:
    log = session("bom")
    store = SessionStore(folder)
    path = store.save(log)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert store.load(path) == log


# -- session ids ------------------------------------------------------------------------------


def test_session_ids_are_unique_at_the_same_instant() -> None:
    ids = {new_session_id("pre-run-activation", WALL_START) for _ in range(10_000)}
    assert len(ids) == 10_000
    assert all(ID_PATTERN.fullmatch(i) for i in ids)


def test_a_session_id_reads_well() -> None:
    session_id = new_session_id("pre-run-activation", WALL_START)
    assert session_id.startswith("2026-11-22T071502_pre-run-activation_")
    assert ID_PATTERN.fullmatch(session_id)


@pytest.mark.parametrize(
    "routine_id",
    [
        "",
        "---",
        "../../etc/passwd",
        "C:\\Windows\\system32",
        "Ünïcödé Routine ☃",
        'a/b\x00c:d*e?f"g<h>i|j',
        "CON",
        " spaced  out ",
        "x" * 300,
        ".hidden",
    ],
)
def test_a_session_id_is_a_safe_file_name_for_any_routine_id(
    routine_id: str, tmp_path: Path
) -> None:
    session_id = new_session_id(routine_id, WALL_START)
    assert re.fullmatch(r"[A-Za-z0-9_-]+", session_id)
    assert ID_PATTERN.fullmatch(session_id)
    assert len(session_id) <= 18 + 40 + 1 + 16
    path = SessionStore(tmp_path).path_for(session_id)
    assert path.parent == tmp_path
    path.write_text("x")
    assert listing(tmp_path) == [f"{session_id}.toml"]


def test_a_session_id_uses_the_start_time_as_given() -> None:
    started = datetime(2031, 3, 4, 23, 59, 58, tzinfo=timezone(timedelta(hours=-7)))
    assert new_session_id("r", started).startswith("2031-03-04T235958_r_")
    assert new_session_id("", started).startswith("2031-03-04T235958_routine_")


# -- atomic writes ----------------------------------------------------------------------------


def _no_space(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_write_atomically_writes_the_bytes_and_leaves_nothing_else(tmp_path: Path) -> None:
    path = tmp_path / "new" / "file.toml"
    write_atomically(path, b"first\n")
    assert path.read_bytes() == b"first\n"
    write_atomically(path, b"second\n")
    assert path.read_bytes() == b"second\n"
    assert listing(path.parent) == ["file.toml"]


def test_a_full_disk_at_fsync_keeps_the_old_file_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.toml"
    path.write_bytes(b"the old session\n")
    monkeypatch.setattr(os, "fsync", _no_space)
    with pytest.raises(OSError) as caught:
        write_atomically(path, b"the new session\n" * 1000)
    assert caught.value.errno == errno.ENOSPC
    assert path.read_bytes() == b"the old session\n"
    assert listing(tmp_path) == ["s.toml"]


class _FullDiskFile:
    """A file whose writes fail as on a full disk."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle

    def __enter__(self) -> _FullDiskFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()

    def write(self, data: bytes) -> int:
        self.handle.write(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.handle, name)


def test_a_full_disk_mid_write_keeps_the_old_file_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.toml"
    path.write_bytes(b"the old session\n")
    real_open = open

    def half_writing_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        return _FullDiskFile(real_open(file, mode, *args, **kwargs))

    monkeypatch.setattr(store_module, "open", half_writing_open, raising=False)
    with pytest.raises(OSError) as caught:
        write_atomically(path, b"the new session\n" * 1000)
    assert caught.value.errno == errno.ENOSPC
    assert path.read_bytes() == b"the old session\n"
    assert listing(tmp_path) == ["s.toml"]


def test_a_failed_rename_keeps_the_old_file_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.toml"
    path.write_bytes(b"the old session\n")
    monkeypatch.setattr(os, "replace", _no_space)
    with pytest.raises(OSError):
        write_atomically(path, b"new")
    assert path.read_bytes() == b"the old session\n"
    assert listing(tmp_path) == ["s.toml"]


def test_a_failed_first_write_leaves_no_file_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "fsync", _no_space)
    with pytest.raises(OSError):
        write_atomically(tmp_path / "s.toml", b"new")
    assert listing(tmp_path) == []


def test_an_interrupted_write_cleans_up_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.toml"
    path.write_bytes(b"old")

    def interrupt(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(path, b"new")
    assert path.read_bytes() == b"old"
    assert listing(tmp_path) == ["s.toml"]


def test_a_save_on_a_full_disk_keeps_the_earlier_save_readable(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = SessionStore(folder)
    log = session("s")
    path = store.save(log)
    before = path.read_bytes()
    monkeypatch.setattr(os, "fsync", _no_space)
    with pytest.raises(OSError):
        store.save(log.with_feedback(rpe=9, notes="x" * 10_000))
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert store.load(path) == log
    assert listing(folder) == ["s.toml"]


# -- text from session files ----------------------------------------------------------------------


def test_control_characters_in_a_session_file_are_read_as_symbols(folder: Path) -> None:
    store = SessionStore(folder)
    log = session("hostile")
    hostile = "\x1b]0;pwned\x07\x1b[2J"
    steps = tuple(replace(step, exercise=f"Bridge{hostile}") for step in log.steps)
    path = store.save(replace(log, title=f"Title{hostile}", notes=f"Notes{hostile}", steps=steps))
    loaded = store.load(path)
    shown = [loaded.title, loaded.notes, *(step.exercise for step in loaded.steps)]
    assert shown[:3] == ["Title␛]0;pwned␇␛[2J", "Notes␛]0;pwned␇␛[2J", "Bridge␛]0;pwned␇␛[2J"]
    assert not any("\x1b" in text or "\x07" in text for text in shown)


def test_write_atomically_refuses_to_replace_a_symbolic_link(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.txt"
    target.write_bytes(b"not postchain's\n")
    link = tmp_path / "settings.toml"
    link.symlink_to(target)
    with pytest.raises(OSError, match="a symbolic link; it is left as it is"):
        write_atomically(link, b"theme = 'nord'\n")
    assert link.is_symlink() and target.read_bytes() == b"not postchain's\n"
    assert listing(tmp_path) == ["elsewhere.txt", "settings.toml"]


# -- saves cut off before their rename ------------------------------------------------------------


def dead_pid() -> int:
    """The id of a process that has ended."""
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(finished.stdout)


def temporary_of(path: Path, pid: int) -> Path:
    return path.with_name(f".{path.name}.{pid}.a1b2c3.tmp")


def test_a_cut_off_first_save_becomes_the_session_file(folder: Path) -> None:
    store = SessionStore(folder)
    log = session("cut")
    saved = store.save(log)
    temporary = temporary_of(saved, dead_pid())
    os.replace(saved, temporary)  # killed before the rename: the only copy
    assert store.session_files() == []
    assert store.recover_saves() == [saved]
    assert listing(folder) == ["cut.toml"]
    assert store.load(saved) == log


def test_a_cut_off_later_save_replaces_the_older_session_file(folder: Path) -> None:
    store = SessionStore(folder)
    saved = store.save(session("cut"))
    os.utime(saved, ns=(1_000_000_000, 1_000_000_000))
    later = session("cut").with_feedback(rpe=7, notes="the later save")
    temporary = temporary_of(saved, dead_pid())
    write_atomically(temporary, tomli_w.dumps(later.to_document()).encode("utf-8"))
    assert store.recover_saves() == [saved]
    assert listing(folder) == ["cut.toml"]
    assert store.load(saved).notes == "the later save"


@pytest.mark.parametrize("case", ["older", "broken"])
def test_an_older_or_broken_temporary_file_is_removed(folder: Path, case: str) -> None:
    store = SessionStore(folder)
    saved = store.save(session("cut"))
    before = saved.read_bytes()
    temporary = temporary_of(saved, dead_pid())
    if case == "older":
        temporary.write_bytes(tomli_w.dumps(session("cut", reps=3).to_document()).encode())
        os.utime(temporary, ns=(1_000_000_000, 1_000_000_000))
    else:
        temporary.write_bytes(b"schema = 1\nstep = [")
    assert store.recover_saves() == []
    assert listing(folder) == ["cut.toml"]
    assert saved.read_bytes() == before


def test_the_temporary_file_of_a_save_in_progress_is_left_alone(folder: Path) -> None:
    store = SessionStore(folder)
    saved = store.save(session("busy"))
    temporary = temporary_of(saved, os.getppid())  # a process that is running
    temporary.write_bytes(b"half a sess")
    assert store.recover_saves() == []
    assert temporary.exists()


# -- a file another program holds open (Windows will not replace it) ------------------------------


class HeldOpen:
    """``os.replace`` as on Windows while another program reads the target: refused, a number
    of times, before it lets go."""

    def __init__(self, refusals: int) -> None:
        self.refusals = refusals

    def __call__(self, source: Path, target: Path) -> None:
        if self.refusals > 0:
            self.refusals -= 1
            raise PermissionError(13, "The process cannot access the file", str(target))
        os.replace(source, target)


def test_a_file_held_open_for_a_moment_is_replaced_on_a_later_try(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_bytes(b"the old session\n")
    pauses: list[float] = []
    write_atomically(path, b"the new session\n", replace=HeldOpen(2), pause=pauses.append)
    assert path.read_bytes() == b"the new session\n"
    assert pauses == list(store_module.REPLACE_PAUSES_S[:2])
    assert listing(tmp_path) == ["s.toml"]


def test_a_session_file_that_stays_held_keeps_the_new_save_for_the_next_start(
    folder: Path,
) -> None:
    store = SessionStore(folder)
    log = session("held")
    path = store.save(log)
    before = path.read_bytes()
    changed = log.with_feedback(rpe=8, notes="felt strong")
    data = tomli_w.dumps(changed.to_document()).encode("utf-8")
    pauses: list[float] = []
    with pytest.raises(PermissionError) as caught:
        write_atomically(path, data, replace=HeldOpen(99), pause=pauses.append)
    assert pauses == list(store_module.REPLACE_PAUSES_S)
    assert path.read_bytes() == before
    kept = [name for name in listing(folder) if name != "held.toml"]
    assert len(kept) == 1 and kept[0] in str(caught.value)
    assert (folder / kept[0]).read_bytes() == data
    assert store.recover_saves() == [path]
    assert store.load(path) == changed
    assert listing(folder) == ["held.toml"]
