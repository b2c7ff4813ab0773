"""Read, validate and write the incident record (GeoJSON or GeoParquet)."""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pandera.pandas as pa

from dashboard.core import paths
from dashboard.core.atomic import write_bytes_atomically
from dashboard.core.schema import (
    CATEGORICAL_FIELDS,
    FIELD_NAMES,
    FIELDS,
    REGION_BOUNDS,
    build_schema,
    source_problem,
)

INCIDENTS_ENV_VAR = "INCIDENTS_FILE"
PARQUET_SUFFIXES = (".parquet", ".geoparquet")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a data file, located by file, record and field."""

    file: str
    record: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: record {self.record}, field '{self.field}': {self.reason}"


class IncidentDataError(Exception):
    """Raised when an incident file cannot be read or does not validate; lists every problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        shown = "\n".join(f"  - {problem}" for problem in self.problems[:200])
        more = f"\n  ... and {len(self.problems) - 200} more" if len(self.problems) > 200 else ""
        super().__init__(f"{len(self.problems)} problem(s) in the incident data:\n{shown}{more}")


def resolve_incidents_path(path: str | Path | None = None) -> Path:
    """Return the incident file to use: the argument, else $INCIDENTS_FILE, else the bundled record."""
    if path is not None:
        return Path(path)
    from_env = os.environ.get(INCIDENTS_ENV_VAR, "").strip()
    return Path(from_env) if from_env else paths.INCIDENTS_FILE


def today_utc() -> date:
    """Return today's date in UTC."""
    return datetime.now(timezone.utc).date()


def _record_label(properties: object, position: int) -> str:
    if isinstance(properties, dict) and isinstance(properties.get("id"), str) and properties["id"].strip():
        return properties["id"][:60]
    return f"#{position + 1} (no id)"


def read_features(path: Path) -> list[dict]:
    """Read the features of a GeoJSON FeatureCollection, raising a located error if it is unreadable."""
    name = str(path)
    if not path.exists():
        raise IncidentDataError([Problem(name, "-", "-", "file not found")])
    if path.stat().st_size == 0:
        raise IncidentDataError([Problem(name, "-", "-", "file is empty")])
    try:
        document = json.loads(path.read_bytes().decode("utf-8-sig"))
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
        for missing in (name for name in FIELD_NAMES if name not in properties):
            problems.append(Problem(file, label, missing, "field is missing"))
        point = _point_coordinates(feature.get("geometry"))
        if isinstance(point, str):
            problems.append(Problem(file, label, "geometry", point))
            lon = lat = math.nan
        else:
            lon, lat = point
        rows.append({**{name: properties.get(name) for name in FIELD_NAMES}, "lon": lon, "lat": lat,
                     "_label": label})
    # dtype=object keeps None as None (pandas 3 would otherwise infer strings and turn None into NaN).
    frame = pd.DataFrame(rows, columns=[*FIELD_NAMES, "lon", "lat", "_label"], dtype=object)
    return frame, problems


