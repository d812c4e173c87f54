"""The command line reads the settings file and hands it to the app, problems and all."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import postchain_tui.app
from postchain_tui import cli, locations
from postchain_tui.app import AppOptions
from postchain_tui.core.settings import Settings
from postchain_tui.core.store import SessionStore
from tests.fakes import fields_of


class StubApp:
    """Stands in for the full-screen app: records nothing, runs at once."""

    return_code = 0
    ended_session = None
    store = SessionStore(Path("sessions"))  # nothing held: nothing printed, nothing written

    def run(self) -> None:
        """Nothing to run."""


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict[str, Any]]]:
    """The keyword arguments of every ``make_app`` call."""
    calls: list[dict[str, Any]] = []

    def fake_make_app(options: AppOptions) -> StubApp:
        calls.append(fields_of(options))
        return StubApp()

    monkeypatch.setattr(postchain_tui.app, "make_app", fake_make_app)
    yield calls
    locations.set_config_dir(None)
    locations.set_data_dir(None)


def run(tmp_path: Path, settings_text: str | None = None) -> Path:
    """Run ``postchain`` with its folders in ``tmp_path``, and a settings file if given.

    Returns:
        Where the settings file is.
    """
    path = tmp_path / "config" / "settings.toml"
    if settings_text is not None:
        path.parent.mkdir()
        path.write_text(settings_text, encoding="utf-8")
    folders = ["--config-dir", str(tmp_path / "config"), "--data-dir", str(tmp_path / "data")]
    assert cli.main(folders) == 0
    return path


def test_the_app_gets_the_settings_and_where_they_live(
    tmp_path: Path, made: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    path = run(tmp_path, 'bell = false\nweekly_goal = 3\ntheme = "postchain-high-contrast"\n')
    [kwargs] = made
    assert kwargs["settings"] == Settings(
        bell=False, weekly_goal=3, theme="postchain-high-contrast"
    )
    assert kwargs["settings_path"] == path
    assert kwargs["settings_problems"] == ()
    assert capsys.readouterr().err == ""


def test_problems_in_the_file_are_printed_and_handed_on(
    tmp_path: Path, made: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    path = run(tmp_path, 'flash = false\nload_unit = "stone"\n')
    [kwargs] = made
    assert kwargs["settings"] == Settings(flash=False)
    assert [(p.line, p.key) for p in kwargs["settings_problems"]] == [(2, "load_unit")]
    assert capsys.readouterr().err.startswith(
        f"postchain: setting not used: {path}:2: load_unit: must be kg or lb, got 'stone'"
    )


def test_no_settings_file_means_the_defaults(tmp_path: Path, made: list[dict[str, Any]]) -> None:
    run(tmp_path)
    assert made[0]["settings"] == Settings()
    assert made[0]["settings_problems"] == ()
