"""The settings file's ``[keymap]``: both ways to write an id, bad entries named, kept on save."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.binding import Binding

from postchain_tui.app import PostchainApp
from postchain_tui.core.keymap import BINDING_IDS
from postchain_tui.core.settings import Settings, load_settings, save_settings
from postchain_tui.screens.help import screen_classes
from postchain_tui.screens.settings import form_settings
from tests.test_settings import the_one_problem, write


@pytest.mark.parametrize(
    "table",
    [
        '[keymap]\n"session.skip" = "pagedown"\n',
        "[keymap]\nsession.skip = 'pagedown'\n",
        '[keymap]\nsession . skip = "pagedown"\n',
        'keymap.session.skip = "pagedown"\n',
        '[keymap.session]\nskip = "pagedown"\n',
    ],
)
def test_both_ways_of_writing_an_id_give_the_same_keymap(tmp_path: Path, table: str) -> None:
    settings, problems = load_settings(write(tmp_path, table))
    assert problems == []
    assert settings.keymap == (("session.skip", "pagedown"),)


def test_several_keys_and_several_ids_keep_the_files_order(tmp_path: Path) -> None:
    text = '[keymap]\n"session.done" = "enter, pagedown"\nsession.back = "p,left,pageup"\n'
    settings, problems = load_settings(write(tmp_path, text))
    assert problems == []
    assert settings.keymap == (
        ("session.done", "enter,pagedown"),
        ("session.back", "p,left,pageup"),
    )


GOOD = "[keymap]\nsession.quit = 'x'\n"
"""A good entry above each bad one, which must still apply."""


@pytest.mark.parametrize(
    ("text", "key", "line", "fragment"),
    [
        (GOOD + '"session.skp" = "pagedown"\n', "keymap.session.skp", 3, "'session.skip'?"),
        (GOOD + "\nsession.skip = 5\n", "keymap.session.skip", 4, "must be keys, got 5"),
        (GOOD + 'session.skip = ""\n', "keymap.session.skip", 3, "must be keys"),
        (GOOD + 'session.skip = "page down"\n', "keymap.session.skip", 3, "must be keys"),
        (GOOD + 'session.skip = "a,,b"\n', "keymap.session.skip", 3, "must be keys"),
    ],
)
def test_a_bad_entry_is_named_and_the_good_ones_still_apply(
    tmp_path: Path, text: str, key: str, line: int, fragment: str
) -> None:
    settings = the_one_problem(write(tmp_path, text), key, line, fragment)
    assert settings.keymap == (("session.quit", "x"),)


def test_a_keymap_that_is_not_a_table_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, 'bell = false\nkeymap = "pagedown"\n')
    settings, problems = load_settings(path)
    assert [(p.key, p.line) for p in problems] == [("keymap", 2)]
    assert "must be a table" in problems[0].message
    assert settings == Settings(bell=False)


def test_saving_keeps_comments_unknown_keys_and_a_bad_entry_to_fix(tmp_path: Path) -> None:
    text = (
        "# at the gym\n"
        "bell = false  # the others train\n"
        "future_setting = 3\n"
        "\n"
        "[keymap]\n"
        "# the pedal\n"
        'session.skip = "pagedown"\n'
        '"session.skp" = "x"\n'
    )
    path = write(tmp_path, text)
    settings, _problems = load_settings(path)
    save_settings(path, replace(settings, weekly_goal=3))
    saved = path.read_text(encoding="utf-8")
    assert saved.startswith("# at the gym\nbell = false  # the others train\nfuture_setting = 3\n")
    assert "weekly_goal = 3" in saved
    assert saved.count("[keymap]") == 1
    assert '# the pedal\nsession.skip = "pagedown"\n"session.skp" = "x"\n' in saved
    assert load_settings(path)[0] == replace(settings, weekly_goal=3)


def test_saving_a_new_keymap_writes_its_table(tmp_path: Path) -> None:
    path = write(tmp_path, "bell = false\n")
    chosen = Settings(bell=False, keymap=(("session.skip", "pagedown"),))
    save_settings(path, chosen)
    assert load_settings(path) == (chosen, [])


def test_a_file_that_is_not_toml_is_not_overwritten(tmp_path: Path) -> None:
    path = write(tmp_path, "bell = = false\n")
    with pytest.raises(OSError, match="not valid TOML"):
        save_settings(path, Settings())
    assert path.read_text(encoding="utf-8") == "bell = = false\n"


def binding_ids(bindings: list[Any]) -> list[str | None]:
    return [binding.id for binding in Binding.make_bindings(bindings)]


def test_every_binding_has_an_id_and_the_keymap_knows_them_all() -> None:
    found: set[str | None] = set(binding_ids(PostchainApp.BINDINGS))
    for screen in screen_classes():
        found.update(binding_ids(screen.__dict__.get("BINDINGS", [])))
    assert None not in found
    assert found == set(BINDING_IDS)


def test_the_settings_form_keeps_the_keymap_it_does_not_show() -> None:
    base = Settings(keymap=(("session.skip", "pagedown"),))
    filled = form_settings(
        base,
        bell=False,
        flash=True,
        lead_in="",
        auto_start_after_rest=True,
        weekly_goal="3",
        theme="textual-light",
        load_unit="kg",
        cue_command="",
    )
    assert filled == replace(base, bell=False, weekly_goal=3, theme="textual-light")
