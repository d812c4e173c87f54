"""Routine ids on file systems that ignore case (macOS, Windows): no two differ only in case."""

from __future__ import annotations

from pathlib import Path

import pytest

from postchain_tui.core.catalog import load_catalog, resolve_routine
from postchain_tui.core.routine import RoutineError

ROUTINE = 'title = "Bridges"\nid = "{id}"\n[[exercise]]\nname = "Glute bridge"\nhold = 20\n'


def write(folder: Path, name: str, routine_id: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(ROUTINE.format(id=routine_id), encoding="utf-8")


@pytest.mark.parametrize("typed", ["glute-bridges", "Glute-Bridges", "GLUTE-BRIDGES"])
def test_a_routine_is_found_whatever_the_case_it_is_typed_in(tmp_path: Path, typed: str) -> None:
    write(tmp_path / "bundled", "glute-bridges.toml", "glute-bridges")
    catalog = load_catalog(tmp_path / "bundled", None)
    assert resolve_routine(typed, catalog).id == "glute-bridges"


def test_an_id_that_differs_only_in_case_is_refused_and_named(tmp_path: Path) -> None:
    write(tmp_path / "user", "bridges.toml", "bridges")
    write(tmp_path / "user", "more.toml", "Bridges")
    catalog = load_catalog(tmp_path / "bundled", tmp_path / "user")
    assert catalog.ids == ["bridges"]
    (error,) = catalog.errors
    assert isinstance(error, RoutineError)
    assert error.path == tmp_path / "user" / "more.toml" and error.key == "id"
    assert "lower-case" in str(error)
