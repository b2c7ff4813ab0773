"""core/geodesy.py: destinations agree with an independent inverse computation."""

from __future__ import annotations

import pytest

from dashboard.core import geodesy
from tests.unit.geography.shared import GEOD


def test_geodesic_destination_matches_inverse():
    lon, lat = geodesy.destination(43.0, 13.0, 60.0, 250.0)
    azimuth, _, metres = GEOD.inv(43.0, 13.0, lon, lat)
    assert metres == pytest.approx(250_000.0, abs=0.01)
    assert azimuth == pytest.approx(60.0, abs=1e-6)
