"""Run postchain's benchmarks against reference programs, in one go, and print the figures.

Usage::

    python bench/run.py            # the whole suite, about 25 minutes
    python bench/run.py --quick    # shorter windows and sessions, about 5 minutes
    python bench/run.py --only startup,counting

Every figure is measured in the same run as its references, so the ratios hold however busy
the machine is. The exit status is 1 when a target is missed, 2 when the suite cannot run
(tmux missing); the figures are printed either way. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path

import counting
import history_scale
import seconds
import startup
import suspend
import voice
from workspace import Workspace

Benchmark = Callable[[Workspace, bool], tuple[str, list[str], dict[str, object]]]

BENCHMARKS: dict[str, Benchmark] = {
    "startup": startup.run,
    "counting": counting.run,
    "seconds": seconds.run,
    "voice": voice.run,
    "suspend": suspend.run,
    "history": history_scale.run,
}


def version_of(package: str) -> str:
    """An installed package's version, or ``missing``."""
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "missing"


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    tmux = subprocess.run(["tmux", "-V"], capture_output=True, text=True, check=False)
    load = os.getloadavg()
    return {
        "cpus (nproc)": str(os.cpu_count()),
        "cpu": cpu_model(),
        "python": platform.python_version(),
        "textual": version_of("textual"),
        "termdown": version_of("termdown"),
        "postchain": version_of("postchain"),
        "tmux": tmux.stdout.strip().removeprefix("tmux "),
        "kernel": platform.release(),
        "load average at start": f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}",
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks chosen and print their figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter windows and sessions")
    parser.add_argument(
        "--only",
        metavar="NAMES",
        help=f"comma-separated benchmarks to run (of {', '.join(BENCHMARKS)})",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        metavar="DIR",
        help="where generated logs are kept between runs (default: a folder in the temp dir)",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures here")
    args = parser.parse_args(argv)
    chosen = list(BENCHMARKS) if not args.only else [n.strip() for n in args.only.split(",")]
    unknown = [name for name in chosen if name not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)} (of {', '.join(BENCHMARKS)})")
    if shutil.which("tmux") is None:
        print("bench: tmux is not installed; every benchmark runs in tmux", file=sys.stderr)
        return 2
    if version_of("termdown") == "missing":
        print(
            "bench: termdown is missing (pip install termdown): it is left out, and the target "
            "of using less CPU than it counts as missed",
            file=sys.stderr,
        )

    about = machine()
    print(f"postchain benchmarks{' (quick)' if args.quick else ''}")
    for key, value in about.items():
        print(f"  {key}: {value}")
    print()

    workspace = Workspace.create(args.cache)
    missed: list[str] = []
    results: dict[str, object] = {"machine": about, "quick": args.quick}
    try:
        for name in chosen:
            began = time.monotonic()
            print(f"== {name}", flush=True)
            text, problems, raw = BENCHMARKS[name](workspace, args.quick)
            print(text)
            print(f"({time.monotonic() - began:.0f} s)\n", flush=True)
            missed += problems
            results[name] = {"figures": raw, "missed": problems, "report": text}
    finally:
        workspace.remove()

    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    if missed:
        print("Targets missed:")
        for line in missed:
            print(f"  - {line}")
        return 1
    print("Every target met.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
