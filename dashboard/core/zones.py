"""Threat zones: the sea within a range of a coast, and what share of a lane or of incidents lies inside."""

from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from dashboard.core.geodesy import (
    WGS84,
    as_geometry,
    as_points,
    azimuthal_equidistant,
    length_km,
    transform_geometry,
)
from dashboard.core.region import REGION_BOUNDS


def threat_range_polygon(coast, range_km: float, land=None, bounds=REGION_BOUNDS) -> BaseGeometry:
    """Sea within ``range_km`` of a coastline, in EPSG:4326.

    The coast is buffered in an azimuthal equidistant projection centred on it, where
    distances from the centre are exact; elsewhere the scale error is about c²/6
    (c = angular distance from the centre), i.e. under 0.1% (0.3 km at 300 km) for a
    coast a few hundred km long. The buffer uses 32 segments per quarter circle.

    Parameters
    ----------
    coast : shapely geometry, GeoSeries or GeoDataFrame (EPSG:4326).
    range_km : range in km; 0 or less gives an empty polygon.
    land : optional land polygons to subtract, so the zone covers only sea.
    bounds : clip box (min lon, min lat, max lon, max lat).

    Returns
    -------
    shapely Polygon or MultiPolygon.
    """
    geom = as_geometry(coast)
    if range_km <= 0 or geom.is_empty:
        return shapely.Polygon()
    centre = geom.centroid
    aeqd = azimuthal_equidistant(centre.x, centre.y)
    metric = transform_geometry(geom, WGS84, aeqd)
    buffered = shapely.buffer(metric, range_km * 1000.0, quad_segs=32)
    # densify so that straight lon/lat edges stay close to the true curve after reprojection
    buffered = shapely.segmentize(buffered, max(range_km * 1000.0 / 40.0, 1000.0))
    zone = transform_geometry(buffered, aeqd, WGS84)
    zone = shapely.intersection(shapely.make_valid(zone), box(*bounds))
    if land is not None:
        zone = shapely.difference(zone, as_geometry(land))
    return zone


def share_of_lane_within(lane, zone) -> float:
    """Fraction (0..1) of a lane's geodesic length that lies inside ``zone``.

    Parameters
    ----------
    lane : (Multi)LineString, GeoSeries or GeoDataFrame in EPSG:4326.
    zone : polygon(s) in EPSG:4326, e.g. from :func:`threat_range_polygon`.

    Returns
    -------
    float; 0.0 for an empty zone.
    """
    line = shapely.segmentize(as_geometry(lane), 0.05)  # so geodesic length follows the drawn path
    total = length_km(line)
    if total == 0:
        raise ValueError("lane has zero length")
    zone_geom = as_geometry(zone)
    if zone_geom.is_empty:
        return 0.0
    inside = shapely.intersection(line, zone_geom)
    return float(min(length_km(inside) / total, 1.0)) if not inside.is_empty else 0.0


def share_of_points_within(points, zone) -> float:
    """Fraction (0..1) of points inside ``zone``; NaN for no points."""
    pts = as_points(points)
    if pts.empty:
        return float("nan")
    zone_geom = as_geometry(zone)
    shapely.prepare(zone_geom)
    return float(np.mean(shapely.intersects_xy(zone_geom, pts.x.to_numpy(), pts.y.to_numpy())))
