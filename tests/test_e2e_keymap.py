"""End to end in a real terminal: a key given in the settings file's ``[keymap]`` works."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.terminal import TmuxApp, needs_tmux

pytestmark = [needs_tmux, pytest.mark.terminal]

ROUTINE = """\
title = "Pedal check"
id = "pedal-check"

[defaults]
lead_in = "30s"
rest = "30s"

[[exercise]]
name = "Bridge hold"
hold = "30s"
sets = 2
"""


def test_page_down_skips_a_step_when_the_keymap_says_so(app: TmuxApp, tmp_path: Path) -> None:
    routine = tmp_path / "pedal.toml"
    routine.write_text(ROUTINE, encoding="utf-8")
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.toml").write_text(
        '[keymap]\n"session.skip" = "pagedown"\n', encoding="utf-8"
    )
    app.start(
        "--data-dir", str(tmp_path / "data"), "--config-dir", str(config), "start", str(routine)
    )
    app.watch(lambda: "Get ready" in app.title(), "the lead-in", timeout=10)
    app.wait_for_text("pgdn Skip", timeout=5)
    app.press("n")  # its own key no longer skips
    app.press("PageDown")
    app.watch(lambda: "Bridge hold · set 1/2" in app.title(), "the first hold", timeout=5)
    assert not any("set 2/2" in change.title for change in app.titles)
    app.press("PageDown", "PageDown")
    app.watch(lambda: "Bridge hold · set 2/2" in app.title(), "the second hold", timeout=5)
