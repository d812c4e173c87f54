"""Settings: defaults, validation that names file, line and key, and a round trip."""

from __future__ import annotations

from pathlib import Path

import pytest

from postchain_tui.core.settings import Settings, load_settings, save_settings


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    return path


def the_one_problem(path: Path, key: str, line: int, fragment: str) -> Settings:
    """Load ``path``, which has one problem: named by file, line and key, saying ``fragment``.

    Returns:
        The settings loaded all the same.
    """
    settings, problems = load_settings(path)
    assert len(problems) == 1, problems
    problem = problems[0]
    assert (problem.path, problem.key, problem.line) == (path, key, line)
    assert fragment in problem.message
    assert str(problem).startswith(f"{path}:{line}: {key}: ")
    return settings


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    settings, problems = load_settings(tmp_path / "settings.toml")
    assert settings == Settings()
    assert problems == []
    assert settings.weekly_goal == 2 and settings.bell is True and settings.load_unit == "kg"
    assert (settings.voice, settings.voice_rate) == ("auto", 175)


def test_round_trip(tmp_path: Path) -> None:
    chosen = Settings(
        bell=False,
        lead_in=10,
        weekly_goal=3,
        theme="textual-light",
        load_unit="lb",
        cue_command='espeak-ng "{text}"',
        auto_start_after_rest=False,
        flash=False,
        voice="espeak-ng",
        voice_rate=140,
    )
    path = tmp_path / "settings.toml"
    save_settings(path, chosen)
    assert load_settings(path) == (chosen, [])


@pytest.mark.parametrize(
    ("text", "key", "line", "fragment"),
    [
        ('bell = true\nweekly_goal = "three"\n', "weekly_goal", 2, "must be a whole number"),
        ("weekly_goal = 0\n", "weekly_goal", 1, "must be from 1 to 14"),
        ('load_unit = "stone"\n', "load_unit", 1, "must be kg or lb"),
        ("flash = 1\n", "flash", 1, "must be true or false"),
        ('lead_in = "soon"\n', "lead_in", 1, "is not"),
        ("\nbel = false\n", "bel", 2, "did you mean 'bell'?"),
        ('voice = "loud"\n', "voice", 1, "unknown voice 'loud'"),
        ("voice = true\n", "voice", 1, "must be a string"),
        ("voice_rate = 30\n", "voice_rate", 1, "must be from 80 to 450"),
        ('voice_rate = "fast"\n', "voice_rate", 1, "must be a whole number"),
    ],
)
def test_a_bad_value_is_reported_and_the_rest_still_applies(
    tmp_path: Path, text: str, key: str, line: int, fragment: str
) -> None:
    settings = the_one_problem(
        write(tmp_path, text + 'theme = "textual-light"\n'), key, line, fragment
    )
    assert settings.theme == "textual-light"
    assert getattr(settings, key, None) == getattr(Settings(), key, None)


def test_syntax_error_keeps_defaults_and_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "bell = true\nweekly_goal = = 3\n")
    settings, problems = load_settings(path)
    assert settings == Settings()
    assert [(p.path, p.line) for p in problems] == [(path, 2)]


def test_a_setting_with_control_characters_is_reported_and_not_used(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('theme = "nord"\ncue_command = "say \\u001b]0;pwned\\u0007"\n', "utf-8")
    settings, problems = load_settings(path)
    assert settings == Settings(theme="nord")
    assert [(problem.key, problem.line) for problem in problems] == [("cue_command", 2)]
    assert problems[0].message.startswith("holds control characters")
    assert "\x1b" not in str(problems[0])
