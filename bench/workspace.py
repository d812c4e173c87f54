"""Everything the benchmarks run on: folders of their own, test routines and realistic logs.

Logs are written by ``bench/make_history.py`` (the real engine and store) once per size and
kept in a cache folder between runs, since 20,000 sessions take a while to write. Programs
never run on the cached log itself: each gets a copy made of hard links, so a session the app
saves (or an index it builds) never changes the cache.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from harness import BENCH_DIR

LOG_SEED = 7
LOG_END = "2026-11-22"
SETTLE_S = 2.1
"""The index re-reads files modified less than 2 s before a listing; wait that out."""

DEFAULT_CACHE = Path(tempfile.gettempdir()) / "postchain-bench-logs"

LONG_HOLD = """\
title = "Benchmark: one long hold"
id = "bench-long-hold"

[defaults]
lead_in = "2s"

[[exercise]]
name = "Long hold"
hold = "10m"
cue = "Nothing to do: the benchmark watches the countdown."
"""

SUSPEND = """\
title = "Benchmark: suspend in a rest"
id = "bench-suspend"

[defaults]
lead_in = "2s"
rest = "6s"

[[exercise]]
name = "Short hold"
hold = "3s"
sets = 3
"""


def timing_routine(hold_s: int, rest_s: int, sets: int) -> str:
    """A routine of ``sets`` holds with rests between them, after a 3 s lead-in."""
    return f"""\
title = "Benchmark: timing"
id = "bench-timing"

[defaults]
lead_in = "3s"
rest = "{rest_s}s"

[[exercise]]
name = "Bench hold"
hold = "{hold_s}s"
sets = {sets}
"""


@dataclass
class Workspace:
    """A temporary folder for one benchmark run, and the cache of generated logs.

    Attributes:
        root: the run's own folder, removed at the end.
        cache: where generated logs are kept between runs.
    """

    root: Path
    cache: Path

    @classmethod
    def create(cls, cache: Path | None = None) -> Workspace:
        """A new temporary folder, and the cache (created when missing)."""
        root = Path(tempfile.mkdtemp(prefix="postchain-bench-"))
        cache = cache or DEFAULT_CACHE
        cache.mkdir(parents=True, exist_ok=True)
        return cls(root, cache)

    def folder(self, *parts: str) -> Path:
        """A folder inside the run's own, created when missing."""
        path = self.root.joinpath(*parts)
        path.mkdir(parents=True, exist_ok=True)
        return path

    def routine(self, name: str, text: str) -> Path:
        """Write a routine file and return its path."""
        path = self.folder("routines") / f"{name}.toml"
        path.write_text(text, encoding="utf-8")
        return path

    def env(self) -> dict[str, str]:
        """Variables for every program: user folders of the run's own, never the user's."""
        return {
            # Bytecode is cached in the run's own folder, never beside the sources.
            "PYTHONPYCACHEPREFIX": str(self.folder("pycache")),
            "XDG_DATA_HOME": str(self.folder("xdg", "data")),
            "XDG_CONFIG_HOME": str(self.folder("xdg", "config")),
            "XDG_CACHE_HOME": str(self.folder("xdg", "cache")),
            "XDG_STATE_HOME": str(self.folder("xdg", "state")),
        }

    def cached_log(self, count: int) -> Path:
        """A data folder whose ``sessions/`` holds ``count`` generated sessions.

        Written once by ``make_history.py`` and reused while its files are all there.
        """
        data = self.cache / f"log-{count}-seed{LOG_SEED}"
        sessions = data / "sessions"
        done = data / "complete"
        if not done.exists():
            if data.exists():
                shutil.rmtree(data)
            sessions.mkdir(parents=True)
            print(f"  writing a log of {count:,} sessions (once; cached in {self.cache})")
            subprocess.run(
                [
                    sys.executable,
                    str(BENCH_DIR / "make_history.py"),
                    str(count),
                    str(sessions),
                    "--seed",
                    str(LOG_SEED),
                    "--end",
                    LOG_END,
                ],
                check=True,
                stderr=subprocess.DEVNULL,
            )
            done.write_text(f"{count}\n", encoding="utf-8")
        newest = max((entry.stat().st_mtime for entry in os.scandir(sessions)), default=0.0)
        wait = newest + SETTLE_S - time.time()
        if wait > 0:
            time.sleep(wait)
        return data

    def log_copy(self, count: int, name: str, *, indexed: bool = True) -> Path:
        """A data folder of the run's own with the cached log's files linked into it.

        Session files are never changed in place (the app writes a new file and renames it),
        so linking them is as good as copying, and takes a fraction of the time.

        Args:
            count: how many sessions.
            name: the folder's name.
            indexed: build the log's index first, as any earlier run of postchain would have
                (False leaves it to be built by whatever reads the log first).
        """
        target = self.root / "logs" / name
        if target.exists():
            shutil.rmtree(target)
        (target / "sessions").mkdir(parents=True)
        if count:
            source = self.cached_log(count) / "sessions"
            for entry in os.scandir(source):
                os.link(entry.path, target / "sessions" / entry.name)
        if indexed:
            self.build_index(target)
        return target

    def build_index(self, data: Path) -> None:
        """Bring a data folder's index up to date, as ``postchain history`` does."""
        subprocess.run(
            [sys.executable, "-m", "postchain_tui", "--data-dir", str(data), "history"],
            cwd=self.root,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=True,
        )

    @staticmethod
    def drop_index(data: Path) -> None:
        """Delete a data folder's index (and SQLite's side files): the next reader starts cold."""
        for suffix in ("", "-wal", "-shm", "-journal"):
            (data / f"index.sqlite3{suffix}").unlink(missing_ok=True)

    @staticmethod
    def forget_running(data: Path) -> None:
        """Delete a data folder's running markers, as a clean exit of postchain leaves it.

        A program the benchmark stops is killed, as a crash would kill it, so a session it was
        running leaves its marker; the next start would find it and offer to resume it.
        """
        shutil.rmtree(data / "running", ignore_errors=True)

    def remove(self) -> None:
        """Delete the run's own folder (the cache stays)."""
        shutil.rmtree(self.root, ignore_errors=True)


def run_alone(run: Callable[..., tuple[str, list[str], object]]) -> None:
    """Run one benchmark by itself, quickly, in a workspace of its own, and print its figures.

    Args:
        run: the benchmark's ``run(space, quick=...)``, returning its text, its missed
            targets and its raw figures.
    """
    space = Workspace.create()
    try:
        text, problems, _ = run(space, quick=True)
        print(text)
        print("\n".join(problems))
    finally:
        space.remove()
