"""The routine files as parsed at the last start: used while a file is unchanged, never trusted."""

from __future__ import annotations

import datetime
import errno
import marshal
import os
import random
import tomllib
from pathlib import Path

import pytest

from postchain_tui import locations
from postchain_tui.core.catalog import load_catalog
from postchain_tui.core.loader import load_routine
from postchain_tui.core.routine import RoutineError
from postchain_tui.core.routine_cache import UNSETTLED_NS, RoutineCache

ROUTINE = """\
title = "Cached bridges"

[[exercise]]
name = "Glute bridge hold"
hold = "20s"
sets = 2
"""

LATER_NS = 4_000_000_000_000_000_000  # long after any file here was written


def later() -> int:
    return LATER_NS


@pytest.fixture
def routine_file(tmp_path: Path) -> Path:
    path = tmp_path / "routines" / "bridges.toml"
    path.parent.mkdir()
    path.write_text(ROUTINE, encoding="utf-8")
    return path


@pytest.fixture
def cache_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "routines.cache"


def load_with_cache(path: Path, cache_path: Path) -> str:
    """Load ``path`` through a cache read from ``cache_path``, then save it; the routine's title."""
    cache = RoutineCache(cache_path, clock_ns=later)
    title = load_routine(path, cache).title
    cache.save()
    return title


