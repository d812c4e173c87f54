"""Every session of a generated log (skips, per-side sets, pauses, loads, sessions ended early)
round-trips through a FIT activity file read back with the SDK's Decoder."""

from __future__ import annotations

from datetime import UTC, date

import pytest

from bench.make_history import generate_history
from postchain_tui.core.fit_activity import encode_activity, has_work_done
from postchain_tui.core.history import SessionIndex
from postchain_tui.core.record import SessionLog
from tests.fit_support import decode

SESSIONS = 300
WORK = ("hold", "reps")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> list[SessionLog]:
    folder = tmp_path_factory.mktemp("fit-log") / "sessions"
    generate_history(SESSIONS, folder, seed=11, end=date(2026, 11, 22), jobs=2)
    index = SessionIndex.open(folder, None)
    try:
        index.refresh()
        return index.sessions()
    finally:
        index.close()


def test_the_generated_log_has_what_the_files_must_carry(generated: list[SessionLog]) -> None:
    steps = [step for log in generated for step in log.steps]
    assert len(generated) == SESSIONS
    assert any(step.ended_by == "skip" for step in steps)
    assert any(step.side for step in steps)
    assert any(step.paused_s > 0 for step in steps)
    assert any(step.load is not None for step in steps)
    assert any(not log.completed for log in generated)


def test_every_session_round_trips(generated: list[SessionLog]) -> None:
    exported = 0
    for log in generated:
        done = [s for s in log.steps if s.kind in WORK and s.ended_by in ("time", "done")]
        if not done:
            with pytest.raises(ValueError):
                encode_activity(log)
            continue
        exported += 1
        messages = decode(encode_activity(log))
        sets = messages["set_mesgs"]
        active = [s for s in sets if s["set_type"] == "active"]
        rests = [s for s in sets if s["set_type"] == "rest"]
        assert len(active) == len(done), log.id
        for fit_set, step in zip(active, done, strict=True):
            assert fit_set["duration"] == pytest.approx(step.actual_s, abs=0.0005)
            assert fit_set.get("repetitions") == step.reps
            if step.load is None:
                assert "weight" not in fit_set
            else:
                assert fit_set["weight"] == pytest.approx(step.load, abs=1 / 32)
        logged_rests = [s for s in log.steps if s.kind == "rest" and s.actual_s > 0]
        assert [r["duration"] for r in rests] == pytest.approx(
            [s.actual_s for s in logged_rests], abs=0.0005
        )
        session = messages["session_mesgs"][0]
        assert session["start_time"] == log.started_at.astimezone(UTC).replace(microsecond=0)
        assert session["total_elapsed_time"] == pytest.approx(log.wall_s, abs=0.0005)
        assert session["total_timer_time"] == pytest.approx(
            sum(s.actual_s for s in log.steps), abs=0.0005
        )
        assert (session["sport"], session["sub_sport"]) == ("training", "strength_training")
        starts = [s["start_time"] for s in sets]
        assert starts == sorted(starts)
    assert exported > SESSIONS * 0.9


def test_files_are_the_same_bytes_each_time(generated: list[SessionLog]) -> None:
    log = next(log for log in generated if has_work_done(log))
    assert encode_activity(log) == encode_activity(log)
