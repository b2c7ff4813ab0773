"""Geography of the region: basemap, sea areas, places, distances, threat ranges and routes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Geod, Transformer
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from dashboard.core.paths import (
    AREAS_FILE,
    BORDERS_FILE,
    HOUTHI_COAST_FILE,
    LAND_FILE,
    PLACES_FILE,
    SHIPPING_LANES_FILE,
)
from dashboard.core.schema import REGION_BOUNDS

#: The dashboard's region (min lon, min lat, max lon, max lat), WGS84 degrees; defined once in schema.
GEOGRAPHY_BOUNDS: tuple[float, float, float, float] = REGION_BOUNDS
WGS84 = "EPSG:4326"
#: UTM 38N: the metric CRS used only to *find* nearest points; distances are then geodesic.
METRIC_CRS = "EPSG:32638"
#: Sea areas in data/areas.geojson, north to south, then east.
SEA_AREA_NAMES: tuple[str, ...] = (
    "Mediterranean Sea",
    "Gulf of Suez",
    "Gulf of Aqaba",
    "Northern Red Sea",
    "Central Red Sea",
    "Southern Red Sea",
    "Bab el-Mandeb",
    "Gulf of Aden",
    "Arabian Sea",
    "Somali Basin",
    "Persian Gulf",
    "Gulf of Oman",
)
PLACE_KINDS: tuple[str, ...] = ("port", "town", "island", "cape", "area_anchor")
KM_PER_NM = 1.852
_GEOD = Geod(ellps="WGS84")


@dataclass(frozen=True)
class Voyage:
    """A port-to-port voyage for :func:`route_impact` (coordinates are lon, lat)."""

    name: str
    origin: tuple[float, float]
    destination: tuple[float, float]


#: Two Asia-Europe voyages that lose the Suez route, and one control that never uses it.
DEFAULT_VOYAGES: tuple[Voyage, ...] = (
    Voyage("Shanghai - Rotterdam", (121.50, 31.23), (4.05, 51.95)),
    Voyage("Singapore - Rotterdam", (103.82, 1.26), (4.05, 51.95)),
    Voyage("Shanghai - Los Angeles (control)", (121.50, 31.23), (-118.26, 33.73)),
)


# --------------------------------------------------------------------------- loading


def _read_layer(path: Path | str) -> gpd.GeoDataFrame:
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"geography file not found: {path}")
    frame = gpd.read_file(path)
    if frame.crs is None:
        frame = frame.set_crs(WGS84)
    return frame.to_crs(WGS84)


def load_land(path: Path | str = LAND_FILE) -> gpd.GeoDataFrame:
    """Load the land polygons of the offline basemap.

    Parameters
    ----------
    path : path of a GeoJSON file, by default ``data/basemap/land.geojson``.

    Returns
    -------
    GeoDataFrame in EPSG:4326.
    """
    return _read_layer(path)


def load_borders(path: Path | str = BORDERS_FILE) -> gpd.GeoDataFrame:
    """Load the land borders (lines) of the offline basemap, one feature per country pair."""
    return _read_layer(path)


def load_areas(path: Path | str = AREAS_FILE) -> gpd.GeoDataFrame:
    """Load the project's sea areas (``name``, ``limits``, ``source``), land removed."""
    return _read_layer(path)


def load_houthi_coast(path: Path | str = HOUTHI_COAST_FILE) -> gpd.GeoDataFrame:
    """Load the dated, approximate Houthi-held Red Sea coastline (``as_of``, ``source_url``)."""
    return _read_layer(path)


def load_shipping_lanes(path: Path | str = SHIPPING_LANES_FILE) -> gpd.GeoDataFrame:
    """Load the main route and the IRTC lanes (``name``, ``kind``, ``provenance``)."""
    return _read_layer(path)


def load_places(path: Path | str = PLACES_FILE) -> pd.DataFrame:
    """Load the gazetteer of ports, towns, islands, capes and area anchors.

    Parameters
    ----------
    path : path of the CSV, by default ``data/places.csv``.

    Returns
    -------
    DataFrame with columns name, aliases, kind, lat, lon, country, source_url;
    lat/lon are floats, missing text is an empty string.
    """
    frame = pd.read_csv(path, dtype={"lat": "float64", "lon": "float64"}, keep_default_na=False)
    unknown = set(frame["kind"]) - set(PLACE_KINDS)
    if unknown:
        raise ValueError(f"unknown place kind(s) in {path}: {sorted(unknown)}")
    return frame


def place_lookup(places: pd.DataFrame) -> dict[str, str]:
    """Map every lower-cased name and alias to the canonical place name."""
    lookup: dict[str, str] = {}
    for name, aliases in zip(places["name"], places["aliases"]):
        for key in [name, *str(aliases).split(";")]:
            if key.strip():
                lookup.setdefault(key.strip().lower(), name)
    return lookup


