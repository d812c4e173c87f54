"""The routine picker: filtering, the plan preview, starting and reporting broken files."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, OptionList

from postchain_tui.core.catalog import load_catalog
from postchain_tui.core.plan import build_plan
from postchain_tui.core.routine import RoutineError
from postchain_tui.screens.formatting import estimate_text, step_amount
from postchain_tui.screens.picker import PickerScreen
from postchain_tui.screens.picker_text import error_report, matches
from postchain_tui.screens.session import SessionScreen
from postchain_tui.widgets.plan_preview import PlanPreview
from tests.ui_support import UI_ROUTINES, rig, short_routine

SIZE = (100, 30)


def listed(screen: PickerScreen) -> list[str]:
    """The ids of the routines in the list, in order."""
    option_list = screen.query_one("#routines", OptionList)
    options = (option_list.get_option_at_index(i) for i in range(option_list.option_count))
    return [option.id for option in options if option.id is not None]


def preview_text(screen: PickerScreen) -> str:
    """The preview as plain text, its table laid out as wide as it is drawn."""
    return screen.query_one("#preview", PlanPreview).plain


def picker(app: object) -> PickerScreen:
    screen = getattr(app, "screen", None)
    assert isinstance(screen, PickerScreen), screen
    return screen


def test_matches_needs_every_word_in_the_id_title_or_tags() -> None:
    routine = short_routine()
    assert matches(routine, "")
    assert matches(routine, "SHORT")
    assert matches(routine, "glutes test")
    assert matches(routine, "ui-sh")
    assert not matches(routine, "glutes kettlebell")


def test_estimates_are_exact_for_timed_plans_and_rounded_minutes_otherwise() -> None:
    catalog = load_catalog(UI_ROUTINES, None)
    timed = catalog.get("ui-timed")
    assert timed is not None
    assert estimate_text(build_plan(timed)) == "1:15"
    assert estimate_text(build_plan(short_routine())) == "~1 min"


def test_step_amounts_say_time_or_reps() -> None:
    plan = build_plan(short_routine())
    assert [step_amount(step) for step in plan[:2]] == ["0:03", "0:06"]
    assert step_amount(plan[-1]) == "5 reps"


def test_error_report_counts_and_lists_a_few() -> None:
    errors = [RoutineError(f"problem {n}", path=Path(f"r{n}.toml")) for n in range(7)]
    report = error_report(errors)
    lines = report.splitlines()
    assert lines[0] == "7 routine files could not be loaded:"
    assert lines[1] == "• r0.toml: problem 0"
    assert lines[-1] == "…and 2 more"
    assert error_report(errors[:1]).startswith("1 routine file could not")


async def test_the_picker_is_the_apps_first_screen(tmp_path: Path) -> None:
    # Pushed over Textual's empty first screen instead, it would be drawn later.
    r = rig(tmp_path)
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert r.app.screen_stack == [picker(r.app)]


async def test_lists_every_routine_and_previews_the_highlighted_plan(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=SIZE):
        screen = picker(r.app)
        assert listed(screen) == ["ui-short", "ui-timed"]
        assert screen.highlighted_routine is not None
        assert screen.highlighted_routine.id == "ui-short"
        text = preview_text(screen)
        assert "Short test routine" in text
        assert "Side plank · set 1/1 · left" in text
        assert "5 reps · ~0:10" in text
        assert "Total" in text and "~0:49" in text


async def test_typing_filters_and_arrows_move_the_preview(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=SIZE) as pilot:
        screen = picker(r.app)
        await pilot.press("down")
        assert screen.highlighted_routine is not None
        assert screen.highlighted_routine.id == "ui-timed"
        assert "Wall sit · set 2/2" in preview_text(screen)
        await pilot.press("up")
        assert screen.highlighted_routine.id == "ui-short"
        await pilot.press(*"timed")
        assert listed(screen) == ["ui-timed"]
        assert "Total" in preview_text(screen) and "1:15" in preview_text(screen)
        await pilot.press("escape")
        assert screen.query_one("#filter", Input).value == ""
        assert listed(screen) == ["ui-short", "ui-timed"]


async def test_a_filter_matching_nothing_says_so_and_enter_does_nothing(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=SIZE) as pilot:
        screen = picker(r.app)
        await pilot.press(*"zzz", "enter")
        assert listed(screen) == []
        assert screen.highlighted_routine is None
        assert r.app.screen is screen


async def test_enter_starts_the_highlighted_routine(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "enter")
        assert isinstance(r.app.screen, SessionScreen)
        assert r.app.screen.routine.id == "ui-timed"


async def test_the_log_is_read_once_the_list_is_shown_and_not_behind_a_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The reading is asked for by a timer (held off in tests); here the test asks, before and
    # after a start.
    r = rig(tmp_path)
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = picker(r.app)
        reads: list[PickerScreen] = []
        monkeypatch.setattr(screen, "read_the_log", lambda: reads.append(screen))
        screen.read_the_log_if_shown()
        assert reads == [screen]
        await pilot.press("enter")
        assert isinstance(r.app.screen, SessionScreen)
        screen.read_the_log_if_shown()
        assert reads == [screen]


async def test_a_timer_reads_the_log_once_the_list_is_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(PickerScreen, "COACH_DELAY_S", 0.01)
    reads: list[PickerScreen] = []
    monkeypatch.setattr(PickerScreen, "read_the_log", lambda screen: reads.append(screen))
    r = rig(tmp_path)
    async with r.app.run_test(size=SIZE) as pilot:
        for _ in range(100):
            if reads:
                break
            await pilot.pause(0.01)
        assert reads == [picker(r.app)]


async def test_broken_routine_files_are_reported_once_without_hiding_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "good.toml").write_text(
        (UI_ROUTINES / "ui-short.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (folder / "broken.toml").write_text('title = "Broken"\n[[exercise]]\n', encoding="utf-8")
    (folder / "empty.toml").write_text("", encoding="utf-8")
    catalog = load_catalog(folder, None)
    assert len(catalog.errors) == 2
    r = rig(tmp_path / "sessions", catalog=catalog)
    notes: list[tuple[str, str]] = []
    monkeypatch.setattr(
        r.app, "notify", lambda message, **kw: notes.append((kw.get("title", ""), message))
    )
    async with r.app.run_test(size=SIZE):
        assert listed(picker(r.app)) == ["ui-short"]
    assert len(notes) == 1
    title, message = notes[0]
    assert title == "Some routines are missing"
    assert message.startswith("2 routine files could not be loaded:")
    assert "broken.toml" in message and "empty.toml" in message


async def test_the_picker_fits_sixty_by_twenty(tmp_path: Path) -> None:
    r = rig(tmp_path)
    async with r.app.run_test(size=(60, 20)) as pilot:
        screen = picker(r.app)
        await pilot.pause()
        assert screen.has_class("-narrow")
        for widget_id in ("#filter", "#routines", "#preview-scroll"):
            region = screen.query_one(widget_id).region
            assert region.height >= 1
            assert screen.region.contains_region(region)


async def test_routines_are_listed_by_title_and_the_users_own_are_marked(tmp_path: Path) -> None:
    mine = tmp_path / "my-routines"
    mine.mkdir()
    source = (UI_ROUTINES / "ui-short.toml").read_text(encoding="utf-8")
    (mine / "a-copy.toml").write_text(source.replace('"ui-short"', '"a-copy"'), "utf-8")
    (mine / "zz-first.toml").write_text(
        source.replace('"ui-short"', '"zz-first"').replace("Short test", "Alpha test"), "utf-8"
    )
    r = rig(tmp_path / "sessions", catalog=load_catalog(UI_ROUTINES, mine))
    async with r.app.run_test(size=SIZE):
        screen = picker(r.app)
        assert listed(screen) == ["zz-first", "a-copy", "ui-short", "ui-timed"]
        option_list = screen.query_one("#routines", OptionList)
        copy, bundled = (
            str(getattr(option_list.get_option(routine_id).prompt, "plain", ""))
            for routine_id in ("a-copy", "ui-short")
        )
        assert copy.splitlines()[0] == bundled.splitlines()[0] == "Short test routine"
        assert copy.splitlines()[1].startswith("yours · ~1 min")
        assert not bundled.splitlines()[1].startswith("yours")
