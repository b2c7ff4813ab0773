"""Helpers shared by the geography tests."""

from __future__ import annotations

import geopandas as gpd
from pyproj import Geod
from shapely.geometry import Point

GEOD = Geod(ellps="WGS84")  # independent of the module's own instance
HODEIDAH = (42.95111, 14.80222)
SANAA = (44.19, 15.37)


def points(*lonlat: tuple[float, float]) -> gpd.GeoSeries:
    return gpd.GeoSeries([Point(xy) for xy in lonlat], crs="EPSG:4326")
