"""Linking imported records to curated ones that are probably the same event (linked, never merged)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from dashboard.core.geodesy import distance_km

LINK_COLUMNS = ("imported_id", "curated_id", "days_apart", "km_apart")
MATCH_COLUMNS = (*LINK_COLUMNS, "other_candidates")
# The windows the dashboard links within: reports of one event differ by a day and tens of kilometres.
LINK_DAYS = 1
LINK_KM = 50


def _link_frame(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    if "id" not in frame or "date" not in frame:
        raise ValueError(f"{name} records need 'id' and 'date' columns, got {', '.join(map(str, frame.columns))}")
    if "lon" in frame and "lat" in frame:
        lon, lat = frame["lon"], frame["lat"]
    elif "geometry" in frame:
        lon, lat = frame.geometry.x, frame.geometry.y
    else:
        raise ValueError(f"{name} records need lon/lat columns or a geometry")
    days = pd.to_datetime(frame["date"].astype("string"), errors="coerce", format="mixed")
    table = pd.DataFrame(
        {
            "id": frame["id"].astype("string").to_numpy(),
            "day": days.dt.normalize().to_numpy(),
            "lon": pd.to_numeric(lon, errors="coerce").to_numpy(dtype=float),
            "lat": pd.to_numeric(lat, errors="coerce").to_numpy(dtype=float),
            "dataset": (
                frame["dataset"].astype("string").to_numpy()
                if "dataset" in frame
                else np.full(len(frame), f"<{name}>", dtype=object)
            ),
        }
    )
    return table.dropna(subset=["day", "lon", "lat"]).sort_values(["day", "id"], kind="stable")


def link_duplicates(
    curated: pd.DataFrame, imported: pd.DataFrame, days: float = LINK_DAYS, km: float = LINK_KM
) -> pd.DataFrame:
    """Pair imported records with curated ones that are probably the same event.

    Parameters
    ----------
    curated : DataFrame
        Records with ``id``, ``date`` and ``lon``/``lat`` (or a geometry), e.g. the loaded incidents.
    imported : DataFrame
        Records from `import_file` (or any frame with the same columns).
    days : float
        Largest difference in days between the two dates.
    km : float
        Largest geodesic distance (WGS84) between the two points.

    Returns
    -------
    DataFrame
        One row per pair within both windows, columns LINK_COLUMNS, sorted by imported id then distance.
        Pairs from the same dataset (equal ``dataset`` values) are not linked.
    """
    if not (days >= 0 and km >= 0):
        raise ValueError(f"days and km must be >= 0, got days={days!r}, km={km!r}")
    left, right = _link_frame(imported, "imported"), _link_frame(curated, "curated")
    dtypes = dict(zip(LINK_COLUMNS, ("string", "string", "int64", "float64"), strict=True))
    empty = pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in dtypes.items()})
    if left.empty or right.empty:
        return empty
    right_days = right["day"].to_numpy()
    window = np.timedelta64(math.floor(days), "D")
    low = np.searchsorted(right_days, left["day"].to_numpy() - window, side="left")
    high = np.searchsorted(right_days, left["day"].to_numpy() + window, side="right")
    left_index = np.repeat(np.arange(len(left)), high - low)
    if len(left_index):
        right_index = np.concatenate([np.arange(a, b) for a, b in zip(low, high, strict=True)])
    else:
        right_index = left_index
    if not len(left_index):
        return empty
    a, b = left.iloc[left_index], right.iloc[right_index]
    km_apart = distance_km(a["lon"].to_numpy(), a["lat"].to_numpy(), b["lon"].to_numpy(), b["lat"].to_numpy())
    links = pd.DataFrame(
        {
            "imported_id": a["id"].to_numpy(),
            "curated_id": b["id"].to_numpy(),
            "days_apart": np.abs((a["day"].to_numpy() - b["day"].to_numpy()) // np.timedelta64(1, "D")),
            "km_apart": np.round(np.asarray(km_apart, dtype=float), 2),
        }
    )
    keep = (links["km_apart"].to_numpy() <= km) & (a["dataset"].to_numpy() != b["dataset"].to_numpy())
    links = links[keep].sort_values(["imported_id", "km_apart", "curated_id"], kind="stable")
    return links.astype(dtypes).reset_index(drop=True)


def nearest_matches(links: pd.DataFrame) -> pd.DataFrame:
    """One row per imported record that matches any curated incident: its nearest match.

    The rule the dashboard reports by: an imported record *matches* when at least one curated incident
    lies within the link windows; it is counted once, shown once (with the nearest curated incident,
    then the closer date, then the smaller id), and ``other_candidates`` says how many further curated
    incidents were within the windows too.

    Parameters
    ----------
    links : DataFrame
        Output of `link_duplicates`.

    Returns
    -------
    DataFrame
        Columns MATCH_COLUMNS, one row per distinct ``imported_id``, sorted by it.
    """
    ordered = links.sort_values(["imported_id", "km_apart", "days_apart", "curated_id"], kind="stable")
    candidates = ordered.groupby("imported_id", sort=False)["curated_id"].transform("size").to_numpy()
    ordered = ordered.assign(other_candidates=(candidates - 1).astype("int64"))
    return ordered.drop_duplicates("imported_id", keep="first").reset_index(drop=True)[list(MATCH_COLUMNS)]
