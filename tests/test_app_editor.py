"""The routine editor: copy a routine from the picker, change it, save it as one's own."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, OptionList, Select, Static

from postchain_tui.cli import main
from postchain_tui.core.catalog import load_catalog
from postchain_tui.core.durations import Span
from postchain_tui.core.loader import load_routine
from postchain_tui.screens.confirm import ConfirmationModal
from postchain_tui.screens.editor import EditorScreen, field_label
from postchain_tui.screens.formatting import PATH_ROOM, path_text
from postchain_tui.screens.picker import PickerScreen
from postchain_tui.widgets.exercise_row import ExerciseRow
from tests.ui_support import rig

SIZE = (110, 34)


@pytest.fixture
def user_routines(tmp_path: Path) -> Path:
    """The user's routines folder the test app is given (see ``rig``)."""
    return tmp_path / "my-routines"


async def open_editor(pilot: Pilot[None]) -> EditorScreen:
    """Highlight the short routine in the picker and edit a copy of it."""
    await pilot.pause()
    assert isinstance(pilot.app.screen, PickerScreen)
    assert pilot.app.screen.highlighted_routine is not None
    assert pilot.app.screen.highlighted_routine.id == "ui-short"
    await pilot.press("ctrl+e")
    await pilot.pause()
    editor = pilot.app.screen
    assert isinstance(editor, EditorScreen)
    return editor


def names(editor: EditorScreen) -> list[str]:
    return [row.query_one(".name", Input).value for row in editor.rows]


def fill(row: ExerciseRow, **values: str) -> None:
    for field, value in values.items():
        row.query_one(f".{field}", Input).value = value


def test_field_labels_use_the_forms_words() -> None:
    assert field_label("exercise[2].per_side") == "Exercise 2, per side"
    assert field_label("exercise[3]") == "Exercise 3"
    assert field_label("title") == "Title"
    assert field_label("") == "The routine"


async def test_a_copy_is_changed_and_saved_as_a_routine_check_accepts(
    tmp_path: Path, user_routines: Path
) -> None:
    r = rig(tmp_path / "sessions")
    async with r.app.run_test(size=SIZE) as pilot:
        editor = await open_editor(pilot)
        assert names(editor) == ["Glute bridge", "Side plank", "Bird dog"]
        editor.query_one("#title", Input).value = "My short routine"
        editor.query_one("#routine-id", Input).value = "my-short"
        fill(editor.rows[0], sets="3")
        # Add an exercise after the side plank.
        editor.rows[1].query_one(".name", Input).focus()
        await pilot.press("ctrl+n")
        assert names(editor) == ["Glute bridge", "Side plank", "", "Bird dog"]
        new = editor.rows[2]
        assert editor.focused is new.query_one(".name", Input)
        fill(new, name="Clams")
        new.query_one(".kind", Select).value = "reps"
        await pilot.pause()
        assert new.query_one(".amount", Input).value == "10"  # "30s" is no rep count
        fill(new, amount="8-12")
        new.query_one(".per-side", Checkbox).value = True
        # Remove the bird dog with its button, move the clams to the top with the keys.
        editor.rows[3].query_one(".remove").focus()
        await pilot.press("enter")
        assert names(editor) == ["Glute bridge", "Side plank", "Clams"]
        editor.rows[2].query_one(".name", Input).focus()
        await pilot.press("ctrl+up", "ctrl+up", "ctrl+up")
        assert names(editor) == ["Clams", "Glute bridge", "Side plank"]
        assert editor.focused is editor.rows[0].query_one(".name", Input)
        await pilot.press("ctrl+s")
        await pilot.pause()
        picker = r.app.screen
        assert isinstance(picker, PickerScreen)
        assert picker.highlighted_routine is not None
        assert picker.highlighted_routine.id == "my-short"
        option_list = picker.query_one("#routines", OptionList)
        assert option_list.option_count == 3
    saved = user_routines / "my-short.toml"
    assert main(["check", str(saved)]) == 0
    routine = load_routine(saved)
    assert routine.title == "My short routine"
    assert [(e.name, e.sets, e.per_side) for e in routine.exercises] == [
        ("Clams", 1, True),
        ("Glute bridge", 3, False),
        ("Side plank", 1, True),
    ]
    assert routine.exercises[0].reps == Span(8, 12)
    # What the form does not show is kept from the original.
    assert routine.exercises[1].cue == "Heels down, squeeze the glutes, ribs down."
    assert routine.defaults.rest.low == 3


async def test_an_existing_file_is_replaced_only_when_the_user_says_so(
    tmp_path: Path, user_routines: Path
) -> None:
    user_routines.mkdir(parents=True)
    existing = user_routines / "ui-short.toml"
    existing.write_text("# mine, hands off\n", encoding="utf-8")
    r = rig(tmp_path / "sessions")
    async with r.app.run_test(size=SIZE) as pilot:
        editor = await open_editor(pilot)
        fill(editor.rows[0], sets="2")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(r.app.screen, ConfirmationModal)
        await pilot.press("n")
        await pilot.pause()
        assert r.app.screen is editor
        assert existing.read_text(encoding="utf-8") == "# mine, hands off\n"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(r.app.screen, PickerScreen)
    assert load_routine(existing).exercises[0].sets == 2


