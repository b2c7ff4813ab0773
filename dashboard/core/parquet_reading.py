"""Read a GeoParquet incident record into a raw properties table, sharing repeated cells."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow
import pyarrow.compute as pc
import pyarrow.parquet as pq
import shapely

from dashboard.core.problems import IncidentDataError, Problem, record_label

PARQUET_SUFFIXES = (".parquet", ".geoparquet")


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
        return pc.if_else(
            array.is_null(), pyarrow.scalar(None, pyarrow.string()), pc.binary_join_element_wise(*parts, "")
        )
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


def read_parquet_frame(path: Path) -> tuple[pd.DataFrame, list[Problem]]:
    name = str(path)
    try:
        parquet = pq.ParquetFile(path)
        schema = parquet.schema_arrow
    except Exception as error:  # pyarrow raises many types for corrupt files
        raise IncidentDataError([Problem(name, "-", "-", f"not a readable Parquet file: {error}")]) from error
    try:
        geometry_name = json.loads((schema.metadata or {})[b"geo"])["primary_column"]
    except (KeyError, TypeError, ValueError) as error:
        raise IncidentDataError(
            [Problem(name, "-", "geometry", "not a GeoParquet file (no valid 'geo' metadata)")]
        ) from error
    try:
        text_columns = [
            column.path
            for column in parquet.schema
            if column.path.split(".")[0] != geometry_name
            and column.physical_type == "BYTE_ARRAY"
            and str(column.logical_type) == "String"
        ]
        geometry = gpd.read_parquet(path, columns=[geometry_name]).geometry.to_numpy()
        # Dictionary-encoded reading keeps repeated texts as one value each (the file stores them so too).
        table = pq.read_table(
            path, columns=[n for n in schema.names if n != geometry_name], read_dictionary=text_columns
        ).unify_dictionaries()
    except Exception as error:  # pyarrow raises many types for corrupt files
        raise IncidentDataError([Problem(name, "-", "-", f"not a readable GeoParquet file: {error}")]) from error
    frame = pd.DataFrame(
        {
            column: pd.Series(_shared_cells(table[column]), dtype=object, copy=False)
            for column in table.column_names
            if column not in ("lon", "lat", "_label")
        }
    )
    del table
    is_point = shapely.get_type_id(geometry) == shapely.GeometryType.POINT
    empty = is_point & shapely.is_empty(geometry)
    three_d = is_point & ~empty & shapely.has_z(geometry)
    usable = is_point & ~empty & ~three_d
    lon, lat = np.full(len(geometry), np.nan), np.full(len(geometry), np.nan)
    lon[usable], lat[usable] = shapely.get_x(geometry[usable]), shapely.get_y(geometry[usable])
    frame["lon"], frame["lat"] = lon, lat
    ids = frame["id"].to_numpy(dtype=object) if "id" in frame else np.full(len(frame), None, dtype=object)
    frame["_label"] = [record_label(value, position) for position, value in enumerate(ids)]
    reasons = np.where(
        empty,
        "geometry is an empty Point (no coordinates)",
        np.where(
            three_d,
            "Point must have two coordinates [lon, lat]; 3D points are not accepted",
            "geometry must be a Point (missing or another type)",
        ),
    )
    problems = [Problem(name, frame.at[i, "_label"], "geometry", str(reasons[i])) for i in np.flatnonzero(~usable)]
    return frame, problems
