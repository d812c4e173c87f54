"""What the full-screen app loads before its first screen: only what that screen needs.

Checked in a fresh interpreter, as in ``test_core_isolation``: the command line and the app
are imported, and the modules only later screens and other commands need must not be.
"""

from __future__ import annotations

from pathlib import Path

from tests.test_core_isolation import run_fresh

IMPORT_THE_APP = r"""
import json, sys
import postchain_tui.cli
postchain_tui.cli.build_parser()
import postchain_tui.app
print(json.dumps(sorted(sys.modules)))
"""

LOADED_LATER = (
    "postchain_tui.core.export",  # postchain export
    "postchain_tui.core.routine_writer",  # postchain new, the editor
    "postchain_tui.screens.session",  # a session's first frame, not the picker's
    "postchain_tui.screens.resume",  # only after a crash
    "postchain_tui.screens.history",
    "postchain_tui.screens.summary",
    "postchain_tui.screens.editor",
    "postchain_tui.screens.settings",
    "postchain_tui.widgets.countdown",
    "csv",
)


def test_the_app_and_the_parser_leave_later_screens_and_commands_unloaded(
    tmp_path: Path,
) -> None:
    loaded, _ = run_fresh(IMPORT_THE_APP, tmp_path)
    assert "postchain_tui.screens.picker" in loaded
    assert [module for module in LOADED_LATER if module in loaded] == []