# --------------------------------------------------------------------------- helpers


def _as_points(points) -> gpd.GeoSeries:
    if isinstance(points, gpd.GeoDataFrame):
        points = points.geometry
    if not isinstance(points, gpd.GeoSeries):
        raise TypeError(f"'points' should be a GeoSeries or GeoDataFrame, got {type(points)}")
    if points.crs is None:
        return points.set_crs(WGS84)
    return points.to_crs(WGS84)


def _geometry(obj) -> BaseGeometry:
    """Return one shapely geometry in EPSG:4326 from a geometry, GeoSeries or GeoDataFrame."""
    if isinstance(obj, BaseGeometry):
        return obj
    if isinstance(obj, (gpd.GeoSeries, gpd.GeoDataFrame)):
        series = obj.geometry if isinstance(obj, gpd.GeoDataFrame) else obj
        if series.crs is not None:
            series = series.to_crs(WGS84)
        return shapely.union_all(series.values)
    raise TypeError(f"expected a shapely geometry, GeoSeries or GeoDataFrame, got {type(obj)}")


def _aeqd(lon: float, lat: float) -> CRS:
    return CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m +no_defs")


def geodesic_distance_km(lon1, lat1, lon2, lat2):
    """Geodesic (WGS84 ellipsoid) distance in km between paired coordinates.

    Inputs broadcast like numpy arrays; scalars give a float, arrays an array.
    """
    arrays = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (lon1, lat1, lon2, lat2)))
    _, _, metres = _GEOD.inv(*(np.ascontiguousarray(a) for a in arrays))
    km = np.asarray(metres, dtype=float).reshape(arrays[0].shape) / 1000.0
    return km if km.ndim else float(km)


def geodesic_destination(lon, lat, bearing_deg, distance_km):
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
    lon2, lat2, _ = _GEOD.fwd(lon, lat, bearing_deg, np.asarray(distance_km, float) * 1000.0)
    return lon2, lat2


def _nearest_geodesic_km(points: gpd.GeoSeries, target: BaseGeometry, crs) -> np.ndarray:
    """Geodesic km from each point to ``target``: the nearest point is found in ``crs``,
    then the distance to it is measured on the ellipsoid (so only the choice of the
    nearest point, not the distance itself, carries the projection's distortion)."""
    to_crs = Transformer.from_crs(WGS84, crs, always_xy=True)
    back = Transformer.from_crs(crs, WGS84, always_xy=True)
    target_m = shapely.transform(target, lambda xy: np.column_stack(to_crs.transform(xy[:, 0], xy[:, 1])))
    px, py = to_crs.transform(points.x.to_numpy(), points.y.to_numpy())
    projected = shapely.points(px, py)
    # every shortest line has exactly two vertices (also when the length is 0): point, nearest
    nearest = shapely.get_coordinates(shapely.shortest_line(projected, target_m))[1::2]
    nx, ny = back.transform(nearest[:, 0], nearest[:, 1])
    return geodesic_distance_km(points.x.to_numpy(), points.y.to_numpy(), nx, ny)


# --------------------------------------------------------------------------- classification


def assign_sea_area(points, areas: gpd.GeoDataFrame, tolerance_km: float = 5.0) -> pd.Series:
    """Name the sea area each point lies in.

    Parameters
    ----------
    points : GeoSeries (or GeoDataFrame) of points, any CRS.
    areas : sea areas with a ``name`` column, as from :func:`load_areas`.
    tolerance_km : a point outside every area (on the simplified coast, in port)
        gets the nearest area if it is within this distance of it.

    Returns
    -------
    Series of area names (string dtype, missing where none applies), indexed like ``points``.
    """
    pts = _as_points(points)
    result = pd.Series(pd.NA, index=pts.index, dtype="string", name="sea_area")
    if pts.empty:
        return result
    frame = gpd.GeoDataFrame(geometry=pts.reset_index(drop=True))
    areas = areas[["name", "geometry"]].to_crs(WGS84)
    inside = gpd.sjoin(frame, areas, how="inner", predicate="within")
    inside = inside[~inside.index.duplicated(keep="first")]
    names = np.full(len(frame), None, dtype=object)
    names[inside.index.to_numpy()] = inside["name"].to_numpy()
    missing = np.flatnonzero(pd.isna(names))
    if missing.size and tolerance_km > 0:
        near = gpd.sjoin_nearest(
            frame.iloc[missing].to_crs(METRIC_CRS),
            areas.to_crs(METRIC_CRS),
            how="inner",
            max_distance=tolerance_km * 1000.0 * 1.05,  # UTM scale error margin
            distance_col="_m",
        )
        near = near[~near.index.duplicated(keep="first")]
        names[near.index.to_numpy()] = near["name"].to_numpy()
    result[:] = names
    return result


