"""The core is Textual-free, and finding postchain's folders touches no disk at import.

Both are checked in a fresh interpreter, so what this test process has imported already (the
app, Textual through pytest plugins) cannot hide a stray import.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

# Imports every core module and postchain_tui.locations, watching for anything that writes.
IMPORT_EVERYTHING = r"""
import importlib, json, os, pkgutil, sys

WRITES = {
    "os.mkdir", "os.rename", "os.replace", "os.remove", "os.rmdir", "os.link", "os.symlink",
    "os.truncate", "os.chmod", "os.chown", "os.utime", "shutil.rmtree", "shutil.copyfile",
    "shutil.move", "tempfile.mkstemp", "tempfile.mkdtemp",
}
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
events = []

def watch(event, args):
    if event in WRITES:
        events.append([event, repr(args)[:300]])
    elif event == "open":
        path, mode, flags = args
        writing = any(c in mode for c in "wax+") if isinstance(mode, str) else False
        if writing or (isinstance(flags, int) and flags & WRITE_FLAGS):
            events.append([event, repr(args)[:300]])

sys.addaudithook(watch)

modules = []
import postchain_tui.locations
modules.append("postchain_tui.locations")
after_locations = sorted(sys.modules)
import postchain_tui.core as core
for info in pkgutil.walk_packages(core.__path__, core.__name__ + "."):
    importlib.import_module(info.name)
    modules.append(info.name)
print(json.dumps({
    "modules": modules,
    "textual": sorted(m for m in sys.modules if m == "textual" or m.startswith("textual.")),
    "platformdirs_at_import": "platformdirs" in after_locations,
    "events": events,
}))
"""

# Asks for every folder; asking must name them without creating them.
ASK_FOR_FOLDERS = r"""
import json
from postchain_tui import locations
print(json.dumps({
    "data": str(locations.data_dir()),
    "config": str(locations.config_dir()),
    "sessions": str(locations.sessions_dir()),
    "routines": str(locations.user_routines_dir()),
}))
"""


def run_fresh(script: str, tmp_path: Path) -> tuple[dict[str, Any], dict[str, Path]]:
    """Run ``script`` in a new interpreter whose home and XDG folders do not exist."""
    missing = tmp_path / "missing"
    folders = {
        "HOME": missing / "home",
        "XDG_DATA_HOME": missing / "data",
        "XDG_CONFIG_HOME": missing / "config",
        "XDG_CACHE_HOME": missing / "cache",
        "XDG_STATE_HOME": missing / "state",
    }
    env = {key: value for key, value in os.environ.items() if not key.startswith("XDG_")}
    env.update({key: str(value) for key, value in folders.items()})
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # imports must not write .pyc files during the check
    env.pop("PYTHONSTARTUP", None)
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1]), folders


def test_the_core_and_locations_import_without_textual(tmp_path: Path) -> None:
    report, _ = run_fresh(IMPORT_EVERYTHING, tmp_path)
    modules = report["modules"]
    assert "postchain_tui.locations" in modules
    for expected in ("engine", "plan", "record", "store", "loader", "catalog", "routine"):
        assert f"postchain_tui.core.{expected}" in modules
    assert report["textual"] == []


def test_importing_touches_no_disk(tmp_path: Path) -> None:
    report, folders = run_fresh(IMPORT_EVERYTHING, tmp_path)
    assert report["events"] == []
    assert report["platformdirs_at_import"] is False
    for folder in folders.values():
        assert not folder.exists(), folder
    assert not (tmp_path / "missing").exists()
    assert os.listdir(tmp_path) == []


def test_asking_for_the_folders_names_them_without_creating_them(tmp_path: Path) -> None:
    report, folders = run_fresh(ASK_FOR_FOLDERS, tmp_path)
    if sys.platform.startswith("linux"):
        assert Path(report["data"]) == folders["XDG_DATA_HOME"] / "postchain"
        assert Path(report["config"]) == folders["XDG_CONFIG_HOME"] / "postchain"
        assert Path(report["sessions"]) == folders["XDG_DATA_HOME"] / "postchain" / "sessions"
        assert Path(report["routines"]) == folders["XDG_CONFIG_HOME"] / "postchain" / "routines"
    assert not (tmp_path / "missing").exists()
