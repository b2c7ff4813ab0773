"""core/zones.py: geodesic threat-range polygons, lane and point shares."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import Point, box

from dashboard.core import zones
from dashboard.core.region import REGION_BOUNDS
from tests.unit.geography.shared import GEOD, SANAA, points


@pytest.mark.parametrize("bearing", [0.0, 45.0, 90.0, 135.0, 200.0, 270.0, 330.0])
def test_point_buffer_is_geodesic(bearing):
    centre = Point(45.0, 18.0)
    zone = zones.threat_range_polygon(centre, 300.0)
    inside = GEOD.fwd(45.0, 18.0, bearing, 299_000.0)[:2]
    outside = GEOD.fwd(45.0, 18.0, bearing, 301_000.0)[:2]
    assert zone.contains(Point(inside))
    assert not zone.contains(Point(outside))


@pytest.mark.parametrize("side", [90.0, 270.0])
def test_line_buffer_is_geodesic(straight_line, side):
    zone = zones.threat_range_polygon(straight_line, 100.0)
    assert zone.contains(Point(GEOD.fwd(40.0, 11.0, side, 99_000.0)[:2]))
    assert not zone.contains(Point(GEOD.fwd(40.0, 11.0, side, 101_000.0)[:2]))


def test_threat_range_excludes_land_and_stays_in_region(coast, land_geom):
    zone = zones.threat_range_polygon(coast, 200.0, land=land_geom)
    assert zone.area > 0
    assert shapely.intersection(zone, land_geom).area < 1e-6
    assert box(*REGION_BOUNDS).contains(zone)
    assert not zone.contains(Point(SANAA))


def test_lane_share_is_zero_without_range_and_one_with_whole_region(coast, lanes):
    main = lanes[lanes["kind"] == "main_route"]
    assert zones.share_of_lane_within(main, zones.threat_range_polygon(coast, 0.0)) == 0.0
    assert zones.share_of_lane_within(main, zones.threat_range_polygon(coast, 5000.0)) == pytest.approx(1.0)
    partial = zones.share_of_lane_within(main, zones.threat_range_polygon(coast, 300.0))
    assert 0.05 < partial < 0.6


def test_share_of_points_within():
    zone = box(0, 0, 1, 1)
    assert zones.share_of_points_within(points((0.5, 0.5), (2, 2), (0.2, 0.9), (5, 5)), zone) == 0.5
    assert np.isnan(zones.share_of_points_within(gpd.GeoSeries([], crs="EPSG:4326"), zone))
