"""Reading Excel workbooks (streamed, never fully loaded) and GeoJSON feature collections as rows."""

from __future__ import annotations

import bisect
import io
import json
import re
import zipfile
from collections.abc import Iterable
from typing import Any

from dashboard.core.importing.limits import BYTES_PER_JSON_CHARACTER, ReadBudget
from dashboard.core.importing.reading import cell_text, decode_text, filled_width, json_safe, unique_header
from dashboard.core.importing.report import ImportFormatError
from dashboard.core.importing.rows import RawRow, Table


def _check_workbook_size(data: bytes, budget: ReadBudget) -> None:
    """Refuse a workbook whose parts unpack beyond the limit, before anything is unpacked."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            # zipfile never yields more than a member's declared size, so the declared sizes bound the work.
            expanded = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ImportFormatError(f"not a readable Excel .xlsx workbook ({type(error).__name__}: {error})") from error
    budget.check_expanded_size(expanded, "the workbook")


def _open_workbook(data: bytes, budget: ReadBudget) -> Any:
    """Open an .xlsx workbook in openpyxl's read-only streaming mode, refusing what is not one."""
    from openpyxl import load_workbook  # imported here: only Excel imports pay for it

    if not data.strip():
        raise ImportFormatError("the file is empty")
    if not data.startswith(b"PK\x03\x04"):
        raise ImportFormatError(
            "not an Excel .xlsx workbook (an .xlsx file is a ZIP archive starting with 'PK'); "
            "for CSV text choose a CSV format"
        )
    _check_workbook_size(data, budget)
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl and zipfile raise many types for damaged files
        raise ImportFormatError(f"not a readable Excel .xlsx workbook ({type(error).__name__}: {error})") from error


def _sheet_row(number: int, index: int, header: list[str], texts: list[str], cells: tuple[object, ...]) -> RawRow:
    """One data row: its texts cut or padded to the header's width, and its original cells."""
    texts = (texts + [""] * len(header))[: len(header)]
    values = dict(zip(header, texts, strict=True))
    # cells keeps its own width (trailing empty cells, or fewer than the header): keep what lines up.
    original = {name: json_safe(cell) for name, cell in zip(header, cells, strict=False)}
    return RawRow(number, index, values, original)


def _read_sheet_rows(
    sheet_rows: Iterable[tuple[object, ...]], cap: int | None, budget: ReadBudget, notes: list[str]
) -> tuple[list[str] | None, list[RawRow]]:
    """The header (the first non-empty row) and the data rows after it; header notes go to `notes`."""
    header: list[str] | None = None
    rows: list[RawRow] = []
    for number, cells in enumerate(sheet_rows, start=1):
        texts = [cell_text(cell).strip() for cell in cells]
        width = filled_width(texts)
        where = f"row {number}"
        if cap is not None and width >= cap:
            budget.check_columns(width, where, at_least=True)
        if not width:
            budget.check_time(where)
            continue
        if header is None:
            header, header_notes = unique_header(texts[:width])
            notes += header_notes
            continue
        budget.add_row(width, sum(map(len, texts)), where)
        if width > len(header):  # cells right of the header's last name get the names CSV would give
            header += [f"column_{number}" for number in range(len(header) + 1, width + 1)]
        rows.append(_sheet_row(number, len(rows) + 1, header, texts, cells))
    return header, rows


def read_excel_table(data: bytes, budget: ReadBudget) -> Table:
    """Read the first sheet of an .xlsx workbook row by row (openpyxl's read-only streaming mode)."""
    workbook = _open_workbook(bytes(data), budget)
    max_columns = budget.limits.max_columns
    try:
        sheet = workbook.worksheets[0]
        # The declared dimensions can claim 16,384 columns and a million rows; rows are read as they are.
        sheet.reset_dimensions()
        notes: list[str] = []
        if len(workbook.worksheets) > 1:
            notes.append(f"read the first sheet {sheet.title!r} of {len(workbook.worksheets)}")
        # One column past the limit is enough to tell that a row is too wide.
        cap = None if max_columns is None else max_columns + 1
        header, rows = _read_sheet_rows(sheet.iter_rows(values_only=True, max_col=cap), cap, budget, notes)
    finally:
        workbook.close()
    if header is None:
        raise ImportFormatError("the workbook's first sheet is empty")
    return Table(header, rows, [], "xlsx", notes)


def _skip_blanks(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\n\r":
        position += 1
    return position


def _feature_offsets(text: str) -> list[int]:
    """Character offsets where each element of the top-level "features" array starts."""
    decoder = json.JSONDecoder()
    position = _skip_blanks(text, 0) + 1  # past '{'
    offsets: list[int] = []
    while True:
        position = _skip_blanks(text, position)
        if text[position] == "}":
            return offsets
        key, position = decoder.raw_decode(text, position)
        position = _skip_blanks(text, _skip_blanks(text, position) + 1)  # past ':'
        if key == "features" and text[position] == "[":
            offsets = []
            position = _skip_blanks(text, position + 1)
            while text[position] != "]":
                offsets.append(position)
                _, position = decoder.raw_decode(text, position)
                position = _skip_blanks(text, position)
                if text[position] == ",":
                    position = _skip_blanks(text, position + 1)
            position += 1
        else:
            _, position = decoder.raw_decode(text, position)
        position = _skip_blanks(text, position)
        if text[position] == ",":
            position += 1


def read_geojson_table(data: bytes, budget: ReadBudget) -> Table:
    """Read a FeatureCollection: one row per feature (its properties), keeping the feature's geometry."""
    text, encoding, decode_notes = decode_text(data)
    budget.check_memory(len(text) * BYTES_PER_JSON_CHARACTER, "reading the GeoJSON")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFormatError(f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}") from error
    except RecursionError as error:
        raise ImportFormatError("the JSON is nested too deeply to be a GeoJSON feature collection") from error
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise ImportFormatError("the top level must be a GeoJSON FeatureCollection")
    features = document.get("features")
    if not isinstance(features, list):
        raise ImportFormatError("'features' must be a list")
    budget.check_row_count(len(features))
    newlines = [match.start() for match in re.finditer("\n", text)]
    offsets = _feature_offsets(text)
    header: dict[str, None] = {}  # property names in order of first appearance
    rows: list[RawRow] = []
    rejected: list[tuple[int, str]] = []
    for ordinal, (feature, offset) in enumerate(zip(features, offsets, strict=True), start=1):
        line = bisect.bisect_right(newlines, offset - 1) + 1
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(properties, dict):
            budget.add_row(0, 0, f"line {line}")
            rejected.append((line, "not a feature: a feature needs a 'properties' object"))
            continue
        values = {name: cell_text(value).strip() for name, value in properties.items()}
        budget.add_row(len(values), sum(map(len, values.values())), f"the feature at line {line}")
        header.update(dict.fromkeys(properties))
        original = {**properties, "geometry": feature.get("geometry")}
        rows.append(RawRow(line, ordinal, values, original, feature.get("geometry")))
    budget.check_columns(len(header), "the features together")
    return Table(list(header), rows, rejected, encoding, list(decode_notes))
