"""The command line: routines, check, show, --version and --help."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from postchain_tui import __version__, locations
from postchain_tui.cli import build_parser, main
from postchain_tui.core.loader import load_routine
from postchain_tui.core.plan import build_plan, estimate_seconds

BUNDLED = sorted(locations.bundled_routines_dir().glob("*.toml"))
SUBCOMMANDS = ("routines", "check", "show", "start")

VALID_ROUTINE = """\
title = "My bridges"
[[exercise]]
name = "Glute bridge hold"
hold = "20s"
sets = 2
"""


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path) -> Iterator[None]:
    """Every test gets its own empty config and data folders, and leaves none set after it.

    The command line sets them too (``--config-dir``, ``--data-dir``): they are reset whatever
    a test did, so that no later test reads this test's folders.
    """
    locations.set_config_dir(tmp_path / "config")
    locations.set_data_dir(tmp_path / "data")
    yield
    locations.set_config_dir(None)
    locations.set_data_dir(None)


def run(capsys: pytest.CaptureFixture[str], tmp_path: Path, *args: str) -> tuple[int, str, str]:
    status = main(
        ["--config-dir", str(tmp_path / "config"), "--data-dir", str(tmp_path / "data"), *args]
    )
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def write_user_routine(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / "config" / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"postchain {__version__}"


def test_help_describes_every_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    for command in SUBCOMMANDS:
        assert re.search(rf"^\s+{command}\s+\S", text, re.MULTILINE), command
    assert "--data-dir" in text and "--config-dir" in text


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_each_subcommand_has_its_own_help(command: str) -> None:
    help_text = build_parser()._subparsers._group_actions[0].choices[command].format_help()  # type: ignore[union-attr]
    assert f"postchain {command}" in help_text


def test_at_least_ten_routines_are_bundled() -> None:
    assert len(BUNDLED) >= 10


def test_routines_lists_every_bundled_routine(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, err = run(capsys, tmp_path, "routines")
    assert status == 0 and err == ""
    listed = [line.split()[0] for line in out.splitlines()]
    assert listed == sorted(load_routine(path).id for path in BUNDLED)
    for line in out.splitlines():
        assert re.search(r"~\d+ min", line), line


def test_broken_user_routine_hides_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = write_user_routine(
        tmp_path, "broken.toml", 'title = "x"\n[[exercise]]\nname = "a"\nhodl = 3\n'
    )
    write_user_routine(tmp_path, "mine.toml", VALID_ROUTINE)
    status, out, err = run(capsys, tmp_path, "routines")
    assert status == 0
    assert str(broken) in err and "hodl" in err and "did you mean 'hold'" in err
    ids = [line.split()[0] for line in out.splitlines()]
    assert "mine" in ids
    assert len(ids) == len(BUNDLED) + 1


def test_user_routine_replaces_a_bundled_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write_user_routine(tmp_path, "pre-run-activation.toml", VALID_ROUTINE)
    status, out, _ = run(capsys, tmp_path, "routines")
    assert status == 0
    line = next(line for line in out.splitlines() if line.startswith("pre-run-activation "))
    assert "My bridges" in line
    assert "replaces the bundled pre-run-activation.toml" in line


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.stem)
def test_every_bundled_routine_passes_check(
    path: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, _ = run(capsys, tmp_path, "check", str(path))
    steps = build_plan(load_routine(path))
    assert status == 0
    assert out.startswith(f"{path}: ok: {path.stem}, {len(steps)} steps, about ")


def test_check_reports_path_line_key_and_fails(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    good = write_user_routine(tmp_path, "good.toml", VALID_ROUTINE)
    bad = write_user_routine(
        tmp_path, "bad.toml", VALID_ROUTINE.replace('hold = "20s"', 'hold = "30-15s"')
    )
    status, out, _ = run(capsys, tmp_path, "check", str(good), str(bad))
    assert status == 1
    lines = out.splitlines()
    assert lines[0].startswith(f"{good}: ok: good, ")
    assert lines[1].startswith(f"{bad}:4: exercise[1].hold: the range is reversed")


def test_check_missing_file_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "nope.toml"
    status, out, _ = run(capsys, tmp_path, "check", str(missing))
    assert status == 1
    assert out.startswith(f"{missing}: cannot be read")


def test_show_prints_every_step_and_the_total(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, _ = run(capsys, tmp_path, "show", "pre-run-activation")
    routine = load_routine(locations.bundled_routines_dir() / "pre-run-activation.toml")
    steps = build_plan(routine)
    assert status == 0
    numbered = [line for line in out.splitlines() if re.match(r"^\s*\d+\.", line)]
    assert len(numbered) == len(steps)
    assert "Get ready" in numbered[0]
    total = estimate_seconds(steps)
    assert f"Total: about {total // 60}:{total % 60:02d} ({len(steps)} steps)" in out


def test_show_accepts_a_path(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write_user_routine(tmp_path, "bridges.toml", VALID_ROUTINE)
    status, out, _ = run(capsys, tmp_path, "show", str(path))
    assert status == 0
    assert "Glute bridge hold · set 2/2" in out
    assert out.count("Rest") == 1  # between the two sets, none after the last


def test_show_unknown_routine_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, err = run(capsys, tmp_path, "show", "no-such-routine")
    assert status == 2 and out == ""
    assert "no routine called 'no-such-routine'" in err and "pre-run-activation" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("routine_id", "low_min", "high_min"),
    [
        ("pre-run-activation", 3, 6),
        ("recovery-week-1", 8, 15),
        ("recovery-week-2", 8, 15),
        ("recovery-week-3", 8, 15),
        ("recovery-week-4", 8, 15),
        ("back-easy-day", 8, 10),
        ("back-workout-day", 10, 15),
    ],
)
def test_estimates_agree_with_the_articles(routine_id: str, low_min: int, high_min: int) -> None:
    routine = load_routine(locations.bundled_routines_dir() / f"{routine_id}.toml")
    minutes = estimate_seconds(build_plan(routine)) / 60
    assert low_min <= minutes <= high_min, minutes


def test_check_reports_every_problem_of_a_file_and_warns_of_control_characters(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = VALID_ROUTINE.replace('hold = "20s"', 'hold = "fast"').replace("sets = 2", "sets = 99")
    bad = write_user_routine(tmp_path, "bad.toml", 'colour = "red"\n' + text)
    shady = write_user_routine(
        tmp_path, "shady.toml", VALID_ROUTINE.replace("My bridges", r"My \u001b[2Jbridges")
    )
    status, out, _ = run(capsys, tmp_path, "check", str(bad), str(shady))
    assert status == 1
    lines = out.splitlines()
    assert [line.split(": ")[:2] for line in lines[:3]] == [
        [f"{bad}:1", "colour"],
        [f"{bad}:5", "exercise[1].hold"],
        [f"{bad}:6", "exercise[1].sets"],
    ]
    assert lines[3].startswith(f"{shady}:1: title: holds control characters")
    assert lines[3].endswith("[warning]")
    assert lines[4].startswith(f"{shady}: ok: shady, ")
    assert "\x1b" not in out


@pytest.mark.parametrize("command", ["show", "start"])
def test_an_unknown_routine_is_named_with_the_closest_id(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    status, out, err = run(capsys, tmp_path, command, "plyometric")
    assert (status, out) == (2, "")
    assert err.startswith(
        "postchain: ROUTINE: no routine called 'plyometric'; did you mean 'plyometrics'? "
        "(allowed: an id (back-easy-day, "
    )
    assert "<routine>" not in err


def test_routines_says_how_many_more_problems_a_skipped_file_has(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = write_user_routine(
        tmp_path,
        "bad.toml",
        VALID_ROUTINE.replace('hold = "20s"', 'hold = "x"').replace("sets = 2", "sets = 0"),
    )
    status, _, err = run(capsys, tmp_path, "routines")
    assert status == 0
    assert err.startswith(f"postchain: skipped {bad}:")
    assert err.endswith(" (and 1 more: see postchain check)\n")
