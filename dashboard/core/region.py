"""The dashboard's region: one box, one check."""

from __future__ import annotations

import numpy as np

#: West, south, east, north (WGS84 degrees): the Red Sea to the Arabian Sea, and the Somali Basin as far as the
#: 2023-2025 piracy surge reached (hijackings were reported near 1-2°N and 57-61°E).
REGION_BOUNDS: tuple[float, float, float, float] = (30.0, -3.0, 66.0, 32.0)


def in_region(lon, lat) -> np.ndarray:
    """Whether each point lies inside `REGION_BOUNDS` (edges included; NaN is outside)."""
    west, south, east, north = REGION_BOUNDS
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    return (lon >= west) & (lon <= east) & (lat >= south) & (lat <= north)


def describe_region() -> str:
    """The region as readers see it in messages, e.g. ``30..66E, -3..32N``."""
    west, south, east, north = REGION_BOUNDS
    return f"{west}..{east}E, {south}..{north}N"