def find_points_on_land(points, land: gpd.GeoDataFrame, tolerance_km: float = 1.0) -> pd.Series:
    """Flag points that lie on land farther than ``tolerance_km`` from the coast.

    Parameters
    ----------
    points : GeoSeries (or GeoDataFrame) of points.
    land : land polygons, as from :func:`load_land`.
    tolerance_km : points on land but within this geodesic distance of the coastline
        are not flagged (coordinates rounded or taken at a quay, a simplified coast).

    Returns
    -------
    Boolean Series indexed like ``points``.
    """
    pts = _as_points(points)
    flags = pd.Series(False, index=pts.index, name="on_land")
    if pts.empty:
        return flags
    land_geom = _geometry(land)
    shapely.prepare(land_geom)
    inside = np.flatnonzero(shapely.contains_xy(land_geom, pts.x.to_numpy(), pts.y.to_numpy()))
    if inside.size == 0:
        return flags
    on_land = pts.iloc[inside]
    coast = land_geom.boundary
    shapely.prepare(coast)
    # A point more than this many degrees from the coast is more than tolerance_km inland
    # (a degree is at least 111 km * cos(lat) long), so only points near the coast need
    # the exact geodesic distance.
    km_per_degree = 111.0 * max(np.cos(np.radians(np.abs(on_land.y).max())), 1e-6)
    near = shapely.dwithin(coast, shapely.points(on_land.x, on_land.y), tolerance_km / km_per_degree)
    deep = np.ones(inside.size, dtype=bool)
    if near.any():
        deep[near] = _nearest_geodesic_km(on_land[near], coast, METRIC_CRS) > tolerance_km
    flags.iloc[inside] = deep
    return flags


def distance_to_line_km(points, line) -> pd.Series:
    """Geodesic distance in km from each point to a line (for example the Houthi-held coast).

    The nearest point on the line is searched in an azimuthal equidistant projection
    centred on the line; the distance to it is then computed on the WGS84 ellipsoid.
    Within ~1,000 km of the line the result is within ~0.1% of the true minimum.

    Parameters
    ----------
    points : GeoSeries (or GeoDataFrame) of points.
    line : shapely (Multi)LineString, GeoSeries or GeoDataFrame in EPSG:4326.

    Returns
    -------
    Float Series indexed like ``points``.
    """
    pts = _as_points(points)
    geom = _geometry(line)
    if pts.empty:
        return pd.Series(dtype="float64", index=pts.index, name="distance_km")
    centre = geom.centroid
    km = _nearest_geodesic_km(pts, geom, _aeqd(centre.x, centre.y))
    return pd.Series(km, index=pts.index, name="distance_km")


def nearest_place(points, places: pd.DataFrame, kinds: Sequence[str] | None = None) -> tuple[pd.Series, pd.Series]:
    """Nearest gazetteer place to each point and its geodesic distance.

    Parameters
    ----------
    points : GeoSeries (or GeoDataFrame) of points.
    places : gazetteer rows (name, lon, lat, kind), e.g. from :func:`load_places`.
    kinds : restrict to these kinds (e.g. ``("port", "town")``); all rows by default.

    Returns
    -------
    (names, km): a string Series of place names and a float Series of distances in km,
    both indexed like ``points``.
    """
    pts = _as_points(points)
    chosen = places if kinds is None else places[places["kind"].isin(kinds)]
    if chosen.empty:
        raise ValueError("no places to choose from")
    plon = np.radians(chosen["lon"].to_numpy(float))
    plat = np.radians(chosen["lat"].to_numpy(float))
    lon = np.radians(pts.x.to_numpy())
    lat = np.radians(pts.y.to_numpy())
    best = np.empty(len(pts), dtype=int)
    for start in range(0, len(pts), 20_000):  # bounded memory for large inputs
        sl = slice(start, start + 20_000)
        # haversine (spherical) to choose; the reported distance is geodesic below
        a = (
            np.sin((lat[sl, None] - plat[None, :]) / 2) ** 2
            + np.cos(lat[sl, None]) * np.cos(plat[None, :]) * np.sin((lon[sl, None] - plon[None, :]) / 2) ** 2
        )
        best[sl] = np.argmin(a, axis=1)
    km = geodesic_distance_km(
        pts.x.to_numpy(), pts.y.to_numpy(), chosen["lon"].to_numpy(float)[best], chosen["lat"].to_numpy(float)[best]
    )
    names = pd.Series(chosen["name"].to_numpy()[best], index=pts.index, dtype="string", name="nearest_place")
    return names, pd.Series(np.atleast_1d(km), index=pts.index, dtype="float64", name="distance_km")


