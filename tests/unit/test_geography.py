"""Tests for the geography modules (areas, zones, routes, geodesy, region) and the bundled geography data."""

from __future__ import annotations

import itertools

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Geod
from shapely.geometry import LineString, Point, box

from dashboard.core import areas as sea_areas
from dashboard.core import geodesy, routes, zones
from dashboard.core.paths import BASEMAP_DIR, BORDERS_FILE, INCIDENTS_FILE, LAND_FILE
from dashboard.core.positions import build_place_index, compute_position
from dashboard.core.reading import read_incident_table
from dashboard.core.region import REGION_BOUNDS

GEOD = Geod(ellps="WGS84")  # independent of the module's own instance
HODEIDAH = (42.95111, 14.80222)
SANAA = (44.19, 15.37)


def points(*lonlat: tuple[float, float]) -> gpd.GeoSeries:
    return gpd.GeoSeries([Point(xy) for xy in lonlat], crs="EPSG:4326")


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


# --------------------------------------------------------------------------- basemap


@pytest.mark.parametrize("path", [LAND_FILE, BORDERS_FILE], ids=["land", "borders"])
def test_basemap_files_are_valid_and_inside_region(path):
    frame = gpd.read_file(path)
    assert len(frame) > 0
    assert frame.is_valid.all()
    minx, miny, maxx, maxy = frame.total_bounds
    x0, y0, x1, y1 = REGION_BOUNDS
    assert (minx, miny) >= (x0 - 1e-9, y0 - 1e-9)
    assert (maxx, maxy) <= (x1 + 1e-9, y1 + 1e-9)


def test_basemap_is_small_enough():
    total = sum(p.stat().st_size for p in BASEMAP_DIR.glob("*.geojson"))
    assert total < 1.5 * 1024 * 1024


@pytest.mark.parametrize(
    "name, lonlat",
    [
        ("Perim", (43.42, 12.66)),
        ("Greater Hanish", (42.73, 13.72)),
        ("Kamaran", (42.59, 15.35)),
        ("Farasan", (41.9, 16.75)),
        ("Dahlak Kebir", (40.1, 15.7)),
        ("Socotra", (53.9, 12.5)),
    ],
)
def test_small_islands_that_matter_are_kept(land_geom, name, lonlat):
    assert land_geom.contains(Point(lonlat)), name


# --------------------------------------------------------------------------- sea areas


def test_areas_are_the_documented_set(areas):
    assert set(areas["name"]) == set(sea_areas.SEA_AREA_NAMES)
    assert areas["name"].is_unique
    assert areas.is_valid.all()
    assert (areas["limits"].str.len() > 20).all()


def test_each_area_is_one_body_of_water(areas):
    for name, geometry in zip(areas["name"], areas.geometry, strict=True):
        assert len(shapely.get_parts(geometry)) == 1, name


def test_areas_do_not_overlap(areas):
    for (name_a, a), (name_b, b) in itertools.combinations(zip(areas["name"], areas.geometry, strict=True), 2):
        assert shapely.intersection(a, b).area < 1e-6, (name_a, name_b)


@pytest.mark.parametrize(
    "window, step, min_points",
    [
        (REGION_BOUNDS, 0.2, 5000),
        ((42.5, 11.4, 44.5, 13.8), 0.02, 3000),  # Bab el-Mandeb and its neighbours
        ((32.0, 27.0, 36.0, 30.5), 0.03, 2000),  # Gulfs of Suez and Aqaba, Tiran
        ((50.5, 9.5, 52.5, 12.5), 0.03, 3000),  # Ras Asir and Ras Hafun
    ],
    ids=["region", "bab-el-mandeb", "suez-aqaba", "horn"],
)
def test_areas_cover_every_sea_point_exactly_once(areas, land_geom, window, step, min_points):
    x0, y0, x1, y1 = window
    xs, ys = np.meshgrid(np.arange(x0 + step / 3, x1, step), np.arange(y0 + step / 7, y1, step))
    xs, ys = xs.ravel(), ys.ravel()
    # sea points, kept clear of the coast where 1e-4 degree snapping leaves slivers
    sea = ~shapely.contains_xy(land_geom, xs, ys) & ~shapely.dwithin(land_geom.boundary, shapely.points(xs, ys), 0.002)
    counts = sum(shapely.contains_xy(g, xs[sea], ys[sea]).astype(int) for g in areas.geometry)
    assert sea.sum() > min_points
    assert (counts == 1).all(), list(zip(xs[sea][counts != 1], ys[sea][counts != 1], strict=True))[:5]


