"""The units a load is counted in, and turning one into the other."""

from __future__ import annotations

LOAD_UNITS = ("kg", "lb")
KG_PER_LB = 0.45359237
"""Kilograms in a pound, exactly."""


def convert(load: float, unit: str, wanted: str) -> float:
    """A load in ``wanted``, from one counted in ``unit``; an empty ``unit`` is taken as
    ``wanted`` (a load logged before units were saved)."""
    if not unit or unit == wanted:
        return load
    return load * KG_PER_LB if wanted == "kg" else load / KG_PER_LB
