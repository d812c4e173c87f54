"""``postchain new``, ``postchain start --last`` and the line printed after a session."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from postchain_tui import locations
from postchain_tui.app import AppOptions
from postchain_tui.cli import main
from postchain_tui.core.loader import load_routine
from postchain_tui.core.outcome import SessionOutcome, exit_line
from tests.fakes import fields_of
from tests.log_builders import at, plain_session, save
from tests.progress_support import session_of
from tests.test_app_summary import SIZE, finish_short_routine
from tests.ui_support import Rig, advance, rig, short_routine


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path) -> Iterator[None]:
    """Every test gets its own empty config and data folders."""
    yield
    locations.set_config_dir(None)
    locations.set_data_dir(None)


def run(capsys: pytest.CaptureFixture[str], tmp_path: Path, *args: str) -> tuple[int, str, str]:
    status = main(
        ["--config-dir", str(tmp_path / "config"), "--data-dir", str(tmp_path / "data"), *args]
    )
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_new_writes_a_commented_template_that_passes_check(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, err = run(capsys, tmp_path, "new", "hip-day")
    path = tmp_path / "config" / "routines" / "hip-day.toml"
    assert (status, out, err) == (0, f"{path}\n", "")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Your own routine. Edit it, then check it with:\n")
    assert f"#     postchain check {path}\n" in text
    routine = load_routine(path)
    assert (routine.id, routine.title) == ("hip-day", "Hip day")
    assert main(["check", str(path)]) == 0


def test_new_never_replaces_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "config" / "routines"
    folder.mkdir(parents=True)
    (folder / "hip-day.toml").write_text("# keep me\n", encoding="utf-8")
    status, out, err = run(capsys, tmp_path, "new", "hip-day", "--from", "pre-run-activation")
    assert (status, out) == (1, "")
    assert err == (
        f"postchain: {folder / 'hip-day.toml'} exists already; edit it, or choose another id\n"
    )
    assert (folder / "hip-day.toml").read_text(encoding="utf-8") == "# keep me\n"


def test_new_from_a_routine_copies_it_under_the_new_id(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, _err = run(
        capsys, tmp_path, "new", "my-activation", "--from", "pre-run-activation"
    )
    path = Path(out.strip())
    assert status == 0 and path.name == "my-activation.toml"
    assert path.read_text(encoding="utf-8").startswith(
        "# A copy of pre-run-activation (Pre-run glute activation). Edit it, then check it with:\n"
    )
    copy = load_routine(path)
    original = load_routine(locations.bundled_routines_dir() / "pre-run-activation.toml")
    assert copy.id == "my-activation"
    assert copy.title == "Pre-run glute activation (my copy)"  # never listed as the original
    assert copy.exercises == original.exercises
    assert main(["check", str(path)]) == 0
    status, out, _err = run(capsys, tmp_path, "routines")
    assert "my-activation" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("new", "Hip Day"), "postchain: ID: 'Hip Day' is not a valid id"),
        (("new", "con"), "postchain: ID: 'con' is not a valid id"),  # a Windows device
        (("new", "com1"), "postchain: ID: 'com1' is not a valid id"),
        (("new", "x", "--from", "nope"), "postchain: ROUTINE: no routine called 'nope'"),
        (("start",), "postchain: which routine?"),
        (("start", "x", "--last"), "postchain: give a routine or --last, not both"),
        (("start", "--last"), "postchain: --last: no session is logged yet"),
    ],
)
def test_mistakes_are_said_and_write_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    status, out, err = run(capsys, tmp_path, *args)
    assert (status, out) == (2, "")
    assert err.startswith(message)
    assert not (tmp_path / "config").exists()


class FakeApp:
    """Stands in for the app: remembers what it was started with and ends with ``outcome``."""

    made: list[dict[str, Any]] = []
    outcome: SessionOutcome | None = None

    def __init__(self, options: AppOptions) -> None:
        FakeApp.made.append(fields_of(options))
        self.return_code = 0
        self.ended_session: SessionOutcome | None = None
        self.store = options.store

    def run(self) -> None:
        """End at once, with the session given to the class, if any."""
        self.ended_session = FakeApp.outcome


def test_start_last_repeats_the_routine_of_the_newest_session(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sessions = tmp_path / "data" / "sessions"
    save(sessions, plain_session("older", at(2), routine="back-easy-day"))
    save(sessions, plain_session("newest", at(9), routine="pre-run-activation"))
    save(sessions, plain_session("middle", at(5), routine="plyometrics"))
    FakeApp.made.clear()
    monkeypatch.setattr("postchain_tui.app.make_app", FakeApp)
    status, out, err = run(capsys, tmp_path, "start", "--last")
    assert (status, out, err) == (0, "", "")  # the fake app did no session: no line
    (options,) = FakeApp.made
    assert options["start"].id == "pre-run-activation"
    assert options["index_path"] == tmp_path / "data" / "index.sqlite3"


async def ended_short_routine(
    tmp_path: Path, drive: Callable[[Rig, Pilot[None]], Awaitable[None]]
) -> tuple[SessionOutcome, Path]:
    """Start the short routine, let ``drive`` end the session, close the summary."""
    r = rig(tmp_path, start=short_routine())
    async with r.app.run_test(size=SIZE) as pilot:
        await drive(r, pilot)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert r.app.ended_session is not None
    (path,) = r.session_files()
    return r.app.ended_session, path


async def test_the_line_after_a_finished_session(tmp_path: Path) -> None:
    outcome, path = await ended_short_routine(tmp_path, finish_short_routine)
    assert exit_line(outcome) == f"ui-short: 0:59, 4/4 sets, saved to {path}"


async def test_a_session_left_during_get_ready_leaves_nothing(tmp_path: Path) -> None:
    r = rig(tmp_path, start=short_routine())
    async with r.app.run_test(size=SIZE) as pilot:
        await advance(pilot, r.clock, 1)  # still in the lead-in
        await pilot.press("q", "y")
        await pilot.pause()
    assert r.app.ended_session is not None
    assert r.app.ended_session.log is None
    assert r.session_files() == []
    assert exit_line(r.app.ended_session) == "ui-short: Nothing done; not logged."


async def test_the_line_after_a_session_ended_early(tmp_path: Path) -> None:
    async def quit_after_ten_seconds(r: Rig, pilot: Pilot[None]) -> None:
        await advance(pilot, r.clock, 10)
        await pilot.press("q", "y")

    outcome, path = await ended_short_routine(tmp_path, quit_after_ten_seconds)
    assert exit_line(outcome) == f"ui-short: 0:10, 1/4 sets (ended early), saved to {path}"


def test_start_prints_the_line_when_the_app_closes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outcome = SessionOutcome(
        routine=short_routine(),
        log=session_of(short_routine(), at(3)),
        saved_to=None,
        save_error="No space left on device",
    )
    monkeypatch.setattr(FakeApp, "outcome", outcome)
    monkeypatch.setattr("postchain_tui.app.make_app", FakeApp)
    status, out, _err = run(capsys, tmp_path, "start", "pre-run-activation")
    assert status == 0
    assert out == "ui-short: 0:49, 4/4 sets, NOT saved: No space left on device\n"
