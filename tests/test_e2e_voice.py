"""End to end in a real terminal: each spoken word starts at its flip on the title.

The app runs in tmux with silent stand-ins for every speech engine on PATH (see
``tests.terminal``); they record when each process started and what it was given, on the same
clock as the title changes watched from outside.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.terminal import TitleChange, TmuxApp, Utterance, needs_tmux, utterances

pytestmark = [needs_tmux, pytest.mark.terminal]

WITHIN_S = 0.100
"""How soon after the title shows a change its words' process must have started."""

ROUTINE = """\
title = "Voice timing"
id = "voice-timing"

[defaults]
lead_in = "4s"
rest = "4s"

[[exercise]]
name = "Bridge hold"
hold = "5s"
sets = 2
"""

COUNT_WORDS = {3: "three", 2: "two", 1: "one"}
_TITLE = re.compile(r"^(?:paused · )?(?:(?P<time>\d+:\d\d) · )?(?P<label>.*)$")


@pytest.fixture
def app(tmp_path: Path) -> Iterator[TmuxApp]:
    runner = TmuxApp(socket=tmp_path / "tmux.sock")
    yield runner
    runner.stop()


def shown(title: str) -> tuple[int | None, str]:
    match = _TITLE.match(title)
    assert match is not None
    seconds = None
    if match["time"]:
        minutes, rest = match["time"].split(":")
        seconds = int(minutes) * 60 + int(rest)
    return seconds, match["label"]


def expected_words(titles: list[TitleChange]) -> list[tuple[TitleChange, str]]:
    """Each title change that must be spoken, and the start of what must be said."""
    wanted: list[tuple[TitleChange, str]] = []
    for before, after in itertools.pairwise(titles):
        old_seconds, old_label = shown(before.title)
        new_seconds, new_label = shown(after.title)
        if new_label != old_label and old_seconds is not None:
            if "Bridge hold" in new_label:
                wanted.append((after, "Bridge hold."))
            elif "Rest" in new_label:
                wanted.append((after, "Rest, four seconds."))
        elif new_seconds in COUNT_WORDS and new_seconds != old_seconds:
            wanted.append((after, COUNT_WORDS[new_seconds]))
    return wanted


def said_at(said: list[Utterance], change: TitleChange, words: str) -> Utterance:
    candidates = [u for u in said if u.words.startswith(words)]
    assert candidates, f"{words!r} was never said: {[u.words for u in said]}"
    return min(candidates, key=lambda u: abs(u.started - change.at))


def test_every_word_starts_within_100_ms_of_its_flip(app: TmuxApp, tmp_path: Path) -> None:
    routine = tmp_path / "voice.toml"
    routine.write_text(ROUTINE, encoding="utf-8")
    app.start(
        "--data-dir",
        str(tmp_path / "data"),
        "--config-dir",
        str(tmp_path / "config"),
        "start",
        str(routine),
    )

    def over() -> bool:
        seen = [change.title for change in app.titles]
        return any("Rest" in title for title in seen) and seen[-1] == "postchain"

    app.watch(over, "the session to run through its rest to the end", timeout=40, interval=0.004)
    app.wait_for_text("Session complete", timeout=10)
    said = utterances(app.speech_folder)

    # With no setting changed, the first engine on PATH speaks (speech-dispatcher's).
    assert said and {u.name for u in said} == {"spd-say"}
    assert said[0].words == "Get ready, four seconds. Next: Bridge hold."

    wanted = expected_words(app.titles)
    counts = [words for _, words in wanted if words in COUNT_WORDS.values()]
    assert counts == ["three", "two", "one"] * 4, [c.title for c in app.titles]
    late = []
    for change, words in wanted:
        utterance = said_at(said, change, words)
        delay = utterance.started - change.at
        if abs(delay) > WITHIN_S:
            late.append(f"{words!r} at {change.title!r}: {delay * 1000:+.0f} ms")
    assert late == []

    # One voice at a time: each utterance is ended by the next, none outlives the session.
    for earlier, later in itertools.pairwise(said):
        assert earlier.ended is not None, earlier
        assert earlier.ended <= later.started + WITHIN_S, (earlier, later)
    assert said[-1].words == "Session complete"
