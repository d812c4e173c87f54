"""One log on two computers: a data folder a sync tool shares (Syncthing, Nextcloud, Dropbox,
git), with each machine's index kept out of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from postchain_tui import locations
from postchain_tui.core.history import SessionIndex
from postchain_tui.core.overview import week_goal
from tests.log_builders import at, plain_session, save


def test_the_index_is_kept_out_of_a_shared_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "shared"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "this-machine"))
    assert locations.sessions_dir().is_relative_to(tmp_path / "shared")
    assert locations.index_path().is_relative_to(tmp_path / "this-machine")
    assert locations.running_dir().is_relative_to(tmp_path / "shared")
    locations.set_data_dir(tmp_path / "private")
    try:
        assert locations.index_path() == tmp_path / "private" / "index.sqlite3"
    finally:
        locations.set_data_dir(None)


def sync(one: Path, other: Path) -> None:
    """What a sync tool does: each side gets the files it lacks; where both changed a file,
    one side's version wins and the other's is kept beside it as a conflict copy."""
    for source, target in ((one, other), (other, one)):
        for path in sorted(source.glob("*.toml")):
            twin = target / path.name
            if not twin.exists():
                shutil.copy2(path, twin)
            elif twin.read_bytes() != path.read_bytes():
                shutil.copy2(twin, target / f"{path.stem} (conflicted copy).toml")
                shutil.copy2(path, twin)


def test_two_machines_that_share_their_log_end_up_with_the_same_log_counted_once(
    tmp_path: Path,
) -> None:
    laptop, desktop = tmp_path / "laptop", tmp_path / "desktop"
    save(laptop, plain_session("2026-11-16T070000_bridges_aaaa", at(16)))
    save(laptop, plain_session("2026-11-18T070000_bridges_bbbb", at(18)))
    save(desktop, plain_session("2026-11-17T180000_bridges_cccc", at(17, 18)))
    sync(laptop, desktop)
    # Both edit the notes of one session before the next sync: a conflict.
    shared = "2026-11-18T070000_bridges_bbbb"
    save(laptop, plain_session(shared, at(18), notes="on the laptop"))
    save(desktop, plain_session(shared, at(18), notes="on the desktop"))
    sync(laptop, desktop)

    listed = {}
    for machine in (laptop, desktop):
        with SessionIndex.open(machine, tmp_path / f"{machine.name}.sqlite3") as index:
            problems = index.refresh()
            summaries = index.summaries()
        listed[machine.name] = [(s.id, s.notes) for s in summaries]
        assert [s.id for s in summaries] == [
            "2026-11-18T070000_bridges_bbbb",
            "2026-11-17T180000_bridges_cccc",
            "2026-11-16T070000_bridges_aaaa",
        ], "each session once"
        assert week_goal(summaries, at(22).date(), goal=2).done == 3
        assert [p.message for p in problems] == [f"a duplicate of session {shared}; left as it is"]
    assert listed["laptop"] == listed["desktop"]
