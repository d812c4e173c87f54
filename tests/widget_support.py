"""Shared pieces for the widget tests."""

from __future__ import annotations

import pytest
from textual.geometry import Region
from textual.widget import Widget


def record_repaints(monkeypatch: pytest.MonkeyPatch, widget: Widget) -> list[tuple[Region, ...]]:
    """Keep the regions of every repaint ``widget`` asks for (no region: all of it)."""
    asked: list[tuple[Region, ...]] = []
    real = widget.refresh

    def refresh(*regions: Region, **options: bool) -> Widget:
        asked.append(regions)
        return real(*regions, **options)

    monkeypatch.setattr(widget, "refresh", refresh)
    return asked
