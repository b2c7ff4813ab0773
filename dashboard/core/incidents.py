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
import pyarrow
import pyarrow.compute as pc
import pyarrow.parquet as pq
import shapely

from dashboard.core import paths
from dashboard.core.atomic import write_bytes_atomically
from dashboard.core.region import REGION_BOUNDS
from dashboard.core.schema import (
    CATEGORICAL_FIELDS,
    FIELD_NAMES,
    FIELDS,
    REPEATED_TEXT_FIELDS,
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
    return _label_for_id(properties.get("id") if isinstance(properties, dict) else None, position)


def _label_for_id(value: object, position: int) -> str:
    if isinstance(value, str) and value.strip():
        return value[:60]
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


def _distinct_cells(values: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Codes (row -> distinct cell) and the distinct cells of a column, by object identity.

    Rows that share one object (as a large GeoParquet record is read) are checked once; identity is always
    safe, because one object has one value.
    """
    cells = values.to_numpy(dtype=object)
    codes, _ = pd.factorize(np.fromiter(map(id, cells), dtype=np.int64, count=len(cells)))
    _, first = np.unique(codes, return_index=True)
    return codes, pd.Series(cells[first], dtype=object)


def _convert_distinct(values: pd.Series, convert) -> pd.Series:
    """Convert each distinct cell once (`convert` maps a Series to an array) and spread it to its rows."""
    codes, distinct = _distinct_cells(values)
    return pd.Series(convert(distinct).take(codes), index=values.index)


def _rows_by_code(codes: np.ndarray) -> dict[int, np.ndarray]:
    """Row positions of every code (computed only when some distinct cell failed)."""
    return pd.Series(np.arange(len(codes))).groupby(codes).indices


def _problems_at(frame: pd.DataFrame, file: str, field: str, codes: np.ndarray,
                 failures: list[tuple[int | None, str]]) -> list[Problem]:
    """One problem per row whose distinct cell failed (code None: the column as a whole), in row order."""
    if not failures:
        return []
    rows = _rows_by_code(codes)
    labels = frame["_label"].to_numpy(dtype=object)
    located = sorted((row, number) for number, (code, _) in enumerate(failures) if code is not None
                     for row in rows[code])
    whole = [Problem(file, "-", field, reason) for code, reason in failures if code is None]
    return whole + [Problem(file, labels[row], field, failures[number][1]) for row, number in located]


def _typed_columns(frame: pd.DataFrame, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Coerce number columns, reporting values of the wrong type instead of failing on them."""
    problems: list[Problem] = []
    typed = frame.copy(deep=False)
    for field in FIELDS:
        if field.kind not in ("int", "float"):
            continue
        codes, distinct = _distinct_cells(typed[field.name])
        wrong = distinct.map(lambda v: v is not None and (isinstance(v, bool) or not isinstance(v, int | float)))
        if field.kind == "int":
            wrong |= distinct.map(lambda v: isinstance(v, float) and not float(v).is_integer())
        noun = "whole number" if field.kind == "int" else "number"
        problems += _problems_at(typed, file, field.name, codes,
                                 [(code, f"must be a {noun}, got {str(distinct[code])[:40]!r}")
                                  for code in np.flatnonzero(wrong.to_numpy())])
        cleaned = pd.array(distinct.where(~wrong, None).tolist(), dtype="Int64" if field.kind == "int" else "Float64")
        typed[field.name] = cleaned.take(codes)
    for name in ("lon", "lat"):
        typed[name] = pd.to_numeric(typed[name], errors="coerce").astype(float)
    return typed, problems


def _schema_column_failures(schema: pa.DataFrameSchema, name: str, values: pd.Series
                            ) -> list[tuple[int | None, str]]:
    """Run one column of the pandera schema lazily: (position, reason) of every failing value.

    The position is None for a failure of the column as a whole.
    """
    try:
        pa.DataFrameSchema({name: schema.columns[name]}).validate(values.to_frame(name), lazy=True)
        return []
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    failures = []
    for case in cases.itertuples(index=False):
        check = str(case.check)
        if check.startswith("column_in_dataframe"):
            continue  # reported per record as "field is missing"
        position = None if pd.isna(case.index) else int(case.index)
        if check == "not_nullable":
            reason = "must not be null"
        else:
            reason = f"{check}; got {str(case.failure_case)[:80]!r}"
        failures.append((position, reason))
    return failures


def _schema_problems(frame: pd.DataFrame, file: str, today: date) -> list[Problem]:
    """Run the pandera schema column by column and translate every failure into a Problem.

    Text and nested columns are checked once per distinct cell, then the result is spread to its rows.
    """
    schema = build_schema(today)
    kinds = {field.name: field.kind for field in FIELDS}
    problems: list[Problem] = []
    for name in schema.columns:
        if name not in frame:
            continue
        kind = kinds.get(name)
        if kind in ("str", "date", "list", "sources"):
            codes, distinct = _distinct_cells(frame[name])
            if kind in ("str", "date"):
                not_text = distinct.map(lambda v: v is not None and not isinstance(v, str)).to_numpy()
                problems += _problems_at(frame, file, name, codes,
                                         [(code, f"must be text, got {type(distinct[code]).__name__}")
                                          for code in np.flatnonzero(not_text)])
                # Non-text values are reported above; blank them so the string checks can run.
                distinct = distinct.where(~not_text, "")
                failures = [(code, reason) for code, reason in _schema_column_failures(schema, name, distinct)
                            if code is None or not not_text[code]]
            else:
                failures = _schema_column_failures(schema, name, distinct)
        else:
            codes = np.arange(len(frame))
            failures = _schema_column_failures(schema, name, frame[name].reset_index(drop=True))
        problems += _problems_at(frame, file, name, codes, failures)
    return problems


def _detail_problems(frame: pd.DataFrame, file: str) -> list[Problem]:
    """Problems the table schema cannot locate precisely: duplicate ids, bad sources, out of region."""
    problems: list[Problem] = []
    ids = frame["id"].map(lambda v: v if isinstance(v, str) else None)
    for duplicate in sorted(set(ids[ids.duplicated(keep=False) & ids.notna()])):
        count = int((ids == duplicate).sum())
        problems.append(Problem(file, duplicate, "id", f"duplicate id (used by {count} records)"))
    codes, distinct = _distinct_cells(frame["sources"])
    failures = [(code, f"source {number}: {reason}")
                for code, sources in enumerate(distinct) if isinstance(sources, list)
                for number, source in enumerate(sources, start=1)
                if (reason := source_problem(source))]
    problems += _problems_at(frame, file, "sources", codes, failures)
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
    from dashboard.core import areas  # the basemap is only read when this check is asked for

    usable = frame["lon"].notna() & frame["lat"].notna() & frame["lat"].between(-90, 90)
    subset = frame[usable]
    if subset.empty:
        return []
    points = gpd.GeoSeries(gpd.points_from_xy(subset["lon"], subset["lat"]), index=subset.index, crs="EPSG:4326")
    on_land = areas.find_points_on_land(points, areas.load_land(), tolerance_km=tolerance_km)
    return [
        Problem(file, frame.at[index, "_label"], "geometry",
                f"point ({frame.at[index, 'lon']:.4f}, {frame.at[index, 'lat']:.4f}) lies on land")
        for index in on_land.index[on_land.to_numpy(dtype=bool)]
    ]


def _length_prefixed(keys: pyarrow.Array) -> pyarrow.Array:
    # A length prefix makes concatenated keys unambiguous whatever characters the values contain.
    lengths = pc.cast(pc.utf8_length(keys), pyarrow.string())
    return pc.fill_null(pc.binary_join_element_wise(lengths, ":", keys, ""), "N")


def _cell_keys(array: pyarrow.Array) -> pyarrow.Array:
    """One string per cell, equal exactly when the cells are equal (lists and structs included)."""
    kind = array.type
    if pyarrow.types.is_list(kind) or pyarrow.types.is_large_list(kind):
        start, end = array.offsets[0].as_py(), array.offsets[-1].as_py()
        offsets = pc.subtract(array.offsets, array.offsets[0])
        elements = _length_prefixed(_cell_keys(array.values.slice(start, end - start)))
        lists = type(array).from_arrays(offsets, elements, mask=array.is_null())
        return pc.binary_join(lists, "")
    if pyarrow.types.is_struct(kind):
        parts = [_length_prefixed(_cell_keys(child)) for child in array.flatten()]
        return pc.if_else(array.is_null(), pyarrow.scalar(None, pyarrow.string()),
                          pc.binary_join_element_wise(*parts, ""))
    if pyarrow.types.is_dictionary(kind):
        # Within one array, a dictionary index stands for one value: a short key for a long text.
        return pc.cast(array.indices, pyarrow.string())
    if pyarrow.types.is_string(kind) or pyarrow.types.is_large_string(kind):
        return array
    return pc.cast(array, pyarrow.string())


def _shared_cells(column: pyarrow.ChunkedArray) -> np.ndarray:
    """The column as Python objects, one object per distinct value shared by all its rows.

    A large record repeats the same texts, vocabularies and source lists many times; sharing them keeps a
    million rows to a pointer each, and lets validation check every distinct value once.
    """
    array = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    if pyarrow.types.is_date(array.type) or pyarrow.types.is_timestamp(array.type):
        array = pc.strftime(pc.cast(array, pyarrow.timestamp("s")), "%Y-%m-%d")
    if pyarrow.types.is_dictionary(array.type):
        distinct = array.dictionary
        codes = pc.fill_null(array.indices, -1).to_numpy(zero_copy_only=False)
    else:
        try:
            encoded = pc.dictionary_encode(_cell_keys(array))
        except (pyarrow.ArrowNotImplementedError, pyarrow.ArrowInvalid, pyarrow.ArrowTypeError):
            cells = np.empty(len(array), dtype=object)
            cells[:] = array.to_pylist()
            return cells
        codes = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False)
        present = np.flatnonzero(codes >= 0)
        _, first = np.unique(codes[present], return_index=True)
        distinct = array.take(pyarrow.array(present[first]))
    values = np.empty(len(distinct) + 1, dtype=object)  # the extra last slot is None, for null cells (-1)
    values[:-1] = distinct.to_pylist()
    return values[codes]


def _read_parquet_frame(path: Path) -> tuple[pd.DataFrame, list[Problem]]:
    name = str(path)
    try:
        parquet = pq.ParquetFile(path)
        schema = parquet.schema_arrow
    except Exception as error:  # pyarrow raises many types for corrupt files
        raise IncidentDataError([Problem(name, "-", "-", f"not a readable Parquet file: {error}")]) from error
    try:
        geometry_name = json.loads((schema.metadata or {})[b"geo"])["primary_column"]
    except (KeyError, TypeError, ValueError) as error:
        raise IncidentDataError([Problem(name, "-", "geometry", "not a GeoParquet file (no valid 'geo' metadata)")]
                                ) from error
    try:
        text_columns = [column.path for column in parquet.schema
                        if column.path.split(".")[0] != geometry_name and column.physical_type == "BYTE_ARRAY"
                        and str(column.logical_type) == "String"]
        geometry = gpd.read_parquet(path, columns=[geometry_name]).geometry.to_numpy()
        # Dictionary-encoded reading keeps repeated texts as one value each (the file stores them so too).
        table = pq.read_table(path, columns=[n for n in schema.names if n != geometry_name],
                              read_dictionary=text_columns).unify_dictionaries()
    except Exception as error:  # pyarrow raises many types for corrupt files
        raise IncidentDataError([Problem(name, "-", "-", f"not a readable GeoParquet file: {error}")]) from error
    frame = pd.DataFrame({column: pd.Series(_shared_cells(table[column]), dtype=object, copy=False)
                          for column in table.column_names if column not in ("lon", "lat", "_label")})
    del table
    is_point = shapely.get_type_id(geometry) == shapely.GeometryType.POINT
    frame["lon"] = np.where(is_point, shapely.get_x(geometry), np.nan)
    frame["lat"] = np.where(is_point, shapely.get_y(geometry), np.nan)
    ids = frame["id"].to_numpy(dtype=object) if "id" in frame else np.full(len(frame), None, dtype=object)
    frame["_label"] = [_label_for_id(value, position) for position, value in enumerate(ids)]
    problems = [Problem(name, frame.at[i, "_label"], "geometry", "geometry must be a Point (missing or another type)")
                for i in np.flatnonzero(~is_point)]
    return frame, problems


def read_incident_table(path: str | Path | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """Read an incident file into a raw properties table with lon/lat and the structural problems."""
    resolved = resolve_incidents_path(path)
    if resolved.suffix.lower() in PARQUET_SUFFIXES:
        if not resolved.exists():
            raise IncidentDataError([Problem(str(resolved), "-", "-", "file not found")])
        frame, problems = _read_parquet_frame(resolved)
        missing = [name for name in FIELD_NAMES if name not in frame]
        problems += [Problem(str(resolved), "-", name, "column is missing") for name in missing]
        for name in missing:
            frame[name] = None
        return frame, problems
    return features_to_frame(read_features(resolved), str(resolved))


def validate_incident_table(frame: pd.DataFrame, file: str, *, today: date | None = None,
                            check_land: bool = True) -> list[Problem]:
    """Return every problem of a raw incident table (empty list when valid)."""
    typed, problems = _typed_columns(frame, file)
    return problems + _typed_table_problems(typed, file, today=today, check_land=check_land)


def _typed_table_problems(typed: pd.DataFrame, file: str, *, today: date | None, check_land: bool) -> list[Problem]:
    details = _detail_problems(typed, file)
    # A record whose sources are itemised below needs no second, vaguer "sources" line from the schema.
    itemised = {p.record for p in details if p.field == "sources"}
    problems = [p for p in _schema_problems(typed, file, today or today_utc())
                if not (p.field == "sources" and p.record in itemised)]
    problems += details
    if check_land:
        problems += land_problems(typed, file)
    return problems


def to_geodataframe(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    """Convert a validated properties table into a typed GeoDataFrame in EPSG:4326."""
    typed, _ = _typed_columns(frame, "-")
    return _typed_to_geodataframe(typed)


def _typed_to_geodataframe(typed: pd.DataFrame) -> gpd.GeoDataFrame:
    typed = typed.drop(columns=["_label"], errors="ignore")
    for field in FIELDS:
        if field.name in CATEGORICAL_FIELDS:
            typed[field.name] = pd.Categorical(typed[field.name], categories=list(field.choices))
        elif field.name in REPEATED_TEXT_FIELDS:
            typed[field.name] = pd.Categorical(typed[field.name])
        elif field.kind == "date":
            typed[field.name] = _convert_distinct(
                typed[field.name], lambda v: pd.to_datetime(v, format="%Y-%m-%d", errors="coerce").array)
        elif field.kind == "str":
            typed[field.name] = _convert_distinct(typed[field.name], lambda v: pd.array(v, dtype="string"))
    geometry = gpd.points_from_xy(typed["lon"], typed["lat"])
    return gpd.GeoDataFrame(typed, geometry=geometry, crs="EPSG:4326")


def _read_and_validate(path: str | Path | None, today: date | None,
                       check_land: bool) -> tuple[pd.DataFrame, list[Problem]]:
    """The typed table of a file and all its problems (number columns are coerced once, here)."""
    resolved = resolve_incidents_path(path)
    frame, problems = read_incident_table(resolved)
    typed, type_problems = _typed_columns(frame, str(resolved))
    del frame
    problems += type_problems
    problems += _typed_table_problems(typed, str(resolved), today=today, check_land=check_land)
    return typed, problems


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
    typed, problems = _read_and_validate(path, today, check_land)
    if problems:
        raise IncidentDataError(problems)
    return _typed_to_geodataframe(typed)


def load_valid_incidents(path: str | Path | None = None, *, today: date | None = None,
                         check_land: bool = True) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Load the records that validate and return them with the problems of the others.

    Raises IncidentDataError only when the file as a whole cannot be read.
    """
    typed, problems = _read_and_validate(path, today, check_land)
    bad_labels = {problem.record for problem in problems}
    good = typed[~typed["_label"].isin(bad_labels)]
    if problems and any(problem.record == "-" for problem in problems):
        good = good.iloc[0:0]
    return _typed_to_geodataframe(good.reset_index(drop=True)), problems


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
