"""Serialise incident tables to CSV, Excel, GeoJSON and GeoParquet."""

from __future__ import annotations

import io
import json
import re

import geopandas as gpd
import pandas as pd

from dashboard.core.schema import FIELD_NAMES
from dashboard.core.text import spreadsheet_text
from dashboard.core.writing import incidents_geojson_bytes

EXPORT_FORMATS = ("csv", "xlsx", "geojson", "parquet")
MIME_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
    "parquet": "application/vnd.apache.parquet",
}
# Characters XML cannot hold, CR (XML readers turn it into LF), and "_" where it would start one of OOXML's
# own "_xHHHH_" escapes: written as "_xHHHH_" (the escape Excel reads back), so no text is lost or changed.
_OOXML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\r\x0e-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")


def _flat_table(incidents: pd.DataFrame) -> pd.DataFrame:
    table = pd.DataFrame(incidents.drop(columns="geometry", errors="ignore")).copy()
    columns = [c for c in (*FIELD_NAMES, "lon", "lat") if c in table] + [
        c for c in table.columns if c not in (*FIELD_NAMES, "lon", "lat")
    ]
    table = table[columns]
    for column in ("date", "released_date"):
        if column in table:
            table[column] = pd.to_datetime(table[column]).dt.strftime("%Y-%m-%d")
    return table


def spreadsheet_table(incidents: pd.DataFrame) -> pd.DataFrame:
    """The table CSV and Excel exports write: one row per incident, every text cell formula-safe.

    Weapons are joined by ';', sources written as a JSON list, dates as YYYY-MM-DD; every text cell goes
    through `spreadsheet_text` (a `'` before any formula start, reversible with `spreadsheet_original`).
    """
    table = _flat_table(incidents)
    if "weapons" in table:
        table["weapons"] = table["weapons"].map(lambda v: ";".join(v) if v is not None else "")
    if "sources" in table:
        table["sources"] = table["sources"].map(
            lambda v: json.dumps(list(v), ensure_ascii=False) if v is not None else ""
        )
    return table.astype(object).map(lambda v: spreadsheet_text(v) if isinstance(v, str) else v)


def incidents_csv_bytes(incidents: pd.DataFrame) -> bytes:
    """CSV (RFC 4180: CRLF rows, UTF-8) of `spreadsheet_table`.

    With CRLF as the row end, every cell holding a CR or LF is quoted, so no line break inside a cell can start
    a new row.
    """
    text = spreadsheet_table(incidents).to_csv(index=False, lineterminator="\r\n")
    return text.encode("utf-8")


def incidents_xlsx_bytes(incidents: pd.DataFrame) -> bytes:
    """Excel workbook (one sheet) of `spreadsheet_table`; text cells are stored as text, never as formulas."""
    from openpyxl import Workbook  # only needed when someone asks for Excel

    table = spreadsheet_table(incidents)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("incidents")
    sheet.append([_xlsx_cell(column) for column in table.columns])
    for row in table.itertuples(index=False, name=None):
        sheet.append([_xlsx_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(value: object) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, str):
        # openpyxl stores a text starting with "=" as a formula; spreadsheet_text has already quoted those.
        return _OOXML_UNSAFE.sub(lambda match: f"_x{ord(match.group()):04X}_", value)
    return value.item() if hasattr(value, "item") else value


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
    if file_format == "xlsx":
        return incidents_xlsx_bytes(incidents)
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
