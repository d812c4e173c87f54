"""Finding the interrupted sessions to offer on start, and the markers that are let go."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from postchain_tui.core.catalog import Catalog, load_catalog
from postchain_tui.core.resume import routine_digest, sessions_to_offer
from postchain_tui.core.running import RunningMarker, interrupted_sessions
from postchain_tui.core.store import SessionStore
from tests.log_builders import at, make_log
from tests.resume_support import cut_off, left_behind
from tests.ui_support import REST_1, UI_ROUTINES, ui_catalog


def test_markers_are_offered_newest_first_with_where_they_go_on(tmp_path: Path) -> None:
    store, running = SessionStore(tmp_path / "sessions"), tmp_path / "running"
    for session_id, day in (("2026-11-20T0700_a", 20), ("2026-11-21T0700_b", 21)):
        store.save(cut_off(session_id, day))
        left_behind(running, session_id)
    offers, problems = sessions_to_offer(running, store, ui_catalog())
    assert problems == []
    assert [offer.log.id for offer in offers] == ["2026-11-21T0700_b", "2026-11-20T0700_a"]
    assert [offer.resume_at for offer in offers] == [REST_1, REST_1]
    assert offers[0].why_not_resumable == ""
    assert interrupted_sessions(running) == ["2026-11-20T0700_a", "2026-11-21T0700_b"]


def test_a_session_whose_routine_is_gone_is_offered_but_not_resumable(tmp_path: Path) -> None:
    store, running = SessionStore(tmp_path / "sessions"), tmp_path / "running"
    store.save(cut_off("s", 21))
    left_behind(running, "s")
    (offer,), _ = sessions_to_offer(running, store, Catalog())
    assert (offer.routine, offer.resume_at) == (None, None)
    assert offer.why_not_resumable == "The routine 'ui-short' is not among your routines any more."


def test_missing_unreadable_and_completed_sessions_lose_their_markers(tmp_path: Path) -> None:
    store, running = SessionStore(tmp_path / "sessions"), tmp_path / "running"
    store.save(make_log("done", at(21), routine="ui-short", completed=True))
    store.folder.joinpath("broken.toml").write_text("schema = [", encoding="utf-8")
    for session_id in ("done", "broken", "never-saved"):
        left_behind(running, session_id)
    offers, problems = sessions_to_offer(running, store, ui_catalog())
    assert offers == []
    assert [(error.path.name if error.path else "", error.message[:12]) for error in problems] == [
        ("never-saved.toml", "no file: del"),
        ("broken.toml", "not valid TO"),
    ]
    assert interrupted_sessions(running) == []


def test_a_kept_marker_stays_for_the_next_start_and_a_released_one_goes(tmp_path: Path) -> None:
    kept, released = RunningMarker(tmp_path, "kept"), RunningMarker(tmp_path, "released")
    assert kept.acquire() and released.acquire()
    kept.keep()
    released.release()
    assert not kept.held
    assert interrupted_sessions(tmp_path) == ["kept"]


def test_a_session_whose_only_copy_is_a_cut_off_save_is_offered(tmp_path: Path) -> None:
    store, running = SessionStore(tmp_path / "sessions"), tmp_path / "running"
    saved = store.save(cut_off("s", 21))
    # Killed between writing the temporary file and renaming it, by a process now gone.
    os.replace(saved, saved.with_name(f".{saved.name}.{2**22 + 7}.0a1b2c.tmp"))
    left_behind(running, "s")
    (offer,), problems = sessions_to_offer(running, store, ui_catalog())
    assert problems == []
    assert (offer.log.id, offer.resume_at) == ("s", REST_1)
    assert sorted(path.name for path in store.folder.iterdir()) == ["s.toml"]


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (None, ""),
        ("edit", "has changed since the session was started"),
        ("remove", "is not there any more"),
    ],
)
def test_a_session_of_a_routine_started_from_its_path_is_resumed_while_the_file_is_the_same(
    tmp_path: Path, change: str | None, why: str
) -> None:
    routine_file = tmp_path / "my.toml"
    routine_file.write_bytes((UI_ROUTINES / "ui-short.toml").read_bytes())
    log = replace(
        cut_off("s", 21),
        routine_file=str(routine_file),
        routine_digest=routine_digest(routine_file),
    )
    store, running = SessionStore(tmp_path / "sessions"), tmp_path / "running"
    store.save(log)
    left_behind(running, "s")
    if change == "edit":
        routine_file.write_text(routine_file.read_text() + "\n# one more line\n")
    elif change == "remove":
        routine_file.unlink()
    (offer,), _ = sessions_to_offer(running, store, Catalog())
    assert (offer.resume_at is not None) is (change is None)
    assert why in offer.why_not_resumable
    if change is not None:
        assert str(routine_file) in offer.why_not_resumable


def test_a_session_whose_routine_has_more_sets_now_says_so(tmp_path: Path) -> None:
    store, running = SessionStore(tmp_path / "sessions"), tmp_path / "running"
    store.save(cut_off("s", 21))
    left_behind(running, "s")
    routines = tmp_path / "routines"
    routines.mkdir()
    source = (UI_ROUTINES / "ui-short.toml").read_text(encoding="utf-8")
    (routines / "ui-short.toml").write_text(source.replace("sets = 2", "sets = 3"), "utf-8")
    (offer,), _ = sessions_to_offer(running, store, load_catalog(routines, None))
    assert offer.resume_at is None
    assert offer.why_not_resumable == (
        "Its routine has changed since: Glute bridge has 3 sets now (2 before)."
    )