def _typed_columns(frame: pd.DataFrame, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Coerce number columns, reporting values of the wrong type instead of failing on them."""
    problems: list[Problem] = []
    typed = frame.copy()
    for field in FIELDS:
        if field.kind not in ("int", "float"):
            continue
        values = typed[field.name]
        wrong = values.map(lambda v: v is not None and (isinstance(v, bool) or not isinstance(v, int | float)))
        if field.kind == "int":
            wrong |= values.map(lambda v: isinstance(v, float) and not float(v).is_integer())
        for index in values.index[wrong]:
            problems.append(Problem(file, typed.at[index, "_label"], field.name,
                                    f"must be a {'whole number' if field.kind == 'int' else 'number'}, "
                                    f"got {str(values[index])[:40]!r}"))
        cleaned = values.where(~wrong, None)
        typed[field.name] = pd.array(cleaned.tolist(), dtype="Int64" if field.kind == "int" else "Float64")
    for name in ("lon", "lat"):
        typed[name] = pd.to_numeric(typed[name], errors="coerce").astype(float)
    return typed, problems


def _text_type_problems(frame: pd.DataFrame, file: str) -> list[Problem]:
    problems = []
    for field in FIELDS:
        if field.kind in ("str", "date"):
            wrong = frame[field.name].map(lambda v: v is not None and not isinstance(v, str))
            problems += [Problem(file, frame.at[i, "_label"], field.name,
                                 f"must be text, got {type(frame.at[i, field.name]).__name__}")
                         for i in frame.index[wrong]]
    return problems


def _schema_problems(frame: pd.DataFrame, file: str, today: date) -> list[Problem]:
    """Run the pandera schema lazily and translate every failure into a Problem."""
    text_problems = _text_type_problems(frame, file)
    bad_text = {(p.record, p.field) for p in text_problems}
    checked = frame.copy()
    for field in FIELDS:
        if field.kind in ("str", "date"):
            # Non-text values are already reported; blank them so the string checks can run.
            checked[field.name] = checked[field.name].map(lambda v: v if v is None or isinstance(v, str) else "")
    try:
        build_schema(today).validate(checked, lazy=True)
        return text_problems
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    problems = list(text_problems)
    for case in cases.itertuples(index=False):
        index = case.index
        label = frame.at[index, "_label"] if index in frame.index else "-"
        column = case.column if isinstance(case.column, str) else "-"
        if (label, column) in bad_text:
            continue
        check = str(case.check)
        if check == "not_nullable":
            reason = "must not be null"
        elif check.startswith("column_in_dataframe"):
            continue  # reported per record as "field is missing"
        else:
            reason = f"{check}; got {str(case.failure_case)[:80]!r}"
        problems.append(Problem(file, label, column, reason))
    return problems


def _detail_problems(frame: pd.DataFrame, file: str) -> list[Problem]:
    """Problems the table schema cannot locate precisely: duplicate ids, bad sources, out of region."""
    problems: list[Problem] = []
    ids = frame["id"].map(lambda v: v if isinstance(v, str) else None)
    for duplicate in sorted(set(ids[ids.duplicated(keep=False) & ids.notna()])):
        count = int((ids == duplicate).sum())
        problems.append(Problem(file, duplicate, "id", f"duplicate id (used by {count} records)"))
    for index, sources in frame["sources"].items():
        if isinstance(sources, list):
            for number, source in enumerate(sources, start=1):
                reason = source_problem(source)
                if reason:
                    problems.append(Problem(file, frame.at[index, "_label"], "sources", f"source {number}: {reason}"))
    west, south, east, north = REGION_BOUNDS
    lon, lat = frame["lon"], frame["lat"]
    valid = lon.between(-180, 180) & lat.between(-90, 90)
    outside = valid & ~(lon.between(west, east) & lat.between(south, north))
    for index in frame.index[outside]:
        problems.append(Problem(file, frame.at[index, "_label"], "geometry",
                                f"point ({lon[index]:.4f}, {lat[index]:.4f}) is outside the region "
                                f"{west}..{east}E, {south}..{north}N"))
    for index in frame.index[(frame["position_basis"] == "computed") & frame["position_text"].isna()]:
        problems.append(Problem(file, frame.at[index, "_label"], "position_text",
                                "computed positions need the reported distance and bearing text"))
    return problems


def land_problems(frame: pd.DataFrame, file: str, tolerance_km: float = 1.0) -> list[Problem]:
    """Report points that lie on land in the bundled basemap, beyond a small coastal tolerance."""
    from dashboard.core import geography  # the basemap is only read when this check is asked for

    usable = frame["lon"].notna() & frame["lat"].notna() & frame["lat"].between(-90, 90)
    subset = frame[usable]
    if subset.empty:
        return []
    points = gpd.GeoSeries(gpd.points_from_xy(subset["lon"], subset["lat"]), index=subset.index, crs="EPSG:4326")
    on_land = geography.find_points_on_land(points, geography.load_land(), tolerance_km=tolerance_km)
    return [
        Problem(file, frame.at[index, "_label"], "geometry",
                f"point ({frame.at[index, 'lon']:.4f}, {frame.at[index, 'lat']:.4f}) lies on land")
        for index in on_land.index[on_land.to_numpy(dtype=bool)]
    ]


def _read_parquet_frame(path: Path) -> pd.DataFrame:
    name = str(path)
    try:
        table = gpd.read_parquet(path)
    except Exception as error:  # pyarrow raises many types for corrupt files
        raise IncidentDataError([Problem(name, "-", "-", f"not a readable GeoParquet file: {error}")]) from error
    frame = pd.DataFrame(table.drop(columns=table.geometry.name))
    frame["lon"] = table.geometry.x.to_numpy()
    frame["lat"] = table.geometry.y.to_numpy()
    for column in ("weapons", "sources"):
        if column in frame:
            frame[column] = frame[column].map(_plain_list)
    for column in ("date", "released_date"):
        if column in frame and not pd.api.types.is_string_dtype(frame[column]):
            frame[column] = pd.to_datetime(frame[column]).dt.strftime("%Y-%m-%d")
    frame = frame.astype({c: object for c in frame.columns if c not in ("lon", "lat")})
    frame = frame.where(frame.notna(), None)
    frame["_label"] = [_record_label({"id": value}, i) for i, value in enumerate(frame.get("id", []))]
    return frame.reset_index(drop=True)


def _plain_list(value: object) -> object:
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, list):
        return [dict(item) if isinstance(item, dict) else item for item in value]
    return value


def read_incident_table(path: str | Path | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """Read an incident file into a raw properties table with lon/lat and the structural problems."""
    resolved = resolve_incidents_path(path)
    if resolved.suffix.lower() in PARQUET_SUFFIXES:
        if not resolved.exists():
            raise IncidentDataError([Problem(str(resolved), "-", "-", "file not found")])
        frame = _read_parquet_frame(resolved)
        missing = [name for name in FIELD_NAMES if name not in frame]
        problems = [Problem(str(resolved), "-", name, "column is missing") for name in missing]
        for name in missing:
            frame[name] = None
        return frame, problems
    return features_to_frame(read_features(resolved), str(resolved))


def validate_incident_table(frame: pd.DataFrame, file: str, *, today: date | None = None,
                            check_land: bool = True) -> list[Problem]:
    """Return every problem of a raw incident table (empty list when valid)."""
    typed, problems = _typed_columns(frame, file)
    details = _detail_problems(typed, file)
    # A record whose sources are itemised below needs no second, vaguer "sources" line from the schema.
    itemised = {p.record for p in details if p.field == "sources"}
    problems += [p for p in _schema_problems(typed, file, today or today_utc())
                 if not (p.field == "sources" and p.record in itemised)]
    problems += details
    if check_land:
        problems += land_problems(typed, file)
    return problems


def to_geodataframe(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    """Convert a validated properties table into a typed GeoDataFrame in EPSG:4326."""
    typed, _ = _typed_columns(frame, "-")
    typed = typed.drop(columns=["_label"], errors="ignore")
    for field in FIELDS:
        if field.name in CATEGORICAL_FIELDS:
            typed[field.name] = pd.Categorical(typed[field.name], categories=list(field.choices))
        elif field.kind == "date":
            typed[field.name] = pd.to_datetime(typed[field.name], format="%Y-%m-%d", errors="coerce")
        elif field.kind == "str":
            typed[field.name] = typed[field.name].astype("string")
    geometry = gpd.points_from_xy(typed["lon"], typed["lat"])
    return gpd.GeoDataFrame(typed, geometry=geometry, crs="EPSG:4326")


def load_incidents(path: str | Path | None = None, *, today: date | None = None,
                   check_land: bool = True) -> gpd.GeoDataFrame:
    """Load and validate the incident record.

    Parameters
    ----------
    path : str or Path, optional
        A GeoJSON or GeoParquet file; defaults to $INCIDENTS_FILE or the bundled record.
    today : date, optional
        Reference day for the "not in the future" rule; defaults to today in UTC.
    check_land : bool
        Whether to reject points on land (needs the bundled basemap).

    Returns
    -------
    geopandas.GeoDataFrame
        One row per incident, EPSG:4326, dates parsed, categorical vocabularies.

    Raises
    ------
    IncidentDataError
        Listing every problem found, each with its file, record and field.
    """
    resolved = resolve_incidents_path(path)
    frame, problems = read_incident_table(resolved)
    problems += validate_incident_table(frame, str(resolved), today=today, check_land=check_land)
    if problems:
        raise IncidentDataError(problems)
    return to_geodataframe(frame)


def load_valid_incidents(path: str | Path | None = None, *, today: date | None = None,
                         check_land: bool = True) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Load the records that validate and return them with the problems of the others.

    Raises IncidentDataError only when the file as a whole cannot be read.
    """
    resolved = resolve_incidents_path(path)
    frame, problems = read_incident_table(resolved)
    problems += validate_incident_table(frame, str(resolved), today=today, check_land=check_land)
    bad_labels = {problem.record for problem in problems}
    good = frame[~frame["_label"].isin(bad_labels)]
    if problems and any(problem.record == "-" for problem in problems):
        good = good.iloc[0:0]
    return to_geodataframe(good.reset_index(drop=True)), problems


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
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": coordinates},
                         "properties": properties})
    return {"type": "FeatureCollection", "features": features}


def incidents_geojson_bytes(table: pd.DataFrame, *, extra_columns: bool = False) -> bytes:
    """Serialise incidents as pretty-printed GeoJSON (one key a line, so edits make small diffs)."""
    columns = [c for c in table.columns if extra_columns or c in (*FIELD_NAMES, "lon", "lat")]
    collection = incidents_to_feature_collection(table[columns])
    return (json.dumps(collection, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def write_incidents_geojson(table: pd.DataFrame, path: str | Path) -> Path:
    """Write incidents to a GeoJSON file atomically."""
    return write_bytes_atomically(path, incidents_geojson_bytes(table))
