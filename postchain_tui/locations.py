"""Where postchain keeps its files.

Every path is resolved when asked for, never at import: nothing here touches the disk until a
caller needs a folder, and ``--data-dir``/``--config-dir`` (or the XDG variables, through
platformdirs) can point elsewhere.
"""

from __future__ import annotations

from pathlib import Path

APP_NAME = "postchain"

_overrides: dict[str, Path] = {}


def set_data_dir(path: Path | None) -> None:
    """Use ``path`` for the log instead of the platform's data folder (None to undo)."""
    _set("data", path)


def set_config_dir(path: Path | None) -> None:
    """Use ``path`` for settings and routines instead of the platform's config folder."""
    _set("config", path)


def data_dir() -> Path:
    """The folder for the training log: platformdirs' user data dir, or the override."""
    if "data" in _overrides:
        return _overrides["data"]
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    """The folder for settings and the user's routines."""
    if "config" in _overrides:
        return _overrides["config"]
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def sessions_dir() -> Path:
    """One TOML file per session lives here."""
    return data_dir() / "sessions"


def running_dir() -> Path:
    """Markers of sessions in progress, to find the ones a crash cut off."""
    return data_dir() / "running"


def index_path() -> Path:
    """The session index: data derived from the session files, rebuilt whenever needed.

    In the platform's cache folder, so that a data folder shared between two computers by a
    sync tool never carries one machine's index to the other; with ``--data-dir``, beside the
    log, so that everything postchain writes stays in the folder given.
    """
    return _cache_dir() / "index.sqlite3"


def routine_cache_path() -> Path:
    """The routine files as parsed at the last start (see ``core.routine_cache``).

    In the platform's cache folder; with ``--data-dir``, beside the log, so that everything
    postchain writes stays in the folder given.
    """
    return _cache_dir() / "routines.cache"


def _cache_dir() -> Path:
    if "data" in _overrides:
        return _overrides["data"]
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)


def settings_path() -> Path:
    """The user's settings file."""
    return config_dir() / "settings.toml"


def user_routines_dir() -> Path:
    """The user's own routine files."""
    return config_dir() / "routines"


def bundled_routines_dir() -> Path:
    """The routines that ship with postchain.

    In an installed wheel they sit inside the package; in a source checkout, beside it.
    """
    package = Path(__file__).resolve().parent
    installed = package / "bundled_routines"
    if installed.is_dir():
        return installed
    return package.parent / "routines"


def _set(name: str, path: Path | None) -> None:
    if path is None:
        _overrides.pop(name, None)
    else:
        _overrides[name] = path.expanduser().absolute()
