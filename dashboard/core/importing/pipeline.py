"""The import pipeline: read within limits, find columns, merge duplicate rows, convert, filter, report."""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import Any, NamedTuple, cast

import pandas as pd

from dashboard.core.importing.columns import check_required_columns, columns_by_name, resolve_mapping
from dashboard.core.importing.formats import FORMAT_CODES, FORMATS, MAPPED_FORMAT_CODES, ImportFormat
from dashboard.core.importing.limits import DEFAULT_MAX_ROWS, ReadBudget, ReadLimits
from dashboard.core.importing.report import ImportLimitError, ImportReport
from dashboard.core.importing.rows import Context, RawRow, RowRejected, RowSkipped, Table
from dashboard.core.importing.values import in_box

logger = logging.getLogger(__name__)

# The converted table's columns: the record's fields (the source's own category and vessel type beside ours),
# the position, then where the row came from.
OUTPUT_COLUMNS = (
    *("id", "date", "time_utc", "category", "source_category", "outcome", "weapons", "actor", "claim_status"),
    *("vessel_name", "vessel_type", "source_vessel_type", "flag", "summary"),
    *("lon", "lat", "position_text"),
    *("dataset", "source_url", "source_record", "line"),
)


def _merge_duplicates(rows: list[RawRow], context: Context) -> tuple[list[RawRow], int, int]:
    """Merge rows with the same key: the first row wins, blanks are filled from later copies."""
    first: dict[object, int] = {}
    merged: list[RawRow] = []
    duplicates = conflicts = 0
    for row in rows:
        key = context.format.duplicate_key(row, context)
        if key is None or key not in first:
            if key is not None:
                first[key] = len(merged)
            merged.append(row)
            continue
        duplicates += 1
        kept = merged[first[key]]
        values, original = dict(kept.values), dict(kept.original)
        for name, value in row.values.items():
            if not values.get(name, "").strip() and value.strip():
                values[name] = value
                original[name] = row.original.get(name, value)
            elif value.strip() and values.get(name, "").split() != value.split():
                conflicts += 1
        merged[first[key]] = kept._replace(values=values, original=original)
    return merged, duplicates, conflicts


def _as_date(value: date | str | None, name: str) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as error:
        raise ValueError(f"{name} must be a date or YYYY-MM-DD text, got {value!r}") from error


def _check_bbox(bbox: object) -> tuple[float, float, float, float] | None:
    if bbox is None:
        return None
    try:
        # Outside input: anything not four numbers raises TypeError or ValueError here.
        west, south, east, north = (float(value) for value in cast("Iterable[Any]", bbox))
    except (TypeError, ValueError) as error:
        raise ValueError(f"bbox must be four numbers (west, south, east, north), got {bbox!r}") from error
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise ValueError(f"bbox must satisfy -180 <= west < east <= 180 and -90 <= south < north <= 90, got {bbox!r}")
    return west, south, east, north


class _RowFilter(NamedTuple):
    """What the caller keeps: records inside `box`, on or between `start` and `end` (None: no bound)."""

    box: tuple[float, float, float, float] | None
    start: date | None
    end: date | None


def _row_filter(bbox: object, date_from: date | str | None, date_to: date | str | None) -> _RowFilter:
    """The caller's bounding box and dates, checked."""
    box = _check_bbox(bbox)
    start, end = _as_date(date_from, "date_from"), _as_date(date_to, "date_to")
    if start and end and start > end:
        raise ValueError(f"date_from {start} is after date_to {end}")
    return _RowFilter(box, start, end)


def _filter_reason(record: dict, row_filter: _RowFilter) -> str | None:
    bbox, date_from, date_to = row_filter
    if bbox is not None and not in_box(record["lon"], record["lat"], bbox):
        return "outside the bounding box"
    if date_from is not None and record["date"] < date_from.isoformat():
        return "before the start date"
    if date_to is not None and record["date"] > date_to.isoformat():
        return "after the end date"
    return None


def _records_frame(records: list[dict]) -> pd.DataFrame:
    columns = {}
    for name in OUTPUT_COLUMNS:
        values = [record.get(name) for record in records]
        if name in ("lon", "lat"):
            columns[name] = pd.Series(values, dtype="float64")
        elif name == "line":
            columns[name] = pd.Series(values, dtype="int64")
        elif name == "weapons":
            columns[name] = pd.Series(values, dtype=object)
        else:
            columns[name] = pd.Series(values, dtype="string")
    return pd.DataFrame(columns)


def _notes(context: Context, skipped: Counter, conflicts: int) -> list[str]:
    notes = []
    for key, count in sorted(context.counters.items()):
        if key.startswith("category_fallback:"):
            notes.append(f"{count} record(s) matched no category keyword and were set to '{key.split(':')[1]}'")
        elif key == "unreadable_time":
            notes.append(f"{count} unreadable time(s) left empty")
    for reason, count in sorted(skipped.items()):
        notes.append(f"{count} record(s) skipped: {reason}")
    if conflicts:
        notes.append(f"{conflicts} field(s) of duplicated rows disagreed with the first copy; the first was kept")
    if context.format.attribution:
        notes.append(context.format.attribution)
    return notes


def _context(fmt: ImportFormat, header: list[str], mapping: Mapping[str, str] | None) -> Context:
    columns = columns_by_name(header)
    if fmt.mapped:
        return Context(fmt, columns, resolve_mapping(mapping, header, fmt))
    check_required_columns(fmt, columns, header)
    return Context(fmt, columns, {})


