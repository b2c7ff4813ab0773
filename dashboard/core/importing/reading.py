"""Reading bytes as text and CSV rows, within the limits of a `ReadBudget`."""

from __future__ import annotations

import codecs
import csv
import io
import json
import math
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from dashboard.core.importing.limits import ReadBudget
from dashboard.core.importing.report import ImportFormatError
from dashboard.core.importing.rows import RawRow, Table

if TYPE_CHECKING:
    from _csv import Reader as CsvReader  # the type csv.reader returns

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
# Bytes decoded at a time while the encoding is checked: the whole text is never held for a CSV.
_CHUNK_BYTES = 1 << 20


def _refuse_known_binary(data: bytes) -> None:
    if not data.strip():
        raise ImportFormatError("the file is empty")
    if data.startswith(b"PK\x03\x04"):
        raise ImportFormatError(
            "binary content: this is a ZIP archive (an .xlsx workbook?), not text; "
            "choose the Excel format for .xlsx files"
        )
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFormatError(
            "binary content: this is an old Excel .xls (or other Office) file; save it as .xlsx or CSV"
        )


def _scan(data: bytes, encoding: str) -> tuple[int, int, bool]:
    """Decode `data` chunk by chunk: (characters, control characters, any visible text).

    Raises UnicodeDecodeError with ``start`` counted from the beginning of `data`.
    """
    decoder = codecs.getincrementaldecoder(encoding)()
    characters = controls = 0
    visible = False
    for offset in range(0, len(data), _CHUNK_BYTES):
        chunk = data[offset : offset + _CHUNK_BYTES]
        try:
            text = decoder.decode(chunk, final=offset + _CHUNK_BYTES >= len(data))
        except UnicodeDecodeError as error:
            raise UnicodeDecodeError(
                error.encoding, data, offset + error.start, offset + error.end, error.reason
            ) from None
        characters += len(text)
        controls += len(_CONTROL_CHARACTERS.findall(text))
        visible = visible or bool(text.strip())
    return characters, controls, visible


