"""End to end in a real terminal: the session's timing, read from outside through the title."""

from __future__ import annotations

import itertools
import re
import time
import tomllib
from pathlib import Path

import pytest

from tests.terminal import TitleChange, TmuxApp, needs_tmux

pytestmark = [needs_tmux, pytest.mark.terminal]

HOLD_S = 6.0
TOLERANCE_S = 0.25

ROUTINE = """\
title = "Timing check"
id = "timing-check"

[defaults]
lead_in = "3s"
rest = "3s"

[[exercise]]
name = "Bridge hold"
hold = "6s"
sets = 2
cue = "Hips up, squeeze."
"""


def hold_spans(titles: list[TitleChange]) -> list[list[TitleChange]]:
    """Group the title changes of each hold (one group per visit to a hold step)."""
    spans: list[list[TitleChange]] = []
    inside = False
    for change in titles:
        is_hold = "Bridge hold" in change.title and not change.title.startswith("paused")
        if is_hold and not inside:
            spans.append([])
        if "Bridge hold" in change.title:
            spans[-1].append(change)
        inside = "Bridge hold" in change.title
    return spans


def first_change_after(titles: list[TitleChange], change: TitleChange) -> TitleChange:
    position = titles.index(change)
    return next(c for c in titles[position + 1 :] if "Bridge hold" not in c.title)


def test_holds_pauses_and_saving_in_a_real_terminal(app: TmuxApp, tmp_path: Path) -> None:
    routine = tmp_path / "timing.toml"
    routine.write_text(ROUTINE, encoding="utf-8")
    data = tmp_path / "data"
    app.start(
        "--data-dir", str(data), "--config-dir", str(tmp_path / "config"), "start", str(routine)
    )

    # First hold: let it run. Watch until the rest that follows it begins.
    app.watch(
        lambda: app.title().startswith("0:0") and "Rest" in app.title(),
        "the rest after the first hold",
        timeout=20,
    )
    # Second hold: pause for 3 s as soon as it shows 0:05.
    app.watch(
        lambda: app.title().startswith("0:05 · Bridge hold · set 2/2"),
        "0:05 in the second hold",
        timeout=10,
    )
    app.press("Space")
    app.watch(lambda: app.title().startswith("paused"), "the session paused", timeout=2)
    paused_at = app.titles[-1].at
    app.watch(lambda: time.monotonic() - paused_at >= 3.0, "3 s paused", timeout=5)
    app.press("Space")
    app.wait_for_text("Session complete", timeout=20)

    # The session's file is on disk by the time the summary shows.
    files = list((data / "sessions").glob("*.toml"))
    assert len(files) == 1, files
    saved = tomllib.loads(files[0].read_text(encoding="utf-8"))
    assert saved["completed"] is True
    holds = [step for step in saved["step"] if step["kind"] == "hold"]
    assert [round(step["actual_s"]) for step in holds] == [6, 6]
    assert holds[1]["paused_s"] == pytest.approx(3.0, abs=TOLERANCE_S)

    spans = hold_spans(app.titles)
    assert len(spans) == 2, [c.title for c in app.titles]
    first, second = spans

    # Hold 1: lasts 6.0 s, and its countdown changes once per second.
    end_first = first_change_after(app.titles, first[-1])
    assert end_first.at - first[0].at == pytest.approx(HOLD_S, abs=TOLERANCE_S)
    shown = [re.match(r"(\d+:\d\d)", change.title).group(1) for change in first]  # type: ignore[union-attr]
    assert shown == ["0:06", "0:05", "0:04", "0:03", "0:02", "0:01"]
    gaps = [b.at - a.at for a, b in itertools.pairwise(first)]
    assert all(gap == pytest.approx(1.0, abs=TOLERANCE_S) for gap in gaps), gaps

    # Hold 2: the 3 s pause adds exactly 3 s.
    end_second = first_change_after(app.titles, second[-1])
    assert end_second.at - second[0].at == pytest.approx(HOLD_S + 3.0, abs=2 * TOLERANCE_S)