async def test_a_field_that_is_not_valid_is_named_and_nothing_is_written(
    tmp_path: Path, user_routines: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    r = rig(tmp_path / "sessions")
    messages: list[str] = []
    monkeypatch.setattr(r.app, "notify", lambda message, **kw: messages.append(message))
    async with r.app.run_test(size=SIZE) as pilot:
        editor = await open_editor(pilot)
        fill(editor.rows[1], amount="soon")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert r.app.screen is editor
        assert editor.focused is editor.rows[1].query_one(".amount", Input)
    assert messages[-1].startswith("Exercise 2, hold: 'soon' is not a duration (allowed: ")
    assert messages[-1].count("a whole number of seconds such as 45") == 1
    assert not user_routines.exists()


async def test_leaving_with_changes_asks_first_and_without_changes_does_not(
    tmp_path: Path, user_routines: Path
) -> None:
    r = rig(tmp_path / "sessions")
    async with r.app.run_test(size=SIZE) as pilot:
        await open_editor(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(r.app.screen, PickerScreen)
        editor = await open_editor(pilot)
        editor.query_one("#title", Input).value = "Changed"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(r.app.screen, ConfirmationModal)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(r.app.screen, PickerScreen)
    assert not user_routines.exists()


async def test_only_a_bundled_routines_id_is_warned_about_and_saving_under_it_asks(
    tmp_path: Path, user_routines: Path
) -> None:
    r = rig(tmp_path / "sessions")
    async with r.app.run_test(size=SIZE) as pilot:
        editor = await open_editor(pilot)
        target = editor.query_one("#target", Static)
        editor.query_one("#routine-id", Input).value = "my-short"
        await pilot.pause()
        assert "a bundled routine's id" not in str(target.content)
        editor.query_one("#routine-id", Input).value = "ui-timed"
        await pilot.pause()
        assert "ui-timed is a bundled routine's id" in str(target.content)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(r.app.screen, ConfirmationModal)
        assert r.app.screen.question == "Replace the bundled ui-timed?"
        await pilot.press("n")
        await pilot.pause()
        assert r.app.screen is editor
        assert not (user_routines / "ui-timed.toml").exists()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(r.app.screen, PickerScreen)
    assert load_routine(user_routines / "ui-timed.toml").title == "Short test routine"


def test_paths_are_shortened_from_the_left_and_keep_the_file_name_whole() -> None:
    long = Path("/home/runner/.config/postchain/routines/my-easy-back.toml")
    assert path_text(long) == "…/routines/my-easy-back.toml"
    assert len(path_text(long)) <= PATH_ROOM
    assert path_text(Path("/srv/r/a.toml")) == "/srv/r/a.toml"
    name = "a-routine-with-a-name-longer-than-the-room-itself.toml"
    assert path_text(Path("/x") / name) == f"…/{name}"


async def test_the_saved_note_names_the_file_whole(
    tmp_path: Path, user_routines: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    r = rig(tmp_path / "sessions")
    messages: list[str] = []
    monkeypatch.setattr(r.app, "notify", lambda message, **kw: messages.append(message))
    async with r.app.run_test(size=SIZE) as pilot:
        editor = await open_editor(pilot)
        editor.query_one("#routine-id", Input).value = "my-easy-back"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert messages == ["Saved to …/my-routines/my-easy-back.toml"]


async def test_the_field_at_fault_has_its_text_selected_every_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    r = rig(tmp_path / "sessions")
    monkeypatch.setattr(r.app, "notify", lambda message, **kw: None)
    async with r.app.run_test(size=SIZE) as pilot:
        editor = await open_editor(pilot)
        amount = editor.rows[1].query_one(".amount", Input)
        fill(editor.rows[1], amount="soon")
        for typed in ("later", "never"):
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert editor.focused is amount
            assert amount.selected_text == amount.value, "typing replaces the bad text"
            await pilot.press(*typed)
            assert amount.value == typed


async def test_the_sets_field_takes_digits_only(tmp_path: Path) -> None:
    r = rig(tmp_path / "sessions")
    async with r.app.run_test(size=SIZE) as pilot:
        editor = await open_editor(pilot)
        sets = editor.rows[0].query_one(".sets", Input)
        sets.focus()
        sets.value = ""
        await pilot.press("minus", "1", "full_stop", "5")
        assert sets.value == "15"


async def test_a_loaded_exercise_stays_loaded_when_its_routine_is_edited(
    tmp_path: Path, user_routines: Path
) -> None:
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    (bundled / "deadlifts.toml").write_text(
        'title = "Deadlifts"\nid = "deadlifts"\n\n'
        '[[exercise]]\nname = "Romanian deadlift"\nreps = "6-8"\nsets = 2\nload = true\n',
        encoding="utf-8",
    )
    r = rig(tmp_path / "sessions", catalog=load_catalog(bundled, None))
    async with r.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(r.app.screen, EditorScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(r.app.screen, ConfirmationModal)  # it would replace the bundled one
        await pilot.press("y")
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    (saved,) = user_routines.glob("*.toml")
    assert load_routine(saved).exercises[0].load is True
