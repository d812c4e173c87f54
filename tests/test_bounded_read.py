"""Files postchain reads are regular files of a sane size: anything else is refused at once."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from postchain_tui.core.bounded_read import ROUTINE_LIMIT, SESSION_LIMIT, SETTINGS_LIMIT
from postchain_tui.core.catalog import load_catalog
from postchain_tui.core.loader import check_routine
from postchain_tui.core.record import SessionFileError
from postchain_tui.core.settings import load_settings
from postchain_tui.core.store import SessionStore

# Generous: a refusal is immediate; the guard only keeps a regression from hanging the suite.
GUARD_S = 20


def finishes(work: Callable[[], str]) -> str:
    """What ``work`` says, failing the test if it does not return (a FIFO read blocks)."""
    said: list[str] = []
    worker = threading.Thread(target=lambda: said.append(work()), daemon=True)
    worker.start()
    worker.join(GUARD_S)
    assert said, "the read did not return"
    return said[0]


def fifo(path: Path) -> None:
    os.mkfifo(path)


def zero_device(path: Path) -> None:
    path.symlink_to("/dev/zero")


def oversized(limit: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        with open(path, "wb") as handle:
            handle.truncate(limit + 1)  # sparse: takes no room on disk

    return make


def routine_problem(path: Path) -> str:
    return "; ".join(str(problem) for problem in check_routine(path).problems)


def catalog_problem(path: Path) -> str:
    return "; ".join(str(error) for error in load_catalog(path.parent, None).errors)


def session_problem(path: Path) -> str:
    try:
        SessionStore(path.parent).load(path)
    except SessionFileError as error:
        return str(error)
    return "loaded"


def settings_problem(path: Path) -> str:
    return "; ".join(str(problem) for problem in load_settings(path)[1])


READERS = {
    "check": (routine_problem, ROUTINE_LIMIT),
    "catalog": (catalog_problem, ROUTINE_LIMIT),
    "session": (session_problem, SESSION_LIMIT),
    "settings": (settings_problem, SETTINGS_LIMIT),
}
KINDS = {
    "fifo": (lambda limit: fifo, "a FIFO, not a regular file"),
    "dev-zero": (lambda limit: zero_device, "a device, not a regular file"),
    "oversized": (oversized, "larger than "),
}


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("reader", list(READERS))
def test_only_regular_files_of_a_sane_size_are_read(tmp_path: Path, reader: str, kind: str) -> None:
    read, limit = READERS[reader]
    make, expected = KINDS[kind]
    path = tmp_path / "x.toml"
    make(limit)(path)
    said = finishes(lambda: read(path))
    assert f"{path}: cannot be read: {expected}" in said
