"""Shared test fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

ROUTINE_DATA = Path(__file__).parent / "data" / "routines"


@pytest.fixture
def routine_data() -> Path:
    """The folder of routine test files, with ``good/`` and ``bad/`` inside."""
    return ROUTINE_DATA