def open_text(data: bytes) -> tuple[io.TextIOWrapper, str, tuple[str, ...]]:
    """Open file bytes as a text stream, refusing binary content; the text is decoded as it is read.

    Returns
    -------
    tuple
        ``(stream, encoding, notes)``; the stream turns every line ending (``\\r\\n``, ``\\r``, ``\\n``)
        into ``\\n``, inside quoted fields too.

    Raises
    ------
    ImportFormatError
        For empty or binary input.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError(f"data must be bytes, got {type(data).__name__}")
    data = bytes(data)
    notes: list[str] = []
    _refuse_known_binary(data)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
        notes.append("decoded as UTF-16 (byte-order mark found)")
    elif b"\x00" in data:
        raise ImportFormatError(
            f"binary content: the file contains NUL bytes (first at byte {data.index(0)}), "
            "so it is not a CSV or JSON text file (UTF-16 needs a byte-order mark)"
        )
    else:
        encoding = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
    try:
        characters, controls, visible = _scan(data, encoding)
    except UnicodeDecodeError as error:
        if encoding == "utf-16":
            raise ImportFormatError(f"not readable UTF-16 text (byte {error.start})") from error
        try:
            encoding = "cp1252"
            characters, controls, visible = _scan(data, encoding)
        except UnicodeDecodeError:
            encoding = "latin-1"
            characters, controls, visible = _scan(data, encoding)
        notes.append(f"not valid UTF-8 (byte {error.start}); decoded as {encoding}: check accented letters")
    if controls > max(8, characters // 100):
        raise ImportFormatError(
            f"binary content: {controls} control characters in {len(data)} bytes; this does not look like a text file"
        )
    if not visible:
        raise ImportFormatError("the file is empty")
    stream = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline=None)
    return stream, encoding, tuple(notes)


def decode_text(data: bytes) -> tuple[str, str, tuple[str, ...]]:
    """Decode file bytes as text, refusing binary content.

    Returns
    -------
    tuple
        ``(text, encoding, notes)`` with line endings normalised to ``\\n``.

    Raises
    ------
    ImportFormatError
        For empty or binary input.
    """
    stream, encoding, notes = open_text(data)
    return stream.read(), encoding, notes


def _sniff_delimiter(stream: io.TextIOBase) -> str:
    first_line = ""
    for line in stream:
        if line.strip("\n"):
            first_line = line.rstrip("\n")
            break
    stream.seek(0)
    counts = {delimiter: first_line.count(delimiter) for delimiter in (",", ";", "\t", "|")}
    best = max(counts, key=lambda delimiter: (counts[delimiter], delimiter == ","))
    return best if counts[best] else ","


def unique_header(names: list[str]) -> tuple[list[str], list[str]]:
    """Header names made unique (``name_2`` for a second copy) and notes saying which were renamed."""
    header: list[str] = []
    notes: list[str] = []
    seen: Counter[str] = Counter()
    for number, raw in enumerate(names, start=1):
        name = raw.strip().lstrip("\ufeff").strip() or f"column_{number}"
        seen[name] += 1
        if seen[name] > 1:
            notes.append(f"column {name!r} appears {seen[name]} times; the copy is named {name}_{seen[name]}")
            name = f"{name}_{seen[name]}"
        header.append(name)
    return header, notes


def filled_width(values: list[str]) -> int:
    """How many cells a row has up to its last non-empty one."""
    for index in range(len(values) - 1, -1, -1):
        if values[index].strip():
            return index + 1
    return 0


def _csv_records(reader: CsvReader) -> Iterator[tuple[int, list[str] | csv.Error]]:
    """(first line, fields) of each record, or (first line, the error) for one the csv module cannot read."""
    while True:
        start = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield start, error
        else:
            yield start, fields


def _malformed_reason(error: csv.Error, last_line: int) -> str:
    if "unexpected end of data" in str(error):
        return f"unclosed quote: a quoted field opened on this row runs to the end of the file (line {last_line})"
    return f"malformed CSV: {error}"


def _fit_to_header(fields: list[str], width: int, header: list[str]) -> list[str] | None:
    """The row's fields, one per header name; None when they cannot line up with the header."""
    if len(fields) > len(header) and width <= len(header):
        fields = fields[: len(header)]  # trailing empty cells, as spreadsheets often write
    return fields if len(fields) == len(header) else None


def read_csv_table(data: bytes, budget: ReadBudget) -> Table:
    """Read delimited text row by row (line numbers kept), rejecting malformed rows one by one."""
    stream, encoding, decode_notes = open_text(data)
    notes = list(decode_notes)
    reader = csv.reader(stream, delimiter=_sniff_delimiter(stream), strict=True)
    header: list[str] | None = None
    rows: list[RawRow] = []
    rejected: list[tuple[int, str]] = []
    for start, fields in _csv_records(reader):
        if isinstance(fields, csv.Error):
            if header is None:
                raise ImportFormatError(f"line {start}: the header row is not readable CSV ({fields})") from fields
            budget.add_row(0, 0, f"line {start}")
            rejected.append((start, _malformed_reason(fields, reader.line_num)))
            continue
        width = filled_width(fields)
        if not width:
            budget.check_time(f"line {start}")
            continue
        if header is None:
            budget.check_columns(len(fields), f"the header row (line {start})")
            header, header_notes = unique_header(fields)
            notes += header_notes
            continue
        budget.add_row(width, sum(map(len, fields)), f"line {start}")
        fitted = _fit_to_header(fields, width, header)
        if fitted is None:
            rejected.append(
                (
                    start,
                    f"wrong number of fields: expected {len(header)}, got {len(fields)} "
                    "(an unquoted comma or a missing quote?)",
                )
            )
            continue
        values = dict(zip(header, fitted, strict=True))
        rows.append(RawRow(start, budget.rows, values, values))
    if header is None:
        raise ImportFormatError("the file has no header row")
    return Table(header, rows, rejected, encoding, notes)


def cell_text(value: object) -> str:
    """A spreadsheet or JSON value as the text a CSV would hold (dates ISO, whole floats without .0)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, list | tuple):
        return "; ".join(cell_text(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def json_safe(value: object) -> object:
    """A spreadsheet value that `json.dumps` writes as valid JSON."""
    if isinstance(value, datetime | date | time):
        return cell_text(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
