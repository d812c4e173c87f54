"""Watching the session index at work: which files it parses, which folders it lists, and a
stand-in reader that holds a background refresh after its first batch."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import pytest

from postchain_tui.core.index_reading import FileStamp, read_entries
from postchain_tui.core.record import SessionLog
from postchain_tui.core.store import SessionStore
from tests.log_builders import SETTLED_NS

LATER_NS = SETTLED_NS + 3600 * 10**9
"""An hour after the settled files and folder were last changed: the tests' "now"."""


def settle(folder: Path) -> None:
    """Date the folder's last change back to when the settled files were saved."""
    os.utime(folder, ns=(SETTLED_NS, SETTLED_NS))


def watch_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files the store parses from now on."""
    names: list[str] = []
    load = SessionStore.load

    def counting_load(store: SessionStore, path: Path) -> SessionLog:
        names.append(path.name)
        return load(store, path)

    monkeypatch.setattr(SessionStore, "load", counting_load)
    return names


def watch_listings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The folders listed from now on."""
    listed_folders: list[str] = []
    scandir = os.scandir

    def counting_scandir(path: Any) -> Any:
        listed_folders.append(os.fspath(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", counting_scandir)
    return listed_folders


class HeldReader:
    """Stands in for ``read_entries_in_parallel`` and holds a background refresh mid-build.

    Its first batch is read, then it waits until the test lets it go on (having asked the
    refresh to stop, as closing the app does); the batch is then stored.
    """

    def __init__(self) -> None:
        self.first_read = threading.Event()
        self.carry_on = threading.Event()
        self.calls = 0

    def __call__(self, sessions_dir: Path, files: list[tuple[str, FileStamp]]) -> list[Any]:
        self.calls += 1
        rows = read_entries(sessions_dir, files)
        self.first_read.set()
        assert self.carry_on.wait(30)
        return rows
