"""Small reusable widgets: the big countdown, the one-line meter, the plan preview and the key bar.

Each is loaded when first asked for (as ``textual.widgets`` does), so the picker does not
load the session screen's widgets before its first frame.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from postchain_tui.widgets.countdown import BigCountdown
    from postchain_tui.widgets.key_bar import KeyBar
    from postchain_tui.widgets.meter import Meter
    from postchain_tui.widgets.plan_preview import PlanPreview

__all__ = ["BigCountdown", "KeyBar", "Meter", "PlanPreview"]

_MODULES = {
    "BigCountdown": "postchain_tui.widgets.countdown",
    "KeyBar": "postchain_tui.widgets.key_bar",
    "Meter": "postchain_tui.widgets.meter",
    "PlanPreview": "postchain_tui.widgets.plan_preview",
}


def __getattr__(name: str) -> object:
    """Load a widget's module the first time the widget is imported from this package."""
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_MODULES[name]), name)