# --------------------------------------------------------------------------- zones and lanes


def threat_range_polygon(coast, range_km: float, land=None, bounds=GEOGRAPHY_BOUNDS) -> BaseGeometry:
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
    geom = _geometry(coast)
    if range_km <= 0 or geom.is_empty:
        return shapely.Polygon()
    centre = geom.centroid
    aeqd = _aeqd(centre.x, centre.y)
    to_m = Transformer.from_crs(WGS84, aeqd, always_xy=True)
    to_deg = Transformer.from_crs(aeqd, WGS84, always_xy=True)
    metric = shapely.transform(geom, lambda xy: np.column_stack(to_m.transform(xy[:, 0], xy[:, 1])))
    buffered = shapely.buffer(metric, range_km * 1000.0, quad_segs=32)
    # densify so that straight lon/lat edges stay close to the true curve after reprojection
    buffered = shapely.segmentize(buffered, max(range_km * 1000.0 / 40.0, 1000.0))
    zone = shapely.transform(buffered, lambda xy: np.column_stack(to_deg.transform(xy[:, 0], xy[:, 1])))
    zone = shapely.intersection(shapely.make_valid(zone), box(*bounds))
    if land is not None:
        zone = shapely.difference(zone, _geometry(land))
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
    line = shapely.segmentize(_geometry(lane), 0.05)  # so geodesic length follows the drawn path
    total = _GEOD.geometry_length(line)
    if total == 0:
        raise ValueError("lane has zero length")
    zone_geom = _geometry(zone)
    if zone_geom.is_empty:
        return 0.0
    inside = shapely.intersection(line, zone_geom)
    return float(min(_GEOD.geometry_length(inside) / total, 1.0)) if not inside.is_empty else 0.0


def share_of_points_within(points, zone) -> float:
    """Fraction (0..1) of points inside ``zone``; NaN for no points."""
    pts = _as_points(points)
    if pts.empty:
        return float("nan")
    zone_geom = _geometry(zone)
    shapely.prepare(zone_geom)
    return float(np.mean(shapely.intersects_xy(zone_geom, pts.x.to_numpy(), pts.y.to_numpy())))


# --------------------------------------------------------------------------- routes


def _sea_route_nm(origin, destination, restrictions) -> float:
    import searoute  # deferred: builds its graph on first use

    feature = searoute.searoute(list(origin), list(destination), units="naut", restrictions=list(restrictions))
    length = float(feature.properties["length"])
    if not np.isfinite(length) or length <= 0:
        raise ValueError(f"no sea route from {origin} to {destination} avoiding {restrictions}")
    return length


def route_impact(voyages: Sequence[Voyage] = DEFAULT_VOYAGES, speed_knots: float = 14.0) -> pd.DataFrame:
    """Sea distance and sailing days via Suez versus round the Cape of Good Hope.

    Routes come from ``searoute`` (shortest path on its maritime network). The Suez
    variant only avoids the Northwest Passage; the Cape variant also closes the
    ``suez`` and ``babalmandab`` passages. Days assume a constant speed, no canal or
    port time.

    Parameters
    ----------
    voyages : voyages to compare, by default :data:`DEFAULT_VOYAGES`.
    speed_knots : service speed in knots.

    Returns
    -------
    DataFrame with one row per voyage: voyage, via_suez_nm, via_cape_nm, extra_nm,
    extra_pct, via_suez_days, via_cape_days, extra_days.
    """
    if speed_knots <= 0:
        raise ValueError(f"speed_knots must be positive, got {speed_knots}")
    rows = []
    for voyage in voyages:
        suez = _sea_route_nm(voyage.origin, voyage.destination, ["northwest"])
        cape = _sea_route_nm(voyage.origin, voyage.destination, ["northwest", "suez", "babalmandab"])
        rows.append({"voyage": voyage.name, "via_suez_nm": suez, "via_cape_nm": cape})
    frame = pd.DataFrame(rows)
    frame["extra_nm"] = frame["via_cape_nm"] - frame["via_suez_nm"]
    frame["extra_pct"] = 100.0 * frame["extra_nm"] / frame["via_suez_nm"]
    per_day = speed_knots * 24.0
    frame["via_suez_days"] = frame["via_suez_nm"] / per_day
    frame["via_cape_days"] = frame["via_cape_nm"] / per_day
    frame["extra_days"] = frame["extra_nm"] / per_day
    return frame


def sea_route_line(origin, destination, restrictions: Sequence[str] = ("northwest",)) -> shapely.LineString:
    """The ``searoute`` path between two (lon, lat) points as a shapely LineString."""
    import searoute

    feature = searoute.searoute(list(origin), list(destination), units="naut", restrictions=list(restrictions))
    return shapely.LineString(feature.geometry["coordinates"])
