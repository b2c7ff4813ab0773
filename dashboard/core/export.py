"""Serialise incident tables to CSV, GeoJSON and GeoParquet."""

from __future__ import annotations

import io
import json

import geopandas as gpd
import pandas as pd

from dashboard.core.incidents import incidents_geojson_bytes
from dashboard.core.schema import FIELD_NAMES

EXPORT_FORMATS = ("csv", "geojson", "parquet")
MIME_TYPES = {"csv": "text/csv", "geojson": "application/geo+json", "parquet": "application/vnd.apache.parquet"}
# Spreadsheet programs run cells that start with these as formulas (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _flat_table(incidents: pd.DataFrame) -> pd.DataFrame:
    table = pd.DataFrame(incidents.drop(columns="geometry", errors="ignore")).copy()
    columns = [c for c in (*FIELD_NAMES, "lon", "lat") if c in table] + \
        [c for c in table.columns if c not in (*FIELD_NAMES, "lon", "lat")]
    table = table[columns]
    for column in ("date", "released_date"):
        if column in table:
            table[column] = pd.to_datetime(table[column]).dt.strftime("%Y-%m-%d")
    return table


def incidents_csv_bytes(incidents: pd.DataFrame) -> bytes:
    """CSV with one row per incident; weapons joined by ';', sources as a JSON list."""
    table = _flat_table(incidents)
    if "weapons" in table:
        table["weapons"] = table["weapons"].map(lambda v: ";".join(v) if v is not None else "")
    if "sources" in table:
        table["sources"] = table["sources"].map(lambda v: json.dumps(list(v), ensure_ascii=False) if v is not None else "")
    table = table.astype(object).map(_csv_cell)
    return table.to_csv(index=False, lineterminator="\n").encode("utf-8")


def incidents_parquet_bytes(incidents: pd.DataFrame) -> bytes:
    """GeoParquet (EPSG:4326) of the incidents."""
    table = _flat_table(incidents)
    for column in ("date", "released_date"):
        if column in table:
            table[column] = pd.to_datetime(table[column])
    frame = gpd.GeoDataFrame(table, geometry=gpd.points_from_xy(table["lon"], table["lat"]), crs="EPSG:4326")
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def export_incidents(incidents: pd.DataFrame, file_format: str) -> bytes:
    """Serialise incidents in one of EXPORT_FORMATS."""
    if file_format == "csv":
        return incidents_csv_bytes(incidents)
    if file_format == "geojson":
        return incidents_geojson_bytes(_flat_table(incidents), extra_columns=True)
    if file_format == "parquet":
        return incidents_parquet_bytes(incidents)
    raise ValueError(f"file_format must be one of {', '.join(EXPORT_FORMATS)}, got {file_format!r}")


def export_file_name(incidents: pd.DataFrame, file_format: str) -> str:
    """File name carrying the date span of the exported incidents."""
    if len(incidents) == 0:
        return f"red-sea-incidents-empty.{file_format}"
    dates = pd.to_datetime(incidents["date"])
    return f"red-sea-incidents_{dates.min():%Y-%m-%d}_{dates.max():%Y-%m-%d}.{file_format}"
