"""Readable from across the room: digit height at common sizes, and never colour alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from postchain_tui.screens.session import SessionScreen
from postchain_tui.widgets import BigCountdown
from tests.ui_support import BIRD_DOG, Rig, advance, rig, session_screen, short_routine

# Seven rows is the font's full height at scale 2: a digit about 15 cm tall on a laptop screen.
MIN_DIGIT_ROWS = 7


def digit_rows(screen: SessionScreen) -> int:
    """How many rows the countdown's digits take up on the screen."""
    countdown = screen.query_one("#countdown", BigCountdown)
    lines = str(countdown.render()).splitlines()
    return sum(1 for line in lines if line.strip())


def label_shown(screen: SessionScreen) -> str:
    """The exercise line above the countdown, as far as it is on the screen."""
    label = screen.query_one("#step-label", Static)
    assert label.region.height == 1
    assert label.region.y >= 0 and label.region.bottom <= screen.size.height
    return str(label.content)


@pytest.mark.parametrize(
    ("size", "rows"),
    [((120, 40), 18), ((100, 30), 14), ((80, 24), 11), ((60, 20), 7), ((160, 50), 25)],
)
async def test_the_digits_are_tall_at_every_common_size(
    tmp_path: Path, size: tuple[int, int], rows: int
) -> None:
    r = rig(tmp_path, start=short_routine())
    async with r.app.run_test(size=size) as pilot:
        screen = session_screen(r.app)
        await advance(pilot, r.clock, 3.5)
        assert screen.query_one("#countdown", BigCountdown).text == "0:06"
        assert digit_rows(screen) == rows
        assert rows >= MIN_DIGIT_ROWS
        assert label_shown(screen) == "Glute bridge · set 1/2"


async def test_a_rep_set_on_a_small_terminal_keeps_big_digits_and_its_name(tmp_path: Path) -> None:
    r = rig(tmp_path, start=short_routine())
    async with r.app.run_test(size=(60, 20)) as pilot:
        screen = session_screen(r.app)
        await pilot.press(*["n"] * BIRD_DOG, "1", "2")
        await advance(pilot, r.clock, 12)
        assert screen.query_one("#countdown", BigCountdown).text == "0:12"
        assert digit_rows(screen) == MIN_DIGIT_ROWS
        assert label_shown(screen) == "Bird dog · set 1/1"


async def states_seen(r: Rig) -> dict[str, tuple[str, str]]:
    """The phase word and the stage's border style for work, rest and paused."""
    seen: dict[str, tuple[str, str]] = {}
    async with r.app.run_test(size=(100, 30)) as pilot:
        screen = session_screen(r.app)
        stage = screen.query_one("#stage")

        def look() -> tuple[str, str]:
            word = str(screen.query_one("#phase", Static).content).strip()
            return word, stage.styles.border_top[0]

        await advance(pilot, r.clock, 4)
        seen["work"] = look()
        await advance(pilot, r.clock, 6)
        seen["rest"] = look()
        await pilot.press("space")
        seen["paused"] = look()
    return seen


async def test_work_rest_and_paused_differ_in_words_and_shape(tmp_path: Path) -> None:
    seen = await states_seen(rig(tmp_path, start=short_routine()))
    assert seen == {
        "work": ("WORK", "heavy"),
        "rest": ("REST", "dashed"),
        "paused": ("PAUSED", "double"),
    }


async def test_no_color_is_honoured_and_the_states_still_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    r = rig(tmp_path, start=short_routine())
    assert r.app.no_color  # Textual turns every colour to grey when NO_COLOR is set
    seen = await states_seen(r)
    assert seen == {
        "work": ("WORK", "heavy"),
        "rest": ("REST", "dashed"),
        "paused": ("PAUSED", "double"),
    }
