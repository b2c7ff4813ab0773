"""The bundled basemap (land and borders): valid, inside the region, small, with the islands that matter."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import Point

from dashboard.core.paths import BASEMAP_DIR, BORDERS_FILE, LAND_FILE
from dashboard.core.region import REGION_BOUNDS


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
