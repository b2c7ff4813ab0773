"""Threat-range what-if: zone shares behave at the extremes and match an independent geodesic check."""

import geopandas as gpd
import pytest
import shapely
from pyproj import Geod

from dashboard.core import areas, zones
from dashboard.core.threat import assess_zone, preset_by_slug, zone_geojson


@pytest.fixture(scope="module")
def bundled():
    return areas.load_houthi_coast(), areas.load_shipping_lanes(), areas.load_land()


def _points(*lonlat):
    return gpd.GeoDataFrame(geometry=[shapely.Point(x, y) for x, y in lonlat], crs="EPSG:4326")


def test_zero_range_covers_nothing(bundled):
    coast, lanes, land = bundled
    zone = zones.threat_range_polygon(coast, 0, land=land)
    result = assess_zone(zone, lanes, _points((42.0, 14.5)), 0)
    assert result.lane_share == 0 and result.incident_share == 0 and zone_geojson(zone)["features"] == []


def test_huge_range_covers_the_whole_lane(bundled):
    coast, lanes, _ = bundled
    # Without subtracting land: the lane crosses land where the basemap does not cut the Suez Canal.
    zone = zones.threat_range_polygon(coast, 6000)
    result = assess_zone(zone, lanes, _points((42.0, 14.5), (50.0, 13.0)), 6000)
    assert result.lane_share == pytest.approx(1.0, abs=1e-3) and result.incidents_inside == 2


def test_p800_preset_is_sourced_and_gives_a_partial_lane_share(bundled):
    coast, lanes, land = bundled
    preset = preset_by_slug("p-800")
    assert preset is not None
    assert preset.range_km == 300 and all(claim.url.startswith("https://") for claim in preset.claims)
    zone = zones.threat_range_polygon(coast, preset.range_km, land=land)
    share = assess_zone(zone, lanes, _points((42.0, 14.5)), preset.range_km).lane_share
    assert 0.1 < share < 0.9
    # Geometry alone (land not subtracted): 290 km from Hodeidah, on the coast, is inside; 310 km is not,
    # when no other stretch of the coast is nearer (checked along a bearing pointing away from the coast).
    bare = zones.threat_range_polygon(coast, preset.range_km)
    geod = Geod(ellps="WGS84")
    inside = geod.fwd(42.95, 14.80, 250, 290_000)[:2]
    assert bare.contains(shapely.Point(*inside))
    far = geod.fwd(42.95, 14.80, 250, 310_000)[:2]
    nearest_km = areas.distance_to_line_km(_points(far).geometry, coast).iloc[0]
    assert bare.contains(shapely.Point(*far)) == (nearest_km <= 300)
