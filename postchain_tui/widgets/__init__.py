"""Small reusable widgets: the big countdown and the one-line meter."""

from postchain_tui.widgets.countdown import BigCountdown
from postchain_tui.widgets.meter import Meter

__all__ = ["BigCountdown", "Meter"]
