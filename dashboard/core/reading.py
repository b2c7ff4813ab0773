"""Read an incident record (GeoJSON, or GeoParquet through parquet_reading) into a raw properties table."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pandas as pd

from dashboard.core import paths
from dashboard.core.parquet_reading import PARQUET_SUFFIXES, read_parquet_frame
from dashboard.core.problems import IncidentDataError, Problem, record_label
from dashboard.core.schema import FIELD_NAMES, REQUIRED_FIELD_NAMES

INCIDENTS_ENV_VAR = "INCIDENTS_FILE"


def resolve_incidents_path(path: str | Path | None = None) -> Path:
    """Return the incident file to use: the argument, else $INCIDENTS_FILE, else the bundled record."""
    if path is not None:
        return Path(path)
    from_env = os.environ.get(INCIDENTS_ENV_VAR, "").strip()
    return Path(from_env) if from_env else paths.INCIDENTS_FILE


def _record_label(properties: object, position: int) -> str:
    return record_label(properties.get("id") if isinstance(properties, dict) else None, position)


def check_readable_file(path: Path) -> None:
    """Raise a located error unless `path` is an existing regular file this process may read."""
    name = str(path)
    if not path.exists():
        raise IncidentDataError([Problem(name, "-", "-", "file not found")])
    if path.is_dir():
        raise IncidentDataError([Problem(name, "-", "-", "is a directory, not a file")])
    if not os.access(path, os.R_OK):
        raise IncidentDataError([Problem(name, "-", "-", "cannot be read: permission denied")])


def _read_file_bytes(path: Path) -> bytes:
    check_readable_file(path)
    try:
        return path.read_bytes()
    except OSError as error:
        reason = f"cannot be read: {(error.strerror or str(error)).lower()}"
        raise IncidentDataError([Problem(str(path), "-", "-", reason)]) from error


def read_features(path: Path) -> list[dict]:
    """Read the features of a GeoJSON FeatureCollection, raising a located error if it is unreadable."""
    name = str(path)
    data = _read_file_bytes(path)
    if not data:
        raise IncidentDataError([Problem(name, "-", "-", "file is empty")])
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except RecursionError as error:
        raise IncidentDataError(
            [Problem(name, "-", "-", "JSON is nested too deeply to be an incident record")]
        ) from error
    except UnicodeDecodeError as error:
        raise IncidentDataError([Problem(name, "-", "-", f"not UTF-8 text (byte {error.start})")]) from error
    except json.JSONDecodeError as error:
        reason = f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        raise IncidentDataError([Problem(name, "-", "-", reason)]) from error
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise IncidentDataError([Problem(name, "-", "type", "top level must be a GeoJSON FeatureCollection")])
    features = document.get("features")
    if not isinstance(features, list):
        raise IncidentDataError([Problem(name, "-", "features", "'features' must be a list")])
    return features


def _point_coordinates(geometry: object) -> tuple[float, float] | str:
    """Return (lon, lat) of a GeoJSON Point, or a reason it is not one."""
    if not isinstance(geometry, dict):
        return "feature has no geometry"
    if geometry.get("type") != "Point":
        return f"geometry must be a Point, got {str(geometry.get('type'))[:40]!r}"
    coordinates = geometry.get("coordinates")
    if isinstance(coordinates, list) and len(coordinates) > 2:
        return "Point must have two coordinates [lon, lat]; 3D points are not accepted"
    if (
        not isinstance(coordinates, list)
        or len(coordinates) < 2
        or not all(isinstance(value, int | float) and not isinstance(value, bool) for value in coordinates[:2])
        or not all(math.isfinite(value) for value in coordinates[:2])
    ):
        return "Point coordinates must be two finite numbers [lon, lat]"
    return float(coordinates[0]), float(coordinates[1])


def features_to_frame(features: list, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Turn GeoJSON features into a properties table with lon/lat, and the structural problems found."""
    rows: list[dict] = []
    problems: list[Problem] = []
    for position, feature in enumerate(features):
        if not isinstance(feature, dict):
            problems.append(Problem(file, f"#{position + 1}", "-", "feature must be a JSON object"))
            continue
        properties = feature.get("properties")
        label = _record_label(properties, position)
        if not isinstance(properties, dict):
            problems.append(Problem(file, label, "properties", "feature has no properties object"))
            continue
        for missing in (name for name in REQUIRED_FIELD_NAMES if name not in properties):
            problems.append(Problem(file, label, missing, "field is missing"))
        point = _point_coordinates(feature.get("geometry"))
        if isinstance(point, str):
            problems.append(Problem(file, label, "geometry", point))
            lon = lat = math.nan
        else:
            lon, lat = point
        rows.append({**{name: properties.get(name) for name in FIELD_NAMES}, "lon": lon, "lat": lat, "_label": label})
    # dtype=object keeps None as None (pandas 3 would otherwise infer strings and turn None into NaN).
    frame = pd.DataFrame(rows, columns=[*FIELD_NAMES, "lon", "lat", "_label"], dtype=object)
    return frame, problems


def read_incident_table(path: str | Path | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """Read an incident file into a raw properties table with lon/lat and the structural problems."""
    resolved = resolve_incidents_path(path)
    if resolved.suffix.lower() in PARQUET_SUFFIXES:
        check_readable_file(resolved)
        frame, problems = read_parquet_frame(resolved)
        missing = [name for name in FIELD_NAMES if name not in frame]
        problems += [
            Problem(str(resolved), "-", name, "column is missing") for name in missing if name in REQUIRED_FIELD_NAMES
        ]
        for name in missing:
            frame[name] = None
        return frame, problems
    return features_to_frame(read_features(resolved), str(resolved))