def _hodeidah_west_54nm():
    return geodesy.destination(*HODEIDAH, 270.0, 54 * geodesy.KM_PER_NM)


@pytest.mark.parametrize(
    "lonlat, expected",
    [
        (_hodeidah_west_54nm(), "Southern Red Sea"),
        ((44.9, 12.5), "Gulf of Aden"),
        ((42.9, 13.6), "Southern Red Sea"),
        ((43.3, 12.6), "Bab el-Mandeb"),
        ((43.5, 12.45), "Bab el-Mandeb"),
        ((43.9, 12.55), "Gulf of Aden"),
        ((43.0, 11.7), "Gulf of Aden"),  # Gulf of Tadjoura
        ((38.5, 20.5), "Central Red Sea"),
        ((35.5, 26.0), "Northern Red Sea"),
        ((33.0, 28.6), "Gulf of Suez"),
        ((34.8, 28.7), "Gulf of Aqaba"),
        ((33.0, 31.8), "Mediterranean Sea"),
        ((54.0, 13.0), "Arabian Sea"),
        ((51.6, 12.5), "Arabian Sea"),  # east of the Ras Asir meridian
        ((50.9, 12.5), "Gulf of Aden"),
        ((53.0, 7.5), "Somali Basin"),
        ((51.0, 27.0), "Persian Gulf"),
        ((58.5, 24.5), "Gulf of Oman"),
        ((56.45, 26.55), "Strait of Hormuz"),  # the shipping lanes off Musandam
        ((56.5, 26.0), "Strait of Hormuz"),  # east of the IHO gulf limit, still the strait's zone
        ((55.75, 26.1), "Persian Gulf"),  # off Ras al Khaimah
        ((56.6, 25.3), "Gulf of Oman"),  # off Fujairah
    ],
)
def test_known_points_fall_in_the_right_area(areas, lonlat, expected):
    assert sea_areas.assign_sea_area(points(lonlat), areas).iloc[0] == expected


def test_assign_sea_area_uses_nearest_area_near_the_coast_only(areas):
    result = sea_areas.assign_sea_area(points(HODEIDAH, SANAA), areas, tolerance_km=5)
    assert result.iloc[0] == "Southern Red Sea"  # city centre, ~1 km inland on the basemap
    assert pd.isna(result.iloc[1])


def test_assign_sea_area_keeps_the_index_and_handles_empty_input(areas):
    pts = gpd.GeoSeries([Point(44.9, 12.5)], index=[42], crs="EPSG:4326")
    assert sea_areas.assign_sea_area(pts, areas).index.tolist() == [42]
    assert sea_areas.assign_sea_area(gpd.GeoSeries([], crs="EPSG:4326"), areas).empty


def test_assign_sea_area_rejects_non_geometries(areas):
    with pytest.raises(TypeError, match="GeoSeries"):
        sea_areas.assign_sea_area([Point(44.9, 12.5)], areas)


# --------------------------------------------------------------------------- land and distances


@pytest.mark.parametrize(
    "lonlat, tolerance_km, expected",
    [(SANAA, 1.0, True), ((38.5, 20.5), 1.0, False), (HODEIDAH, 5.0, False), ((45.0, 20.0), 1.0, True)],
)
def test_find_points_on_land(land, lonlat, tolerance_km, expected):
    assert bool(sea_areas.find_points_on_land(points(lonlat), land, tolerance_km).iloc[0]) is expected


