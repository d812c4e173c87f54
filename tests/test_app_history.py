"""The history screen: the list, a session's detail, editing, deleting, the week and progress."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Input, Static

from postchain_tui import cli
from postchain_tui.app import AppOptions
from postchain_tui.core.running import RunningMarker
from postchain_tui.core.store import SessionStore
from postchain_tui.screens.confirm import ConfirmationModal
from postchain_tui.screens.feedback import FeedbackModal
from postchain_tui.screens.history import HistoryScreen
from postchain_tui.screens.picker import PickerScreen
from postchain_tui.widgets.calendar import TrainingCalendar
from postchain_tui.widgets.key_bar import KeyBar
from postchain_tui.widgets.trend import TrendLine
from tests.fakes import fields_of
from tests.history_support import history_ready, plain_text, write_log
from tests.log_builders import at, hold, make_log, plain_session, rep_set, save
from tests.ui_support import rig
from tests.waiting import pause_until

SIZE = (100, 30)


def rows(screen: HistoryScreen) -> list[list[str]]:
    """Every row of the session list, as text."""
    table = screen.query_one("#session-table", DataTable)
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


def shown(screen: HistoryScreen, widget_id: str) -> str:
    """What a Static on the screen shows, as plain text."""
    return plain_text(screen.query_one(f"#{widget_id}", Static).content)  # type: ignore[arg-type]


async def test_the_list_is_newest_first_under_the_week_against_the_goal(tmp_path: Path) -> None:
    write_log(tmp_path)
    r = rig(tmp_path, open_history=True)
    async with r.app.run_test(size=SIZE) as pilot:
        screen = await history_ready(pilot)
        assert rows(screen) == [
            ["Sat 2026-11-21 07:00", "Bridges routine", "1:35", "1/4", "no", "-", "-"],
            ["Tue 2026-11-17 07:00", "Bridges routine", "1:55", "2/4", "yes", "7", "mild"],
            ["Thu 2026-11-12 07:00", "Bridges routine", "1:55", "2/4", "yes", "-", "-"],
            ["Tue 2026-11-10 07:00", "Bridges routine", "1:55", "2/4", "yes", "-", "-"],
            ["Thu 2026-11-05 07:00", "Bridges routine", "1:55", "2/4", "yes", "-", "-"],
            ["Tue 2026-11-03 07:00", "Bridges routine", "1:55", "2/4", "yes", "-", "-"],
        ]
        assert str(screen.query_one("#week-goal", Static).content) == (
            "This week: 1 of 2 sessions · 1 to go · Streak: 2 weeks meeting the goal"
        )


async def test_the_detail_shows_every_step_of_the_highlighted_session(tmp_path: Path) -> None:
    write_log(tmp_path)
    r = rig(tmp_path, open_history=True)
    async with r.app.run_test(size=SIZE) as pilot:
        screen = await history_ready(pilot)
        assert "ended early" in shown(screen, "detail")
        await pilot.press("down")
        detail = [line.rstrip() for line in shown(screen, "detail").splitlines()]
        assert detail[:4] == [
            "Bridges routine",
            "Tue 2026-11-17 07:00-07:01 · 1:55 · complete",
            "2/4 sets done (counts towards the weekly goal) · RPE 7 · pain: mild",
            "Notes: Felt strong",
        ]
        assert " ".join(detail[5].split()) == "# Step Planned Done"
        steps = [" ".join(line.split()) for line in detail[7:]]
        assert steps == [
            "1 Glute bridge · set 1/2 8-12 reps 0:25 · 10 reps · 12.5 kg",
            "2 Rest 0:30 0:30",
            "3 Side plank · set 1/2 · left 0:30 0:30",
            "4 Switch sides 0:05 0:05",
            "5 Side plank · set 1/2 · right 0:30 0:25",
        ]


async def test_effort_notes_and_pain_are_edited_in_the_sessions_own_file(tmp_path: Path) -> None:
    files = write_log(tmp_path)
    edited = files[4]  # the session of 17 November, the second in the list
    before = tomllib.loads(edited.read_text(encoding="utf-8"))
    r = rig(tmp_path, open_history=True)
    async with r.app.run_test(size=SIZE) as pilot:
        screen = await history_ready(pilot)
        await pilot.press("down", "e")
        modal = r.app.screen
        assert isinstance(modal, FeedbackModal)
        assert modal.query_one("#rpe", Input).value == "7"
        await pilot.press("backspace", "9", "tab", "tab")
        await pilot.press(*" today", "ctrl+s")
        assert r.app.screen is screen
        after = tomllib.loads(edited.read_text(encoding="utf-8"))
        assert (after["rpe"], after["notes"], after["pain"]) == (9, "Felt strong today", "mild")
        assert {key: value for key, value in after.items() if key not in ("rpe", "notes")} == {
            key: value for key, value in before.items() if key not in ("rpe", "notes")
        }
        assert rows(screen)[1][5] == "9"
        # An emptied effort is taken off the session.
        await pilot.press("e", "backspace", "enter")
        assert "rpe" not in tomllib.loads(edited.read_text(encoding="utf-8"))
        assert rows(screen)[1][5] == "-"
        # Escape leaves the session as it is.
        await pilot.press("e", "5", "escape")
        assert "rpe" not in tomllib.loads(edited.read_text(encoding="utf-8"))
    assert len(r.session_files()) == len(files)


async def test_deleting_asks_first_then_removes_the_file_and_recounts_the_week(
    tmp_path: Path,
) -> None:
    files = write_log(tmp_path)
    r = rig(tmp_path, open_history=True)
    async with r.app.run_test(size=SIZE) as pilot:
        screen = await history_ready(pilot)
        await pilot.press("down", "d")
        assert isinstance(r.app.screen, ConfirmationModal)
        await pilot.press("n")
        assert files[4].exists()
        await pilot.press("d", "y")
        assert r.app.screen is screen
        assert not files[4].exists()
        assert [row[0] for row in rows(screen)][:2] == [
            "Sat 2026-11-21 07:00",
            "Thu 2026-11-12 07:00",
        ]
        assert str(screen.query_one("#week-goal", Static).content) == (
            "This week: 0 of 2 sessions · 2 to go · Streak: 2 weeks meeting the goal"
        )
        assert "Thu 2026-11-12" in shown(screen, "detail")
    assert len(r.session_files()) == len(files) - 1


async def test_files_that_are_not_sessions_are_named_in_one_notification(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_log(tmp_path)
    (tmp_path / "notes.toml").write_text('shopping = ["eggs"]\n', encoding="utf-8")
    (tmp_path / "torn.toml").write_text("schema = [", encoding="utf-8")
    r = rig(tmp_path, open_history=True)
    notes: list[tuple[str, str]] = []
    monkeypatch.setattr(
        r.app, "notify", lambda message, **kw: notes.append((kw.get("title", ""), message))
    )
    async with r.app.run_test(size=SIZE) as pilot:
        screen = await history_ready(pilot)
        assert len(rows(screen)) == 6
    assert len(notes) == 1
    title, message = notes[0]
    assert title == "Not sessions"
    assert message.splitlines()[0] == "2 files in the sessions folder skipped:"
    assert [line.split(":")[0] for line in message.splitlines()[1:]] == [
        "• notes.toml",
        "• torn.toml",
    ]


async def test_progress_shows_the_calendar_the_trends_and_the_short_side(tmp_path: Path) -> None:
    write_log(tmp_path)
    r = rig(tmp_path, open_history=True)
    async with r.app.run_test(size=SIZE) as pilot:
        screen = await history_ready(pilot)
        await pilot.press("2")
        calendar = screen.query_one("#calendar", TrainingCalendar).data
        assert calendar is not None
        assert sorted(day.day for day in calendar.marks) == [3, 5, 10, 12, 17, 21]
        labels = [(line.label, line.values) for line in screen.query(TrendLine)]
        assert labels == [
            ("Glute bridge · reps", [10.0] * 6),
            ("Glute bridge · load", [12.5] * 6),
            ("Side plank · hold", [30.0] * 5),  # skipped and quit on the 21st
        ]
        balance = " ".join(shown(screen, "balance").split())
        assert "Side plank 30.0s 25.0s right by 17%" in balance
        # Editing and deleting belong to the list.
        await pilot.press("e", "d")
        assert r.app.screen is screen


async def test_the_picker_opens_the_history_and_escape_comes_back(tmp_path: Path) -> None:
    write_log(tmp_path)
    r = rig(tmp_path)
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+l")
        await history_ready(pilot)
        await pilot.press("escape")
        assert isinstance(r.app.screen, PickerScreen)


def test_history_tui_opens_the_app_on_the_history_with_the_running_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: dict[str, Any] = {}

    class NoRun:
        return_code = 0
        ended_session = None
        store = SessionStore(Path("sessions"))  # nothing held: nothing printed, nothing written

        def run(self) -> None:
            pass

    def fake_make_app(options: AppOptions) -> NoRun:
        made.update(fields_of(options))
        return NoRun()

    monkeypatch.setattr("postchain_tui.app.make_app", fake_make_app)
    data = tmp_path / "data"
    assert cli.main(["--data-dir", str(data), "history", "--tui"]) == 0
    assert made["open_history"] is True
    assert made["running_dir"] == data / "running"
    assert made["index_path"] == data / "index.sqlite3"


def test_history_tui_and_json_exclude_each_other(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["history", "--tui", "--json"])
    assert exit_info.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


async def test_rows_are_listed_as_they_come_into_reach(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("postchain_tui.screens.history_list.FIRST_ROWS", 2)
    monkeypatch.setattr("postchain_tui.screens.history_list.MORE_ROWS", 2)
    monkeypatch.setattr("postchain_tui.screens.history_list.NEAR_END_ROWS", 1)
    write_log(tmp_path)
    r = rig(tmp_path, open_history=True)
    async with r.app.run_test(size=SIZE) as pilot:
        screen = await history_ready(pilot)
        table = screen.query_one("#session-table", DataTable)
        assert (table.row_count, table.border_title) == (2, "6 sessions")
        await pilot.press("down")
        assert table.row_count == 4
        await pilot.press("ctrl+end")
        assert table.row_count == 6
        assert table.cursor_row == 5
        assert "Tue 2026-11-03" in shown(screen, "detail")


async def test_a_session_still_running_elsewhere_is_neither_edited_nor_deleted(
    tmp_path: Path,
) -> None:
    files = write_log(tmp_path)
    running = tmp_path / "running"
    newest = files[-1].stem
    marker = RunningMarker(running, newest)
    assert marker.acquire()  # another window is running it
    notes: list[str] = []
    r = rig(tmp_path, open_history=True, running_dir=running)
    async with r.app.run_test(size=SIZE) as pilot:
        screen = await history_ready(pilot)
        r.app.notify = lambda message, **_: notes.append(message)  # type: ignore[method-assign]
        before = files[-1].read_bytes()
        await pilot.press("e")
        assert r.app.screen is screen, "no form opens"
        await pilot.press("d")
        assert r.app.screen is screen, "no question is asked"
        assert files[-1].read_bytes() == before
        assert len(notes) == 2 and all("still running" in note for note in notes)
        marker.release()
        await pilot.press("d")
        assert isinstance(r.app.screen, ConfirmationModal), "once it has ended, it can go"


async def test_a_session_saved_elsewhere_shows_up_without_a_restart(tmp_path: Path) -> None:
    write_log(tmp_path)
    r = rig(tmp_path, open_history=True)
    async with r.app.run_test(size=SIZE) as pilot:
        screen = await history_ready(pilot)
        assert len(rows(screen)) == 6
        screen.follow_folder()  # what the screen's timer does: the folder as it is now
        await r.app.workers.wait_for_complete()
        save(tmp_path, plain_session("2026-11-22T063000_bridges_g", at(22, 6, 30)))
        screen.follow_folder()
        await r.app.workers.wait_for_complete()
        await pause_until(pilot, lambda: len(rows(screen)) == 7, "the new session listed")
        assert rows(screen)[0][0] == "Sun 2026-11-22 06:30"


LONG_ROUTINE = "offseason-strength-a-hinge-and-hamstrings"
"""A routine id whose title (``Offseason-strength-... routine``) is 49 characters long."""


@pytest.mark.parametrize(
    ("size", "headings", "least_for_titles"),
    [
        ((80, 24), ["Date", "Routine", "Time", "Sets", "RPE"], 28),
        ((120, 40), ["Date", "Routine", "Time", "Sets", "Counts", "RPE", "Pain"], 49),
    ],
    ids=["80x24", "120x40"],
)
async def test_the_list_fits_the_terminal_uncut_and_shows_eight_sessions(
    tmp_path: Path, size: tuple[int, int], headings: list[str], least_for_titles: int
) -> None:
    for day in range(1, 13):
        save(tmp_path, plain_session(f"2026-11-{day:02}_s", at(day), routine=LONG_ROUTINE))
    r = rig(tmp_path, open_history=True)
    async with r.app.run_test(size=size) as pilot:
        screen = await history_ready(pilot)
        table = screen.query_one("#session-table", DataTable)
        columns = list(table.columns.values())
        assert [str(column.label) for column in columns] == headings
        assert all(column.width >= len(str(column.label)) for column in columns)
        assert table.max_scroll_x == 0  # nothing off to the side
        assert table.scrollable_content_region.height - table.header_height >= 8
        routine = table.columns["routine"]  # type: ignore[index]
        assert routine.width >= least_for_titles
        assert screen.query_one("#detail-scroll").region.height >= 5


async def test_progress_at_80_columns_keeps_its_keys_and_lines_apart(tmp_path: Path) -> None:
    name = "Single-leg glute bridge with a long name"
    for day in range(1, 6):
        steps = [hold(0, name, actual_s=20.0 + day), rep_set(1, name, reps=8 + day, load=10.0)]
        save(tmp_path, make_log(f"2026-11-{day:02}_s", at(day), steps))
    r = rig(tmp_path, open_history=True)
    async with r.app.run_test(size=(80, 24)) as pilot:
        screen = await history_ready(pilot)
        assert "Edit notes/RPE" in str(screen.query_one(KeyBar).render())
        await pilot.press("2")
        await pilot.pause()
        bar = str(screen.query_one(KeyBar).render())
        assert "Edit notes/RPE" not in bar and "Delete" not in bar  # they act on the list
        scroll = screen.query_one("#progress-scroll")
        seen = []
        for line in screen.query(TrendLine):
            exercise, measure, *_ = line.children
            shown = exercise.region.width
            name_shown = line.exercise if len(line.exercise) <= shown else line.exercise[:shown]
            assert measure.region.width >= len(line.measure)
            assert line.region.right <= scroll.scrollable_content_region.right  # off the bar
            seen.append((name_shown, line.measure))
        assert len(seen) == 3 and len(set(seen)) == 3
