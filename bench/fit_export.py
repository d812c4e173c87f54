"""Time ``postchain export --format fit`` on a generated log of 5,000 sessions.

Usage::

    python bench/fit_export.py                 # 5,000 sessions, target 30 s
    python bench/fit_export.py --sessions 1000

The log is written by ``make_history.py`` (seed 7, ending 2026-11-22) into a temporary folder.
The export runs as a user runs it, by the ``postchain`` command beside this interpreter, three
times: into an empty folder with no session index yet (the index is built first, as on the
first command after a fresh install), into an empty folder again with the index built, and once
more over the files it wrote (all unchanged). Exits 1 when the first run misses the target.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.make_history import generate_history  # noqa: E402

TARGET_S = 30.0


def postchain_command() -> list[str]:
    """The installed ``postchain`` beside this interpreter, or ``python -m postchain_tui``."""
    installed = Path(sys.executable).with_name("postchain")
    return [str(installed)] if installed.exists() else [sys.executable, "-m", "postchain_tui"]


def timed_export(data: Path, out: Path) -> tuple[float, str]:
    """Run the export once; its seconds and its summary line."""
    out.mkdir(exist_ok=True)
    command = [*postchain_command(), "--data-dir", str(data), "export", "--format", "fit"]
    began = time.perf_counter()
    result = subprocess.run(
        [*command, "--out", str(out)], capture_output=True, text=True, check=True
    )
    return time.perf_counter() - began, result.stdout.strip()


def main(argv: Sequence[str] | None = None) -> int:
    """Generate the log, time the exports, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=5000, help="log size (default: 5000)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="postchain-fit-bench-") as folder:
        data = Path(folder) / "data"
        began = time.perf_counter()
        generate_history(args.sessions, data / "sessions", seed=7, end=date(2026, 11, 22), jobs=2)
        print(f"generated {args.sessions} sessions in {time.perf_counter() - began:.1f} s")
        runs = [
            ("no index, empty folder", data, Path(folder) / "cold"),
            ("index built, empty folder", data, Path(folder) / "warm"),
            ("index built, files already there", data, Path(folder) / "warm"),
        ]
        figures = []
        for label, log, out in runs:
            seconds, line = timed_export(log, out)
            figures.append(seconds)
            print(f"{label:<34} {seconds:6.2f} s   {line.split(': ', 1)[-1]}")
    verdict = "met" if figures[0] < TARGET_S else "MISSED"
    print(f"target: under {TARGET_S:.0f} s for {args.sessions} sessions: {verdict}")
    return 0 if figures[0] < TARGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
