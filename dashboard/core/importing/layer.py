"""Shape imported records like the curated record, so the same filters, map and timeline apply."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from dashboard.core import areas as sea_areas
from dashboard.core.region import in_region
from dashboard.core.schema import CATEGORIES, OUTCOMES

# Curated columns that imported records do not carry: filled with "not reported".
_MISSING_NUMBERS = ("crew_killed", "crew_injured", "crew_missing", "crew_held")
_MISSING_TEXT = ("imo",)


def prepare_imported(records: pd.DataFrame, areas: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Turn importer output into a frame the filters and figures accept.

    Parameters
    ----------
    records : DataFrame
        Output of `import_file` (ISO dates, lon/lat, vocabulary codes).
    areas : GeoDataFrame
        Sea areas, to derive `sea_area` as for the curated record.

    Returns
    -------
    GeoDataFrame
        Dates parsed, vocabularies categorical, `sea_area` derived (None outside the region's areas).
    """
    frame = records.copy()
    frame["date"] = pd.to_datetime(frame["date"], format="%Y-%m-%d", errors="coerce")
    frame = frame[frame["date"].notna() & frame["lon"].notna() & frame["lat"].notna()]
    frame["category"] = pd.Categorical(frame["category"], categories=list(CATEGORIES))
    frame["outcome"] = pd.Categorical(frame["outcome"], categories=list(OUTCOMES))
    frame["weapons"] = frame["weapons"].map(
        lambda v: list(v) if isinstance(v, list | tuple | np.ndarray) else ["unknown"]
    )
    for column in _MISSING_NUMBERS:
        if column not in frame:
            frame[column] = pd.array([pd.NA] * len(frame), dtype="Int64")
    for column in _MISSING_TEXT:
        if column not in frame:
            frame[column] = pd.array([pd.NA] * len(frame), dtype="string")
    geometry = gpd.points_from_xy(frame["lon"].astype(float), frame["lat"].astype(float))
    prepared = gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")
    inside = pd.Series(in_region(prepared["lon"], prepared["lat"]), index=prepared.index)
    sea_area = pd.Series(pd.NA, index=prepared.index, dtype="string")
    if inside.any():
        sea_area[inside] = sea_areas.assign_sea_area(prepared.geometry[inside], areas).astype("string")
    prepared["sea_area"] = sea_area
    return prepared.reset_index(drop=True)
