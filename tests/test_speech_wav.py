"""Real speech: every announcement of a bundled routine, rendered by espeak-ng to WAV files.

Written to files, never to a loudspeaker, and checked with the standard library: each one has
sound in it, and each count word is short enough to end before the next second's flip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import wave
from array import array
from pathlib import Path

import pytest

from postchain_tui.core.engine import COUNTDOWN_CUES
from postchain_tui.core.engine_types import Cue, CueKind
from postchain_tui.core.loader import load_routine
from postchain_tui.core.plan import build_plan
from postchain_tui.core.speech import DEFAULT_RATE, SpeechEngine, utterance
from postchain_tui.core.spoken import Control, spoken_words
from postchain_tui.locations import bundled_routines_dir

ROUTINE = "pre-run-activation"
COUNT_WORD_MAX_S = 0.8
LOUD_ENOUGH = 1000
"""The loudest sample of an utterance must reach this (of 32767): not silence, not hiss."""


@pytest.fixture(scope="module")
def espeak_ng() -> SpeechEngine:
    program = shutil.which("espeak-ng")
    if program is None:
        if os.environ.get("CI") == "true":
            pytest.fail(
                "espeak-ng is not installed: .ci/run installs it (apt-get install espeak-ng)"
            )
        pytest.skip("espeak-ng is not installed (apt-get install espeak-ng), so no speech to check")
    return SpeechEngine("espeak-ng", program)


def announcements() -> list[str]:
    """Every different thing a session of the routine can say, in the order first said."""
    steps = build_plan(load_routine(bundled_routines_dir() / f"{ROUTINE}.toml"))
    said = [spoken_words(Cue(CueKind.STEP, index), steps) for index in range(len(steps))]
    said += [spoken_words(Cue(CueKind.COUNT, 0, count), steps) for count in COUNTDOWN_CUES]
    said += [spoken_words(Cue(CueKind.HALFWAY, 0, 15), steps)]
    said += [spoken_words(control, steps) for control in Control]
    last = Cue(CueKind.FINISHED, len(steps) - 1)
    said += [spoken_words(last, steps, completed=done) for done in (True, False)]
    return list(dict.fromkeys(words for words in said if words is not None))


def render(engine: SpeechEngine, texts: list[str], folder: Path) -> list[Path]:
    """Each text as espeak-ng says it, with postchain's own arguments, into a WAV file."""
    paths = [folder / f"{number:03}.wav" for number in range(len(texts))]
    processes = []
    for text, path in zip(texts, paths, strict=True):
        arguments = utterance(engine, text, DEFAULT_RATE).arguments
        command = [arguments[0], "-w", str(path), *arguments[1:]]
        processes.append(subprocess.Popen(command, stderr=subprocess.PIPE))
    for process in processes:
        _, errors = process.communicate(timeout=60)
        assert process.returncode == 0, errors
    return paths


def seconds_and_peak(path: Path) -> tuple[float, int]:
    with wave.open(str(path), "rb") as sound:
        assert sound.getsampwidth() == 2 and sound.getnchannels() == 1, path
        frames = sound.readframes(sound.getnframes())
        seconds = sound.getnframes() / sound.getframerate()
    samples = array("h", frames)
    return seconds, max((abs(sample) for sample in samples), default=0)


def test_every_announcement_of_a_routine_is_heard_and_each_count_is_short(
    espeak_ng: SpeechEngine, tmp_path: Path
) -> None:
    texts = announcements()
    assert len(texts) > 10
    counts = {spoken_words(Cue(CueKind.COUNT, 0, n), []) for n in COUNTDOWN_CUES}
    silent, long_counts = [], []
    for text, path in zip(texts, render(espeak_ng, texts, tmp_path), strict=True):
        seconds, peak = seconds_and_peak(path)
        if seconds <= 0 or peak < LOUD_ENOUGH:
            silent.append(f"{text!r}: {seconds:.2f} s, peak {peak}")
        if text in counts and seconds >= COUNT_WORD_MAX_S:
            long_counts.append(f"{text!r}: {seconds:.2f} s")
    assert silent == []
    assert long_counts == []
