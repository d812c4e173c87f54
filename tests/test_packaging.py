"""A non-editable install carries the bundled routines and the ``postchain`` command."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{result.stderr}")
    (built,) = out.glob("postchain-*.whl")
    return built


def test_wheel_carries_every_bundled_routine(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    shipped = sorted(
        Path(name).name for name in names if name.startswith("postchain_tui/bundled_routines/")
    )
    assert shipped == sorted(path.name for path in (ROOT / "routines").glob("*.toml"))


def test_wheel_declares_the_console_script(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        entry_points = next(
            name for name in archive.namelist() if name.endswith("entry_points.txt")
        )
        text = archive.read(entry_points).decode()
    assert "postchain = postchain_tui.cli:main" in text


def test_installed_wheel_lists_the_routines(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    # Run from an empty folder with only the installed copy on the path, so the source
    # checkout's routines/ cannot be what is found.
    env = {
        "PYTHONPATH": str(target),
        "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, postchain_tui.cli as c; sys.exit(c.main(['routines']))",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (
        "bundled_routines"
        in subprocess.run(
            [
                sys.executable,
                "-c",
                "import postchain_tui.locations as l; print(l.bundled_routines_dir())",
            ],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    listed = [line.split()[0] for line in result.stdout.splitlines()]
    assert len(listed) == len(list((ROOT / "routines").glob("*.toml")))
    assert "pre-run-activation" in listed