def test_geodesic_destination_matches_inverse():
    lon, lat = geodesy.destination(43.0, 13.0, 60.0, 250.0)
    azimuth, _, metres = GEOD.inv(43.0, 13.0, lon, lat)
    assert metres == pytest.approx(250_000.0, abs=0.01)
    assert azimuth == pytest.approx(60.0, abs=1e-6)


@pytest.fixture(scope="module")
def straight_line():
    """A north-south line at 40E, densified, as a stand-in coast."""
    return shapely.segmentize(LineString([(40.0, 10.0), (40.0, 12.0)]), 0.01)


@pytest.mark.parametrize("km", [10.0, 50.0, 150.0])
def test_distance_to_line_is_geodesic(straight_line, km):
    lon, lat, _ = GEOD.fwd(40.0, 11.0, 270.0, km * 1000.0)
    assert sea_areas.distance_to_line_km(points((lon, lat)), straight_line).iloc[0] == pytest.approx(km, rel=2e-3)


def test_nearest_place(places):
    near_aden = geodesy.destination(45.033, 12.8, 180.0, 20.0)
    names, km = sea_areas.nearest_place(points(near_aden, SANAA), places, kinds=("port", "town"))
    assert names.tolist() == ["Aden", "Hodeidah"]
    assert km.iloc[0] == pytest.approx(20.0, abs=0.5)
    assert km.iloc[1] == pytest.approx(geodesy.distance_km(*SANAA, *HODEIDAH))


# --------------------------------------------------------------------------- threat range and shares


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


# --------------------------------------------------------------------------- routes


@pytest.fixture(scope="module")
def impact():
    return routes.route_impact(speed_knots=14.0).set_index("voyage")


@pytest.mark.parametrize("voyage", ["Shanghai - Rotterdam", "Singapore - Rotterdam"])
def test_cape_route_is_longer_for_asia_europe(impact, voyage):
    row = impact.loc[voyage]
    assert row["via_cape_nm"] > row["via_suez_nm"] + 1000
    assert row["extra_days"] == pytest.approx(row["extra_nm"] / (14.0 * 24.0))


def test_control_voyage_is_unaffected(impact):
    row = impact.loc["Shanghai - Los Angeles (control)"]
    assert row["via_cape_nm"] == pytest.approx(row["via_suez_nm"])
    assert row["extra_days"] == pytest.approx(0.0, abs=1e-9)


def test_route_impact_rejects_bad_speed():
    with pytest.raises(ValueError, match="speed_knots"):
        routes.route_impact(speed_knots=0)


# --------------------------------------------------------------------------- places, coast, lanes data


def test_places_schema(places):
    assert list(places.columns) == ["name", "aliases", "kind", "lat", "lon", "country", "source_url"]
    assert places["name"].is_unique
    assert set(places["kind"]) <= set(sea_areas.PLACE_KINDS)
    x0, y0, x1, y1 = REGION_BOUNDS
    inside = places["lon"].between(x0, x1) & places["lat"].between(y0, y1)
    # A place beyond the region is kept only as the reference of a distant reported position
    # ("850 nm W of Kochi", Indian Navy) whose computed point lies inside the region.
    table, _ = read_incident_table(INCIDENTS_FILE)
    computed = table[table["position_basis"] == "computed"]
    for place in places[~inside].itertuples(index=False):
        only_this_place = build_place_index(places[places["name"] == place.name])
        uses = [
            text for text in computed["position_text"] if isinstance(compute_position(text, only_this_place), tuple)
        ]
        assert uses, f"{place.name} lies beyond the region and no computed position refers to it"
    assert computed["lon"].between(x0, x1).all() and computed["lat"].between(y0, y1).all()


def test_places_cite_sources_except_anchors(places):
    anchors = places["kind"] == "area_anchor"
    assert (places.loc[anchors, "source_url"] == "").all()
    assert (places.loc[anchors, "country"] == "").all()
    assert places.loc[~anchors, "source_url"].str.startswith("http").all()