def no_toml(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any parsing of TOML by the loader fail the test."""

    def refuse(_text: str) -> None:
        raise AssertionError("a routine file was parsed")

    monkeypatch.setattr(tomllib, "loads", refuse)


def test_an_unchanged_file_is_not_parsed_again(
    routine_file: Path, cache_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_routine(routine_file)
    assert load_with_cache(routine_file, cache_path) == first.title
    no_toml(monkeypatch)
    cache = RoutineCache(cache_path, clock_ns=later)
    assert load_routine(routine_file, cache) == first


def test_a_changed_file_is_parsed_again(routine_file: Path, cache_path: Path) -> None:
    load_with_cache(routine_file, cache_path)
    routine_file.write_text(ROUTINE.replace("Cached bridges", "Changed"), encoding="utf-8")
    assert load_with_cache(routine_file, cache_path) == "Changed"


def test_a_rewrite_of_the_same_size_and_time_in_another_file_is_parsed_again(
    routine_file: Path, cache_path: Path
) -> None:
    load_with_cache(routine_file, cache_path)
    status = routine_file.stat()
    # Another file (another inode) put in its place, with the same size and time.
    replacement = routine_file.with_name("replacement.tmp")
    replacement.write_text(ROUTINE.replace("Cached bridges", "Replaced bridg"), encoding="utf-8")
    os.utime(replacement, ns=(status.st_atime_ns, status.st_mtime_ns))
    replacement.replace(routine_file)
    assert routine_file.stat().st_size == status.st_size
    assert load_with_cache(routine_file, cache_path) == "Replaced bridg"


def test_a_file_modified_just_now_is_not_kept(routine_file: Path, cache_path: Path) -> None:
    modified = routine_file.stat().st_mtime_ns
    cache = RoutineCache(cache_path, clock_ns=lambda: modified + UNSETTLED_NS)
    load_routine(routine_file, cache)
    cache.save()
    assert not cache_path.exists()


def test_a_broken_file_is_never_kept_and_its_problem_names_the_line(
    routine_file: Path, cache_path: Path
) -> None:
    routine_file.write_text(ROUTINE.replace('hold = "20s"', 'hold = "soon"'), encoding="utf-8")
    for _ in range(2):
        cache = RoutineCache(cache_path, clock_ns=later)
        with pytest.raises(RoutineError) as caught:
            load_routine(routine_file, cache)
        cache.save()
        assert caught.value.line == 5
    assert not cache_path.exists()


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not marshal at all",
        marshal.dumps(("postchain routine cache", 0, "0.0.0", (3, 0), 0))[:-3],
        marshal.dumps((("another format",), {})),
        marshal.dumps({"a": "dict"}),
        marshal.dumps((("postchain routine cache",), {"x": ("bad", {})})),
    ],
    ids=["empty", "garbage", "truncated", "other-format", "not-a-pair", "bad-entry"],
)
def test_a_cache_that_cannot_be_used_is_ignored_and_written_anew(
    routine_file: Path, cache_path: Path, content: bytes
) -> None:
    cache_path.parent.mkdir(parents=True)
    cache_path.write_bytes(content)
    assert load_with_cache(routine_file, cache_path) == "Cached bridges"
    assert cache_path.read_bytes() != content
    assert RoutineCache(cache_path).document(routine_file, RoutineCache(None).stamp(routine_file))


def test_a_cache_that_cannot_be_written_is_left_alone(routine_file: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert load_with_cache(routine_file, blocker / "routines.cache") == "Cached bridges"
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_a_document_marshal_cannot_hold_is_not_kept(routine_file: Path, cache_path: Path) -> None:
    cache = RoutineCache(cache_path, clock_ns=later)
    stamp = cache.stamp(routine_file)
    cache.keep(routine_file, stamp, {"when": datetime.date(2026, 11, 30)})
    cache.save()
    assert not cache_path.exists()
    assert cache.document(routine_file, stamp) is None


def test_files_no_longer_asked_for_drop_out_at_the_next_write(
    routine_file: Path, cache_path: Path
) -> None:
    other = routine_file.with_name("other.toml")
    other.write_text(ROUTINE.replace("Cached bridges", "Other"), encoding="utf-8")
    catalog_cache = RoutineCache(cache_path, clock_ns=later)
    load_catalog(routine_file.parent, None, catalog_cache)
    catalog_cache.save()
    other.unlink()
    routine_file.write_text(ROUTINE.replace("Cached bridges", "Changed"), encoding="utf-8")
    catalog_cache = RoutineCache(cache_path, clock_ns=later)
    load_catalog(routine_file.parent, None, catalog_cache)
    catalog_cache.save()
    stamp = RoutineCache(None).stamp(routine_file)
    kept = RoutineCache(cache_path)
    assert kept.document(routine_file, stamp) is not None
    assert kept.document(other, (0, 0, 0)) is None


def test_the_catalog_reads_the_same_with_and_without_the_cache(
    cache_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundled = locations.bundled_routines_dir()
    plain = load_catalog(bundled, None)
    first = RoutineCache(cache_path, clock_ns=later)
    assert load_catalog(bundled, None, first) == plain
    first.save()
    no_toml(monkeypatch)
    assert load_catalog(bundled, None, RoutineCache(cache_path, clock_ns=later)) == plain


def test_with_a_data_folder_given_the_cache_sits_in_it(tmp_path: Path) -> None:
    locations.set_data_dir(tmp_path / "data")
    try:
        assert locations.routine_cache_path() == tmp_path / "data" / "routines.cache"
    finally:
        locations.set_data_dir(None)


def test_a_damaged_cache_never_changes_what_a_routine_says(cache_path: Path) -> None:
    bundled = locations.bundled_routines_dir()
    plain = load_catalog(bundled, None)
    first = RoutineCache(cache_path, clock_ns=later)
    load_catalog(bundled, None, first)
    first.save()
    good = cache_path.read_bytes()
    shuffle = random.Random(14)
    for _ in range(300):
        damaged = bytearray(good)
        for _ in range(shuffle.randint(1, 3)):
            damaged[shuffle.randrange(len(damaged))] = shuffle.randrange(256)
        cache_path.write_bytes(bytes(damaged))
        catalog = load_catalog(bundled, None, RoutineCache(cache_path, clock_ns=later))
        assert catalog == plain


def test_a_cache_write_on_a_full_disk_is_ignored_quietly(
    routine_file: Path, cache_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_space(*args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", no_space)
    assert load_with_cache(routine_file, cache_path) == "Cached bridges"
    assert not cache_path.exists()
    assert list(cache_path.parent.iterdir()) == []
