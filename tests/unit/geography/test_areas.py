"""core/areas.py: the sea areas (tiling, assignment), land checks, distances to lines and nearest places."""

from __future__ import annotations

import itertools

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import Point

from dashboard.core import areas as sea_areas
from dashboard.core import geodesy
from dashboard.core.region import REGION_BOUNDS
from tests.unit.geography.shared import GEOD, HODEIDAH, SANAA, points


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
    grid_x, grid_y = np.meshgrid(np.arange(x0 + step / 3, x1, step), np.arange(y0 + step / 7, y1, step))
    xs, ys = grid_x.ravel(), grid_y.ravel()
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


@pytest.mark.parametrize(
    "lonlat, tolerance_km, expected",
    [(SANAA, 1.0, True), ((38.5, 20.5), 1.0, False), (HODEIDAH, 5.0, False), ((45.0, 20.0), 1.0, True)],
)
def test_find_points_on_land(land, lonlat, tolerance_km, expected):
    assert bool(sea_areas.find_points_on_land(points(lonlat), land, tolerance_km).iloc[0]) is expected


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


def test_utm_scale_bound_covers_the_whole_region():
    from pyproj import Proj

    west, south, east, north = REGION_BOUNDS
    lon, lat = np.meshgrid(np.linspace(west, east, 73), np.linspace(south, north, 71))
    factors = Proj(sea_areas.METRIC_CRS).get_factors(lon.ravel(), lat.ravel())
    largest = max(np.max(factors.meridional_scale), np.max(factors.parallel_scale))
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
