"""Sea areas, places and the basemap: loading them and placing points among them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from dashboard.core.geodesy import (
    WGS84,
    as_geometry,
    as_points,
    azimuthal_equidistant,
    distance_km,
    nearest_distance_km,
)
from dashboard.core.paths import (
    AREAS_FILE,
    HOUTHI_COAST_FILE,
    LAND_FILE,
    PLACES_FILE,
    SHIPPING_LANES_FILE,
)

#: UTM 38N: the metric CRS used only to *find* nearest points; distances are then geodesic.
METRIC_CRS = "EPSG:32638"
#: Largest scale factor of UTM 38N inside the region (1.0712 at 66°E on the equator, from pyproj's
#: `Proj.get_factors`; checked by a test), rounded up: UTM distances there are at most this many times the
#: true ones.
UTM_SCALE_BOUND = 1.075
#: Longest edge (degrees) kept when area outlines are projected for the nearest-area search.
EDGE_STEP_DEG = 0.05
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
    "Strait of Hormuz",
    "Gulf of Oman",
)
PLACE_KINDS: tuple[str, ...] = ("port", "town", "island", "cape", "area_anchor")


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
    pts = as_points(points)
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
        # UTM distances are up to UTM_SCALE_BOUND times the true ones: search that far, then keep only the
        # candidates whose geodesic distance to their area is within the tolerance.
        # Densified, so that edges drawn straight in degrees stay where they are when projected.
        areas = areas.set_geometry(shapely.segmentize(areas.geometry.to_numpy(), EDGE_STEP_DEG))
        near = gpd.sjoin_nearest(
            frame.iloc[missing].to_crs(METRIC_CRS),
            areas.to_crs(METRIC_CRS),
            how="inner",
            max_distance=tolerance_km * 1000.0 * UTM_SCALE_BOUND,
            distance_col="_m",
        ).sort_values("_m", kind="stable")
        near = near[~near.index.duplicated(keep="first")]
        keep = np.zeros(len(near), dtype=bool)
        for area_name in near["name"].unique():
            chosen = (near["name"] == area_name).to_numpy()
            target = shapely.union_all(areas.loc[areas["name"] == area_name, "geometry"].to_numpy())
            keep[chosen] = (
                nearest_distance_km(frame.geometry.iloc[near.index[chosen]], target, METRIC_CRS) <= tolerance_km
            )
        near = near[keep]
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
    pts = as_points(points)
    flags = pd.Series(False, index=pts.index, name="on_land")
    if pts.empty:
        return flags
    land_geom = as_geometry(land)
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
        deep[near] = nearest_distance_km(on_land[near], coast, METRIC_CRS) > tolerance_km
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
    pts = as_points(points)
    geom = as_geometry(line)
    if pts.empty:
        return pd.Series(dtype="float64", index=pts.index, name="distance_km")
    centre = geom.centroid
    km = nearest_distance_km(pts, geom, azimuthal_equidistant(centre.x, centre.y))
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
    pts = as_points(points)
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
    km = distance_km(
        pts.x.to_numpy(), pts.y.to_numpy(), chosen["lon"].to_numpy(float)[best], chosen["lat"].to_numpy(float)[best]
    )
    names = pd.Series(chosen["name"].to_numpy()[best], index=pts.index, dtype="string", name="nearest_place")
    return names, pd.Series(np.atleast_1d(km), index=pts.index, dtype="float64", name="distance_km")
