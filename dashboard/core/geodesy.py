"""Distances, destinations and circles on the WGS84 ellipsoid: the project's one `Geod` and nm constant."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS, Geod, Transformer
from shapely.geometry.base import BaseGeometry

WGS84 = "EPSG:4326"
#: One international nautical mile in kilometres (exact by definition).
KM_PER_NM = 1.852
#: The one geodesic calculator: pyproj's `Geod` holds only the ellipsoid's constants, so sharing it is safe.
GEOD = Geod(ellps="WGS84")


def format_km_nm(km: float) -> str:
    """A distance in km and nautical miles with thousands separators ("1,500 km (810 nm)")."""
    return f"{km:,.0f} km ({km / KM_PER_NM:,.0f} nm)"


def distance_km(lon1, lat1, lon2, lat2):
    """Geodesic (WGS84) distance in km between paired coordinates.

    Inputs broadcast like numpy arrays; scalars give a float, arrays an array.
    """
    arrays = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (lon1, lat1, lon2, lat2)))
    from_lon, from_lat, to_lon, to_lat = (np.ascontiguousarray(a) for a in arrays)
    _, _, metres = GEOD.inv(from_lon, from_lat, to_lon, to_lat)
    km = np.asarray(metres, dtype=float).reshape(arrays[0].shape) / 1000.0
    return km if km.ndim else float(km)


def destination(lon, lat, bearing_deg, distance_km):
    """Point reached from (lon, lat) along an initial bearing, on the WGS84 ellipsoid.

    Parameters
    ----------
    lon, lat : start, degrees (scalars or arrays).
    bearing_deg : initial azimuth, degrees clockwise from north.
    distance_km : distance along the geodesic, km.

    Returns
    -------
    (lon, lat) of the destination, floats or arrays like the input.
    """
    lon2, lat2, _ = GEOD.fwd(lon, lat, bearing_deg, np.asarray(distance_km, float) * 1000.0)
    return lon2, lat2


def length_km(geometry: BaseGeometry) -> float:
    """Geodesic length in km of a (Multi)LineString in EPSG:4326 along its drawn vertices."""
    return GEOD.geometry_length(geometry) / 1000.0


def circle_rings(lons, lats, radii_km, vertices: int = 24) -> np.ndarray:
    """Geodesic circles around points: an array (circles, vertices + 1, 2) of closed [lon, lat] rings."""
    lons = np.atleast_1d(np.asarray(lons, dtype=float))
    count = len(lons)
    azimuths = np.tile(np.linspace(0.0, 360.0, vertices, endpoint=False), count)
    ends = GEOD.fwd(
        np.repeat(lons, vertices),
        np.repeat(np.atleast_1d(np.asarray(lats, dtype=float)), vertices),
        azimuths,
        np.repeat(np.atleast_1d(np.asarray(radii_km, dtype=float)) * 1000.0, vertices),
    )
    rings = np.stack([ends[0], ends[1]], axis=1).reshape(count, vertices, 2)
    return np.concatenate([rings, rings[:, :1, :]], axis=1)


def as_points(points) -> gpd.GeoSeries:
    """A GeoSeries of points in EPSG:4326 from a GeoSeries or GeoDataFrame (no CRS means EPSG:4326)."""
    if isinstance(points, gpd.GeoDataFrame):
        points = points.geometry
    if not isinstance(points, gpd.GeoSeries):
        raise TypeError(f"'points' should be a GeoSeries or GeoDataFrame, got {type(points)}")
    if points.crs is None:
        return points.set_crs(WGS84)
    return points.to_crs(WGS84)


def as_geometry(obj) -> BaseGeometry:
    """One shapely geometry in EPSG:4326 from a geometry, GeoSeries or GeoDataFrame."""
    if isinstance(obj, BaseGeometry):
        return obj
    if isinstance(obj, (gpd.GeoSeries, gpd.GeoDataFrame)):
        series = obj.geometry if isinstance(obj, gpd.GeoDataFrame) else obj
        if series.crs is not None:
            series = series.to_crs(WGS84)
        return shapely.union_all(series.values)
    raise TypeError(f"expected a shapely geometry, GeoSeries or GeoDataFrame, got {type(obj)}")


def azimuthal_equidistant(lon: float, lat: float) -> CRS:
    """The azimuthal equidistant projection centred on (lon, lat): distances from the centre are exact."""
    return CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m +no_defs")


def transform_geometry(geometry: BaseGeometry, source, target) -> BaseGeometry:
    """Reproject a shapely geometry between two CRSs (lon/lat order for geographic ones)."""
    transformer = Transformer.from_crs(source, target, always_xy=True)
    return shapely.transform(geometry, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1])))


def nearest_distance_km(points: gpd.GeoSeries, target: BaseGeometry, crs) -> np.ndarray:
    """Geodesic km from each point to `target`.

    The nearest point of `target` is found in `crs`, then the distance to it is measured on the ellipsoid, so
    only the choice of the nearest point, not the distance itself, carries the projection's distortion.
    """
    to_crs = Transformer.from_crs(WGS84, crs, always_xy=True)
    back = Transformer.from_crs(crs, WGS84, always_xy=True)
    target_m = shapely.transform(target, lambda xy: np.column_stack(to_crs.transform(xy[:, 0], xy[:, 1])))
    px, py = to_crs.transform(points.x.to_numpy(), points.y.to_numpy())
    projected = shapely.points(px, py)
    # every shortest line has exactly two vertices (also when the length is 0): point, nearest
    nearest = shapely.get_coordinates(shapely.shortest_line(projected, target_m))[1::2]
    nx, ny = back.transform(nearest[:, 0], nearest[:, 1])
    return np.atleast_1d(distance_km(points.x.to_numpy(), points.y.to_numpy(), nx, ny))
