"""Bundled geography data shared by the geography tests (loaded once per module)."""

from __future__ import annotations

import pytest
import shapely
from shapely.geometry import LineString

from dashboard.core import areas as sea_areas


@pytest.fixture(scope="module")
def land():
    return sea_areas.load_land()


@pytest.fixture(scope="module")
def land_geom(land):
    geom = shapely.union_all(land.geometry.values)
    shapely.prepare(geom)
    return geom


@pytest.fixture(scope="module")
def areas():
    return sea_areas.load_areas()


@pytest.fixture(scope="module")
def places():
    return sea_areas.load_places()


@pytest.fixture(scope="module")
def coast():
    return sea_areas.load_houthi_coast()


@pytest.fixture(scope="module")
def lanes():
    return sea_areas.load_shipping_lanes()


@pytest.fixture(scope="module")
def straight_line():
    """A north-south line at 40E, densified, as a stand-in coast."""
    return shapely.segmentize(LineString([(40.0, 10.0), (40.0, 12.0)]), 0.01)