def _import_format(format_code: str, mapping: Mapping[str, str] | None) -> ImportFormat:
    """The format of `format_code`, refusing an unknown code or a mapping the format does not take."""
    if format_code not in FORMAT_CODES:
        raise ValueError(f"format_code must be one of {', '.join(FORMAT_CODES)}, got {format_code!r}")
    fmt = FORMATS[format_code]
    if mapping is not None and not fmt.mapped:
        raise ValueError(f"a column mapping applies to {', '.join(MAPPED_FORMAT_CODES)} files, not {format_code!r}")
    return fmt


def _read_table(fmt: ImportFormat, data: bytes, budget: ReadBudget) -> Table:
    try:
        return fmt.read(data, budget)
    except ImportLimitError as error:
        # Operators see why a visitor's upload was refused; the caller shows the message itself.
        logger.warning("%s input refused at the %s limit: %s", fmt.name, error.limit, error)
        raise


def _convert_row(row: RawRow, context: Context, row_filter: _RowFilter) -> dict:
    """The record of one row, with where it came from; raises RowRejected or RowSkipped instead."""
    fmt = context.format
    record = fmt.convert(row, context)
    reason = _filter_reason(record, row_filter)
    if reason:
        raise RowSkipped(reason)
    record["source_url"] = record.get("source_url") or fmt.url
    record["dataset"] = fmt.name
    record["source_record"] = json.dumps(row.original, ensure_ascii=False, default=str)
    record["line"] = row.line
    return record


def _convert_rows(
    rows: list[RawRow],
    context: Context,
    row_filter: _RowFilter,
    budget: ReadBudget,
    progress: Callable[[int, int], object] | None,
) -> tuple[list[dict], list[tuple[int, str]], Counter]:
    """(records, (line, reason) of each rejected row, skipped rows by reason), checking time every 1% of rows."""
    records: list[dict] = []
    rejected: list[tuple[int, str]] = []
    skipped: Counter = Counter()
    step = max(1, len(rows) // 100)
    for done, row in enumerate(rows, start=1):
        try:
            records.append(_convert_row(row, context, row_filter))
        except RowRejected as rejection:
            rejected.append((row.line, str(rejection)))
        except RowSkipped as skip:
            skipped[str(skip)] += 1
        if done % step == 0 or done == len(rows):
            try:
                budget.check_time(f"converting line {row.line}")
            except ImportLimitError as error:
                logger.warning("%s input refused at the time limit: %s", context.format.name, error)
                raise
            if progress is not None:
                progress(done, len(rows))
    return records, rejected, skipped


def import_file(
    format_code: str,
    data: bytes,
    *,
    mapping: Mapping[str, str] | None = None,
    bbox: tuple[float, float, float, float] | None = None,
    date_from: date | str | None = None,
    date_to: date | str | None = None,
    progress: Callable[[int, int], object] | None = None,
    max_rows: int = DEFAULT_MAX_ROWS,
    limits: ReadLimits | None = None,
) -> tuple[pd.DataFrame, ImportReport]:
    """Read another publisher's incident file into records and a report of every row.

    Parameters
    ----------
    format_code : {"asam", "crimeatsea", "acled", "csv", "excel", "geojson"}
        The file's format (a key of `FORMATS`).
    data : bytes
        The file content, in any encoding and line endings (see `decode_text`).
    mapping : dict, optional
        For csv, excel and geojson: our field name -> their column name (see GENERIC_FIELDS).
        Without it, columns named like our fields (or common synonyms) are used.
    bbox : tuple of float, optional
        ``(west, south, east, north)``: keep records inside it.
    date_from, date_to : date or str, optional
        Keep records on or between these days.
    progress : callable, optional
        Called as ``progress(done_rows, total_rows)`` while rows are converted.
    max_rows : int
        Refuse files with more data rows than this (when `limits` is not given).
    limits : ReadLimits, optional
        Every bound on what the file may expand to (rows, columns, cells, memory, time); checked
        while the file is read, so an oversized file is refused before it is held.

    Returns
    -------
    tuple
        ``(records, report)``: a DataFrame with OUTPUT_COLUMNS, in file order, and an ImportReport.

    Raises
    ------
    ImportLimitError
        If the file expands beyond a limit (its ``limit`` names which).
    ImportFormatError
        If the file is empty, binary, or lacks the format's columns.
    ColumnMappingError
        For a mapping that names unknown fields (a ValueError).
    ValueError
        For an unknown format code or invalid parameters.
    """
    fmt = _import_format(format_code, mapping)
    budget = ReadBudget(limits if limits is not None else ReadLimits(max_rows=max_rows))
    row_filter = _row_filter(bbox, date_from, date_to)
    table = _read_table(fmt, data, budget)
    context = _context(fmt, table.header, mapping)
    rows, duplicates, conflicts = _merge_duplicates(table.rows, context)
    records, rejected, skipped = _convert_rows(rows, context, row_filter, budget, progress)
    rejected = sorted([*table.rejected, *rejected])
    report = ImportReport(
        format_code=format_code,
        dataset=fmt.name,
        rows_read=len(table.rows) + len(table.rejected),
        imported=len(records),
        rejected=tuple(rejected),
        duplicates_merged=duplicates,
        skipped=sum(skipped.values()),
        encoding=table.encoding,
        notes=tuple(table.notes + _notes(context, skipped, conflicts)),
    )
    logger.info(
        "imported %s: %d row(s) read, %d imported, %d rejected, %d duplicate(s) merged, %d skipped",
        fmt.name,
        report.rows_read,
        report.imported,
        len(report.rejected),
        report.duplicates_merged,
        report.skipped,
    )
    return _records_frame(records), report