def test_area_anchors_are_at_sea_far_from_land(places, land_geom):
    anchors = places[places["kind"] == "area_anchor"]
    pts = points(*zip(anchors["lon"], anchors["lat"], strict=True))
    assert not shapely.contains_xy(land_geom, pts.x, pts.y).any()
    coast_km = sea_areas.distance_to_line_km(pts, land_geom.boundary)
    assert (coast_km >= 10.0).all(), anchors["name"][coast_km.to_numpy() < 10.0].tolist()


def test_ports_are_near_the_coast(places, land_geom):
    # The bundled land ends at the region bounds, so only ports inside them can be checked against its coast.
    x0, y0, x1, y1 = REGION_BOUNDS
    ports = places[(places["kind"] == "port") & places["lon"].between(x0, x1) & places["lat"].between(y0, y1)]
    km = sea_areas.distance_to_line_km(points(*zip(ports["lon"], ports["lat"], strict=True)), land_geom.boundary)
    assert (km <= 15.0).all(), ports["name"][km.to_numpy() > 15.0].tolist()


@pytest.mark.parametrize(
    "alias, name", [("mokha", "Mocha"), ("al khawkhah", None), ("al makha", "Mocha"), ("jazan", "Jizan")]
)
def test_place_index_knows_names_and_aliases(places, alias, name):
    found = build_place_index(places).get(alias)
    assert (found[2] if found else None) == name


def test_houthi_coast_is_dated_and_sourced(coast):
    row = coast.iloc[0]
    assert pd.Timestamp(row["as_of"]) >= pd.Timestamp("2024-01-01")  # GDAL may parse it as a date
    assert row["source_url"].startswith("https://")
    assert row["description"]
    minx, miny, maxx, maxy = coast.total_bounds
    assert miny >= 13.9 and maxy <= 16.3 and minx >= 42.3 and maxx <= 43.6


def test_shipping_lanes(lanes):
    assert set(lanes["kind"]) == {"main_route", "irtc"}
    assert (lanes["provenance"].str.len() > 20).all()
    assert box(*REGION_BOUNDS).buffer(1e-6).contains(lanes.union_all())
    irtc = lanes[lanes["kind"] == "irtc"]
    for line in irtc.geometry:
        lons = sorted(shapely.get_coordinates(line)[[0, -1], 0])
        assert lons == pytest.approx([45.0, 53.0])


def test_utm_scale_bound_covers_the_whole_region():
    from pyproj import Proj

    west, south, east, north = REGION_BOUNDS
    lon, lat = np.meshgrid(np.linspace(west, east, 73), np.linspace(south, north, 71))
    factors = Proj(sea_areas.METRIC_CRS).get_factors(lon.ravel(), lat.ravel())
    largest = max(factors.meridional_scale.max(), factors.parallel_scale.max())
    assert 1.07 < largest <= sea_areas.UTM_SCALE_BOUND  # the old 1.05 margin was too small


def test_sea_area_tolerance_is_geodesic_across_the_region():
    """Within the tolerance means within it geodesically, at the region's east edge and on the UTM meridian.

    UTM 38N inflates distances by ~6.6% at 66°E and shrinks them by 0.04% at 45°E; a 1.05 margin on UTM
    distances missed the first point and accepted the second.
    """
    east = shapely.box(65.0, 0.0, 65.9, 2.0)
    central = shapely.box(44.0, 10.0, 45.0, 12.0)
    area = gpd.GeoDataFrame({"name": ["East Sea", "Central Sea"]}, geometry=[east, central], crs="EPSG:4326")
    near_east = geodesy.destination(65.9, 1.0, 90.0, 4.97)
    beyond_central = geodesy.destination(45.0, 11.0, 90.0, 5.2)
    names = sea_areas.assign_sea_area(points(near_east, beyond_central), area, tolerance_km=5.0)
    assert names.iloc[0] == "East Sea"
    assert pd.isna(names.iloc[1])
