"""Finding routines: the bundled set plus the user's own folder.

A user routine with a bundled routine's id replaces it. A broken file never hides the others:
it is collected as a ``RoutineError`` for the caller to report.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from postchain_tui.core.loader import load_routine
from postchain_tui.core.routine import Routine, RoutineError
from postchain_tui.core.routine_cache import RoutineCache


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    """One routine the user can pick.

    Attributes:
        routine: the routine.
        origin: ``"bundled"`` or ``"user"``.
        replaces: the bundled file this user routine overrides, if any.
    """

    routine: Routine
    origin: str
    replaces: Path | None = None


@dataclass(slots=True)
class Catalog:
    """All the routines found, in id order, and the files that could not be loaded."""

    entries: list[CatalogEntry] = field(default_factory=list)
    errors: list[RoutineError] = field(default_factory=list)

    def get(self, routine_id: str) -> Routine | None:
        """The routine with this id, in any case (``Pre-Run-Activation`` too), or None.

        Ids are lower-case, so that no two differ only in case: on the file systems of macOS
        and Windows, which ignore case, they would be one file.
        """
        wanted = routine_id.lower()
        for entry in self.entries:
            if entry.routine.id == wanted:
                return entry.routine
        return None

    @property
    def ids(self) -> list[str]:
        """Every routine id, in order."""
        return [entry.routine.id for entry in self.entries]


def load_catalog(
    bundled_dir: Path, user_dir: Path | None, cache: RoutineCache | None = None
) -> Catalog:
    """Load every routine from the bundled folder and the user's folder.

    Args:
        bundled_dir: the routines shipped with the app.
        user_dir: the user's routines folder; it need not exist.
        cache: documents parsed at earlier starts (see ``core.routine_cache``); the caller
            saves it.

    Returns:
        The catalog; a user routine replaces a bundled one with the same id.
    """
    catalog = Catalog()
    found: dict[str, CatalogEntry] = {}
    for origin, folder in (("bundled", bundled_dir), ("user", user_dir)):
        if folder is None or not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                routine = load_routine(path, cache)
            except RoutineError as error:
                catalog.errors.append(error)
                continue
            previous = found.get(routine.id)
            if previous is not None and origin == "user" and previous.origin == "bundled":
                found[routine.id] = CatalogEntry(routine, origin, replaces=previous.routine.path)
            elif previous is not None:
                catalog.errors.append(
                    RoutineError(
                        f"id {routine.id!r} is already used by {previous.routine.path}",
                        path=path,
                        key="id",
                        allowed="a unique id per folder",
                    )
                )
            else:
                found[routine.id] = CatalogEntry(routine, origin)
    catalog.entries = [found[key] for key in sorted(found)]
    return catalog


def routine_path(folder: Path, routine_id: str) -> Path:
    """Where a routine with this id is kept in a folder of routines: ``<folder>/<id>.toml``.

    Args:
        folder: e.g. the user's routines folder.
        routine_id: the routine's id.

    Returns:
        The file's path, whether it exists or not.
    """
    return folder / f"{routine_id}.toml"


def resolve_routine(name: str, catalog: Catalog) -> Routine:
    """Find a routine by id, or load it from a path to a ``.toml`` file.

    Raises:
        RoutineError: when neither an id nor a readable file matches.
    """
    path = Path(name).expanduser()
    if name.endswith(".toml") or path.is_file():
        return load_routine(path)
    routine = catalog.get(name)
    if routine is None:
        raise unknown_routine(name, catalog.ids, key="ROUTINE")
    return routine


def unknown_routine(
    name: str, known: Sequence[str], *, key: str, paths: bool = True
) -> RoutineError:
    """The error for a routine id that names no routine: the closest id, and every one.

    Args:
        name: the id asked for.
        known: every routine id there is.
        key: the command-line argument or option it was given as, such as ``ROUTINE``.
        paths: whether a path to a ``.toml`` file would have done too.
    """
    guess = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f"; did you mean {guess[0]!r}?" if guess else ""
    listed = f"an id ({', '.join(known) or 'none found'})"
    return RoutineError(
        f"no routine called {name!r}{hint}",
        key=key,
        allowed=f"{listed} or a .toml path" if paths else listed,
    )
