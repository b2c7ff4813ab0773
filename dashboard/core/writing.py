"""Write incident tables as GeoJSON (schema field order, one key a line), atomically."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.core.atomic import write_bytes_atomically
from dashboard.core.schema import FIELD_NAMES


def _json_value(value: object) -> object:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, np.ndarray):
        return [_json_value(item) for item in value.tolist()]
    if isinstance(value, list | tuple):
        return [_json_value(item) for item in value]
    if isinstance(value, dict):
        return {key: _json_value(item) for key, item in value.items()}
    return value


def incidents_to_feature_collection(table: pd.DataFrame) -> dict:
    """Build a GeoJSON FeatureCollection (schema field order) from an incident table with lon/lat."""
    extra = [c for c in table.columns if c not in (*FIELD_NAMES, "lon", "lat", "geometry", "_label")]
    features = []
    for row in table.to_dict(orient="records"):
        properties = {name: _json_value(row.get(name)) for name in (*FIELD_NAMES, *extra)}
        coordinates = [round(float(row["lon"]), 5), round(float(row["lat"]), 5)]
        features.append(
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": coordinates}, "properties": properties}
        )
    return {"type": "FeatureCollection", "features": features}


def incidents_geojson_bytes(table: pd.DataFrame, *, extra_columns: bool = False) -> bytes:
    """Serialise incidents as pretty-printed GeoJSON (one key a line, so edits make small diffs)."""
    columns = [c for c in table.columns if extra_columns or c in (*FIELD_NAMES, "lon", "lat")]
    collection = incidents_to_feature_collection(table[columns])
    return (json.dumps(collection, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def write_incidents_geojson(table: pd.DataFrame, path: str | Path) -> Path:
    """Write incidents to a GeoJSON file atomically."""
    return write_bytes_atomically(path, incidents_geojson_bytes(table))


def rewrite_features(
    path: str | Path,
    *,
    points: Mapping[str, tuple[float, float]] | None = None,
    properties: Mapping[str, Mapping[str, object]] | None = None,
) -> Path:
    """Move the Points and/or set properties of the features with these ids, keeping everything else as it is.

    Every top-level member, every other feature and every other property (including ones outside the schema)
    is written back unchanged.

    Parameters
    ----------
    path : str or Path
        A GeoJSON FeatureCollection (rewritten atomically, two-space indented).
    points : mapping, optional
        Record id -> new (lon, lat); coordinates are rounded to 5 decimals (about 1 m).
    properties : mapping, optional
        Record id -> {property: new value}.

    Returns
    -------
    Path
        The path written.
    """
    points, properties = points or {}, properties or {}
    target = Path(path)
    document = json.loads(target.read_bytes().decode("utf-8-sig"))
    for feature in document["features"]:
        values = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(values, dict) or not isinstance(values.get("id"), str):
            continue
        record_id = values["id"]
        if record_id in points:
            lon, lat = points[record_id]
            feature["geometry"]["coordinates"] = [round(float(lon), 5), round(float(lat), 5)]
        values.update(properties.get(record_id, {}))
    return write_bytes_atomically(target, (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
