"""Import incident records of other publishers (NGA ASAM, Crime at Sea, ACLED, any table) for comparison."""

from __future__ import annotations

import bisect
import codecs
import csv
import io
import json
import math
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

import numpy as np
import pandas as pd

from dashboard.core import paths
from dashboard.core.atomic import write_bytes_atomically
from dashboard.core.dms import parse_coordinate, parse_position
from dashboard.core.geodesy import distance_km
from dashboard.core.incidents import Problem, incidents_geojson_bytes
from dashboard.core.schema import ACTORS, CATEGORIES, CLAIM_STATUSES, OUTCOMES, VESSEL_TYPES, WEAPONS

KINDS = ("asam", "crimeatsea", "acled", "csv", "excel", "geojson")
GENERIC_KINDS = ("csv", "excel", "geojson")
DEFAULT_MAX_ROWS = 1_000_000
SUMMARY_LIMIT = 1000
OUTPUT_COLUMNS = (
    "id", "date", "time_utc", "category", "source_category", "outcome", "weapons", "actor", "claim_status",
    "vessel_name", "vessel_type", "source_vessel_type", "flag", "summary", "lon", "lat", "position_text",
    "dataset", "source_url", "source_record", "line",
)
LINK_COLUMNS = ("imported_id", "curated_id", "days_apart", "km_apart")
# Fields a generic table may map; `position` is one column of DMS or decimal text holding both coordinates.
GENERIC_FIELDS = ("id", "date", "time_utc", "category", "outcome", "weapons", "actor", "claim_status",
                  "vessel_name", "vessel_type", "flag", "summary", "lat", "lon", "position", "position_text",
                  "source_url")
# Column names recognised without a mapping (after lower-casing and dropping non-alphanumerics).
GENERIC_SYNONYMS = MappingProxyType({
    "id": ("id", "reference", "ref", "incidentid", "eventid"),
    "date": ("date", "eventdate", "incidentdate", "dateofocc"),
    "time_utc": ("timeutc", "time"),
    "category": ("category", "type", "incidenttype", "attacktype"),
    "outcome": ("outcome",),
    "weapons": ("weapons", "weapon"),
    "actor": ("actor", "perpetrator", "hostility"),
    "claim_status": ("claimstatus",),
    "vessel_name": ("vesselname", "vessel", "shipname", "ship"),
    "vessel_type": ("vesseltype", "shiptype", "victim"),
    "flag": ("flag",),
    "summary": ("summary", "description", "notes"),
    "lat": ("lat", "latitude"),
    "lon": ("lon", "lng", "long", "longitude"),
    "position": ("position",),
    "position_text": ("positiontext", "location"),
    "source_url": ("sourceurl", "url"),
})


@dataclass(frozen=True)
class DatasetInfo:
    """Who publishes a format, where, and how its records are identified."""

    name: str
    url: str | None
    id_prefix: str
    claim_status: str


DATASETS = MappingProxyType({
    "asam": DatasetInfo("NGA ASAM", "https://msi.nga.mil/Piracy", "ASAM", "confirmed"),
    "crimeatsea": DatasetInfo("Crime at Sea (Benden et al. 2021)", "https://zenodo.org/record/4583802", "CAS",
                              "claimed"),
    "acled": DatasetInfo("ACLED", "https://acleddata.com/data-export-tool/", "ACLED", "claimed"),
    "csv": DatasetInfo("CSV import", None, "CSV", "claimed"),
    "excel": DatasetInfo("Excel import", None, "XLSX", "claimed"),
    "geojson": DatasetInfo("GeoJSON import", None, "GEOJSON", "claimed"),
})
CRIME_AT_SEA_ATTRIBUTION = (
    "Crime at Sea data: Benden et al. (2021), the \"Crime at Sea\" database of maritime pirate attacks "
    "1993-2020, Journal of Open Humanities Data 7: 19, https://doi.org/10.5334/johd.39 "
    "(data: https://zenodo.org/record/4583802). Licensed under CC BY 4.0 "
    "(https://creativecommons.org/licenses/by/4.0/)."
)

# --- Crosswalks: the source's words -> the project's vocabularies (first matching rule wins). -------------
_I = re.IGNORECASE
CATEGORY_KEYWORDS = (
    (re.compile(r"attempt(?:ed|s)?\s+(?:to\s+)?hijack|attempted\s+boarding|attempt(?:ed|s)?\s+to\s+board"
                r"|tried\s+to\s+board", _I), "boarding_attempt"),
    (re.compile(r"\bhijack|\bseiz(?:e|ed|es|ing|ure)\b|\bcommandeer", _I), "hijacking"),
    (re.compile(r"(?<!on )\bboard(?:ed|ing)\b|\bclimbed\s+(?:on\s*)?board|\brobbe(?:d|ry|ries|rs)\b|\bstole\b"
                r"|\btheft\b", _I), "boarding_attempt"),
    (re.compile(r"\bfired\s+(?:up)?on\b|\battack|\bmissiles?\b|\bdrones?\b|\brockets?\b|\bexplo(?:sion|ded|sive)"
                r"|\bshot\s+at\b|\bgunfire\b|\bopened\s+fire\b|\brpg|\bprojectile|\bstruck\b|\bstrike\b", _I),
     "attack"),
    (re.compile(r"\bapproach|\bsuspicious|\bchased\b|\bfollowed\b|\bskiffs?\b", _I), "suspicious_approach"),
)
CATEGORY_FALLBACK = MappingProxyType({"asam": "suspicious_approach", "crimeatsea": "suspicious_approach",
                                      "acled": "attack", "csv": "suspicious_approach",
                                      "excel": "suspicious_approach", "geojson": "suspicious_approach"})
OUTCOME_KEYWORDS = (
    (re.compile(r"\bsank\b|\bsunk\b|\bsinking\b|\bsinks\b", _I), "sunk"),
    (re.compile(r"(?<!no )(?<!not )(?<!without )\bdamag|\bcaught\s+fire\b|\bon\s+fire\b|\bablaze\b"
                r"|\bfire\s+broke\s+out|\b(?:a|the)\s+fire\b|(?<!no )\binjur|(?<!no )\bcasualt", _I), "damaged"),
    (re.compile(r"(?<!not )\bhit\b|\bstruck\b|\bimpacted\b", _I), "hit"),
    (re.compile(r"\bintercept|\bshot\s+down\b", _I), "intercepted"),
    (re.compile(r"\bmiss(?:ed|es)\b|\blanded\s+(?:in\s+the\s+(?:water|sea)\s+)?(?:near|close)|\bsplash"
                r"|\bfell\s+short\b", _I), "missed"),
    (re.compile(r"\brepel|\brepuls|\bthwart|\babort|\bfled\b|\bretreat|\bmoved\s+away\b|\bbroke\s+off\b"
                r"|\bcalled\s+off\b|\bwithdr[ae]w|\bturned\s+away\b|\bfoiled\b|\bdriven\s+off\b"
                r"|\bunsuccessful\b", _I), "repelled"),
)
WEAPON_KEYWORDS = (
    (re.compile(r"\bballistic\s+missile", _I), "anti_ship_ballistic_missile"),
    (re.compile(r"\bcruise\s+missile", _I), "anti_ship_cruise_missile"),
    (re.compile(r"\bmissiles?\b", _I), "missile_unspecified"),
    (re.compile(r"\b(?:drones?|uavs?)\b(?!\s+boats?)|\bunmanned\s+aerial|\buncrewed\s+aerial", _I),
     "one_way_attack_drone"),
    (re.compile(r"\bdrone\s+boats?\b|\busvs?\b|\bunmanned\s+surface|\buncrewed\s+surface|\bwbied\b"
                r"|\bexplosive[- ]laden\s+boat|\bremote[- ]controlled\s+boat", _I), "uncrewed_surface_vessel"),
    (re.compile(r"\brpgs?\b|\brocket[- ]propelled|\bfired\s+(?:up)?on\b|\bgunfire\b|\bsmall\s+arms\b|\bguns?\b"
                r"|\brifles?\b|\bak-?47|\bopened\s+fire\b|\bshots?\s+(?:were\s+)?fired\b|\bshot\s+at\b"
                r"|\bmachine\s*guns?\b|\bgunmen\b", _I), "small_arms_rpg"),
    (re.compile(r"(?<!on )\bboard(?:ed|ing)\b|\battempt(?:ed|s)?\s+to\s+board|\bladders?\b|\bgrappl", _I),
     "armed_boarding"),
    (re.compile(r"\bhelicopter", _I), "helicopter_boarding"),
    (re.compile(r"\blimpet|\bmines?\b", _I), "limpet_mine"),
)
ACTOR_KEYWORDS = (
    (re.compile(r"\bhou?thi|\bhuthi|\bansar\s*-?\s*allah|\bansarallah", _I), "houthi"),
    (re.compile(r"\birgc\b|\brevolutionary\s+guard|\bforces\s+of\s+iran\b|\biranian\s+(?:navy|forces|military"
                r"|commandos|personnel)\b|\biran(?:ian)?\s+(?:seized|boarded|attacked)\b", _I), "iran"),
    (re.compile(r"\bsomali\w*\s+pirat", _I), "somali_pirates"),
)
PIRATE_PATTERN = re.compile(r"\bpirat", _I)
# Pirates reported here are attributed to Somali groups: the industry's former High Risk Area
# (Red Sea south of 26N, Gulf of Aden, Somali Basin, Arabian Sea), west, south, east, north.
SOMALI_PIRACY_AREA = (32.0, -12.0, 70.0, 26.0)
VESSEL_TYPE_KEYWORDS = (
    (re.compile(r"\bbulk", _I), "bulk_carrier"),
    (re.compile(r"\bcontainer|\bbox\s*ship", _I), "container_ship"),
    (re.compile(r"\blpg\b|\blng\b|\bgas\s+(?:carrier|tanker)|\bgas\b", _I), "gas_carrier"),
    (re.compile(r"\bchemical|\bproducts?\s+(?:tanker|carrier)", _I), "chemical_tanker"),
    (re.compile(r"\btanker|\bcrude|\boil\b|\bvlcc\b|\bulcc\b|\bsuezmax|\baframax", _I), "oil_tanker"),
    (re.compile(r"\bvehicle|\bcar\s+carrier|\bpctc?\b|\bpcc\b", _I), "vehicle_carrier"),
    (re.compile(r"\bro-?ro\b|\bro\s+ro\b|\broll[- ]on", _I), "ro_ro"),
    (re.compile(r"\breefer|\brefrigerat", _I), "reefer"),
    (re.compile(r"\bgeneral\s+cargo|\bcargo|\bfreighter", _I), "general_cargo"),
    (re.compile(r"\bfishing|\btrawler|\bf/?v\b|\blongliner|\bseiner", _I), "fishing_vessel"),
    (re.compile(r"\bdhows?\b", _I), "dhow"),
    (re.compile(r"\btugs?\b|\btugboat|\btowing", _I), "tug"),
    (re.compile(r"\byacht|\bsailing|\bcatamaran|\bpleasure", _I), "yacht"),
    (re.compile(r"\bpassenger|\bferry|\bcruise(?!\s+missile)", _I), "passenger"),
)
# Words naming "a ship" without its type; anything else unrecognised becomes `other`.
GENERIC_VESSEL_WORDS = re.compile(
    r"^(?:merchant\s+(?:vessel|ship)|commercial\s+(?:vessel|ship)|vessel|ship|m/?v|unknown|unk|n/?a|none|-"
    r"|not\s+(?:stated|known|reported))$", _I)
CRIME_AT_SEA_ATTACK_TYPES = MappingProxyType({
    "boarded": "boarding_attempt",
    "attempted": "boarding_attempt",
    "fired upon": "attack",
    "hijacked": "hijacking",
    "suspicious": "suspicious_approach",
    "explosion": "attack",
})
# Outcomes implied by the attack type; other types take the outcome keywords of the description.
CRIME_AT_SEA_OUTCOMES = MappingProxyType({"hijacked": "hijacked", "attempted": "repelled"})
ACLED_SUB_EVENT_TYPES = MappingProxyType({
    "abduction/forced disappearance": "hijacking",
    "armed clash": "attack",
    "attack": "attack",
    "air/drone strike": "attack",
    "shelling/artillery/missile attack": "attack",
    "remote explosive/landmine/ied": "attack",
})
ACLED_MARITIME_TEXT = re.compile(r"\b(?:ships?|shipping|vessels?|tankers?|maritime|sea|off\s+the\s+coast)\b", _I)
ACLED_MARITIME_PLACES = re.compile(r"red\s+sea|gulf\s+of\s+aden|bab\s+(?:al|el)[- ]?mand[ae]b", _I)
# Crime at Sea `data_source` values that name an official reporting centre make a record `confirmed`.
OFFICIAL_REPORT_SOURCES = ("asam", "imb", "ukmto", "recaap", "mdat")
MISSING_TOKENS = MappingProxyType({"crimeatsea": ("", "NA", "N/A"), "asam": ("",), "acled": ("",),
                                   "csv": ("",), "excel": ("",), "geojson": ("",)})
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
_UTC_TIME = re.compile(r"\b([01]\d|2[0-3]):?([0-5]\d)\s*(?:UTC|GMT|Z)\b")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")


class ImportFormatError(ValueError):
    """The input as a whole cannot be imported (empty, binary, wrong columns, too large)."""


@dataclass(frozen=True)
class RejectionGroup:
    """Rejected rows sharing one reason: how many, and the first few (line, detail)."""

    reason: str
    count: int
    examples: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class ImportReport:
    """What happened to every row of an imported file.

    ``rows_read == imported + len(rejected) + skipped + duplicates_merged``.
    """

    kind: str
    dataset: str
    rows_read: int
    imported: int
    rejected: tuple[tuple[int, str], ...]
    duplicates_merged: int
    skipped: int
    encoding: str
    notes: tuple[str, ...] = field(default_factory=tuple)

    def rejected_by_reason(self, examples: int = 3) -> tuple[RejectionGroup, ...]:
        """Group rejections by reason (the text before the first ': '), most frequent first."""
        groups: dict[str, list[tuple[int, str]]] = {}
        for line, reason in self.rejected:
            key, _, detail = reason.partition(": ")
            groups.setdefault(key, []).append((line, detail))
        ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[1][0][0]))
        return tuple(RejectionGroup(key, len(rows), tuple(rows[:examples])) for key, rows in ordered)

    def as_problems(self, file: str) -> list[Problem]:
        """The rejections as the dashboard's Problem records (record = input line)."""
        return [Problem(file, f"line {line}", "-", reason) for line, reason in self.rejected]


class _RawRow(NamedTuple):
    line: int
    ordinal: int
    values: dict[str, str]
    original: dict
    geometry: object = None


@dataclass
class _Table:
    """Rows read from one input, before any mapping (private, one per call)."""

    header: list[str]
    rows: list[_RawRow]
    rejected: list[tuple[int, str]]
    encoding: str
    notes: list[str]


class _Rejected(Exception):
    """A row cannot become a record; the message is 'reason: detail'."""


class _Skipped(Exception):
    """A readable row that the caller's filters or the format's scope leave out."""


@dataclass
class _Context:
    """Per-call settings and counters passed to the row converters."""

    kind: str
    info: DatasetInfo
    columns: dict[str, str]
    mapping: dict[str, str]
    counters: Counter = field(default_factory=Counter)


# --- Reading bytes ---------------------------------------------------------------------------------


def decode_text(data: bytes) -> tuple[str, str, tuple[str, ...]]:
    """Decode file bytes as text, refusing binary content.

    Parameters
    ----------
    data : bytes
        The file content.

    Returns
    -------
    tuple
        ``(text, encoding, notes)`` with line endings normalised to ``\\n``.

    Raises
    ------
    ImportFormatError
        For empty or binary input.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError(f"data must be bytes, got {type(data).__name__}")
    data = bytes(data)
    notes: list[str] = []
    if not data.strip():
        raise ImportFormatError("the file is empty")
    if data.startswith(b"PK\x03\x04"):
        raise ImportFormatError("binary content: this is a ZIP archive (an .xlsx workbook?), not text; "
                                "use the 'excel' kind for .xlsx files")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFormatError("binary content: this is an old Excel .xls (or other Office) file; "
                                "save it as .xlsx or CSV")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, encoding = data.decode("utf-16"), "utf-16"
        notes.append("decoded as UTF-16 (byte-order mark found)")
    elif b"\x00" in data:
        raise ImportFormatError(f"binary content: the file contains NUL bytes (first at byte {data.index(0)}), "
                                "so it is not a CSV or JSON text file (UTF-16 needs a byte-order mark)")
    else:
        try:
            text = data.decode("utf-8-sig")
            encoding = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
        except UnicodeDecodeError as error:
            try:
                text, encoding = data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                text, encoding = data.decode("latin-1"), "latin-1"
            notes.append(f"not valid UTF-8 (byte {error.start}); decoded as {encoding}: check accented letters")
    controls = len(_CONTROL_CHARACTERS.findall(text))
    if controls > max(8, len(text) // 100):
        raise ImportFormatError(f"binary content: {controls} control characters in {len(data)} bytes; "
                                "this does not look like a text file")
    if not text.strip():
        raise ImportFormatError("the file is empty")
    # Any line ending (\r\n, \r, \n) becomes \n, inside quoted fields too.
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding, tuple(notes)


def _sniff_delimiter(text: str) -> str:
    first_line = text.lstrip("\n").split("\n", 1)[0]
    counts = {delimiter: first_line.count(delimiter) for delimiter in (",", ";", "\t", "|")}
    best = max(counts, key=lambda delimiter: (counts[delimiter], delimiter == ","))
    return best if counts[best] else ","


def _unique_header(names: list[str]) -> tuple[list[str], list[str]]:
    header, notes, seen = [], [], Counter()
    for number, raw in enumerate(names, start=1):
        name = raw.strip().lstrip("\ufeff").strip() or f"column_{number}"
        seen[name] += 1
        if seen[name] > 1:
            notes.append(f"column {name!r} appears {seen[name]} times; the copy is named {name}_{seen[name]}")
            name = f"{name}_{seen[name]}"
        header.append(name)
    return header, notes


def _check_row_limit(count: int, max_rows: int) -> None:
    if count > max_rows:
        raise ImportFormatError(f"the file has more than {max_rows:,} rows; import it in parts or raise max_rows")


def _read_csv_table(data: bytes, max_rows: int) -> _Table:
    text, encoding, decode_notes = decode_text(data)
    notes = list(decode_notes)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text), strict=True)
    header: list[str] | None = None
    rows: list[_RawRow] = []
    rejected: list[tuple[int, str]] = []
    rows_read = 0
    while True:
        start = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            if header is None:
                raise ImportFormatError(f"line {start}: the header row is not readable CSV ({error})") from error
            rows_read += 1
            _check_row_limit(rows_read, max_rows)
            if "unexpected end of data" in str(error):
                rejected.append((start, f"unclosed quote: a quoted field opened on this row runs to the end "
                                        f"of the file (line {reader.line_num})"))
            else:
                rejected.append((start, f"malformed CSV: {error}"))
            continue
        if not any(value.strip() for value in fields):
            continue
        if header is None:
            header, header_notes = _unique_header(fields)
            notes += header_notes
            continue
        rows_read += 1
        _check_row_limit(rows_read, max_rows)
        if len(fields) > len(header) and not any(value.strip() for value in fields[len(header):]):
            fields = fields[: len(header)]  # trailing empty cells, as spreadsheets often write
        if len(fields) != len(header):
            rejected.append((start, f"wrong number of fields: expected {len(header)}, got {len(fields)} "
                                    "(an unquoted comma or a missing quote?)"))
            continue
        values = dict(zip(header, fields))
        rows.append(_RawRow(start, rows_read, values, values))
    if header is None:
        raise ImportFormatError("the file has no header row")
    return _Table(header, rows, rejected, encoding, notes)


def _cell_text(value: object) -> str:
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
        return "; ".join(_cell_text(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _read_excel_table(data: bytes, max_rows: int) -> _Table:
    from openpyxl import load_workbook  # imported here: only Excel imports pay for it

    if not data or not bytes(data).strip():
        raise ImportFormatError("the file is empty")
    if not bytes(data).startswith(b"PK\x03\x04"):
        raise ImportFormatError("not an Excel .xlsx workbook (an .xlsx file is a ZIP archive starting with 'PK'); "
                                "for CSV text use the 'csv' kind")
    try:
        workbook = load_workbook(io.BytesIO(bytes(data)), read_only=True, data_only=True)
    except Exception as error:  # openpyxl and zipfile raise many types for damaged files
        raise ImportFormatError(f"not a readable Excel .xlsx workbook ({type(error).__name__}: {error})") from error
    try:
        sheet = workbook.worksheets[0]
        header: list[str] | None = None
        rows: list[_RawRow] = []
        notes: list[str] = []
        if len(workbook.worksheets) > 1:
            notes.append(f"read the first sheet {sheet.title!r} of {len(workbook.worksheets)}")
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            texts = [_cell_text(cell).strip() for cell in cells]
            if not any(texts):
                continue
            if header is None:
                header, header_notes = _unique_header(texts)
                notes += header_notes
                continue
            _check_row_limit(len(rows) + 1, max_rows)
            texts = (texts + [""] * len(header))[: len(header)]
            values = dict(zip(header, texts))
            original = {name: _json_safe(cell) for name, cell in zip(header, cells)}
            rows.append(_RawRow(number, len(rows) + 1, values, original))
    finally:
        workbook.close()
    if header is None:
        raise ImportFormatError("the workbook's first sheet is empty")
    return _Table(header, rows, [], "xlsx", notes)


def _json_safe(value: object) -> object:
    if isinstance(value, datetime | date | time):
        return _cell_text(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


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


def _read_geojson_table(data: bytes, max_rows: int) -> _Table:
    text, encoding, decode_notes = decode_text(data)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFormatError(f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}") from error
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise ImportFormatError("the top level must be a GeoJSON FeatureCollection")
    features = document.get("features")
    if not isinstance(features, list):
        raise ImportFormatError("'features' must be a list")
    _check_row_limit(len(features), max_rows)
    newlines = [index for index, character in enumerate(text) if character == "\n"]
    offsets = _feature_offsets(text)
    header: list[str] = []
    rows: list[_RawRow] = []
    rejected: list[tuple[int, str]] = []
    for ordinal, (feature, offset) in enumerate(zip(features, offsets), start=1):
        line = bisect.bisect_right(newlines, offset - 1) + 1
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(properties, dict):
            rejected.append((line, "not a feature: a feature needs a 'properties' object"))
            continue
        for name in properties:
            if name not in header:
                header.append(name)
        values = {name: _cell_text(value).strip() for name, value in properties.items()}
        original = {**properties, "geometry": feature.get("geometry")}
        rows.append(_RawRow(line, ordinal, values, original, feature.get("geometry")))
    return _Table(header, rows, rejected, encoding, list(decode_notes))


# --- Reading values ----------------------------------------------------------------------------------


def _normalised_name(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _cell(row: _RawRow, context: _Context, column: str | None) -> str | None:
    """The stripped text of a column, or None when the column is absent or the cell is a missing token."""
    if column is None:
        return None
    text = row.values.get(column, "").strip()
    return None if text in MISSING_TOKENS[context.kind] else text


def _value(row: _RawRow, context: _Context, name: str) -> str | None:
    """The cell of a column given by its normalised name."""
    return _cell(row, context, context.columns.get(name))


def _mapped(row: _RawRow, context: _Context, field_name: str) -> str | None:
    """The cell of the column the user mapped to one of our fields."""
    return _cell(row, context, context.mapping.get(field_name))


def _month(word: str) -> int | None:
    word = word.lower().rstrip(".")
    if len(word) < 3:
        return None
    for number, name in enumerate(_MONTHS, start=1):
        if name.startswith(word) or (word == "sept" and number == 9):
            return number
    return None


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 50 else 1900
    return year


def parse_date_text(text: str, month_first: bool | None = None) -> date:
    """Read a calendar date such as ``2024-01-26``, ``26 January 2024``, ``Jan 26, 2024`` or ``1/26/2024``.

    Parameters
    ----------
    text : str
        The date as written.
    month_first : bool or None
        How to read numeric ``a/b/yyyy`` dates: True for US order, False for day first, None to
        refuse the ambiguous ones (both numbers 12 or less and different).

    Returns
    -------
    datetime.date

    Raises
    ------
    ValueError
        If the text is not a readable, real calendar date.
    """
    cleaned = re.sub(r"\s+", " ", str(text).strip())
    try:
        if match := re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ][0-9:.+\-Z ]*)?", cleaned):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if match := re.fullmatch(r"(\d{4})(\d{2})(\d{2})", cleaned):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if match := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?[ \-/.]*([A-Za-z]{3,9})\.?[ \-/.,]*(\d{4}|\d{2})",
                                 cleaned):
            month = _month(match[2])
            if month:
                return date(_year(match[3]), month, int(match[1]))
        if match := re.fullmatch(r"([A-Za-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})", cleaned):
            month = _month(match[1])
            if month:
                return date(int(match[3]), month, int(match[2]))
        if match := re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})(?: [0-9:]+)?", cleaned):
            first, second, year = int(match[1]), int(match[2]), _year(match[3])
            if month_first is None:
                if first > 12 or first == second:
                    month_first = False
                elif second > 12:
                    month_first = True
                else:
                    raise ValueError(f"ambiguous date {text!r}: day and month order unknown; write YYYY-MM-DD")
            month, day = (first, second) if month_first else (second, first)
            return date(year, month, day)
    except ValueError as error:
        if "ambiguous" in str(error):
            raise
        raise ValueError(f"not a calendar date: {text!r} ({error})") from error
    raise ValueError(f"unreadable date {text!r}")


def parse_time_text(text: str) -> str:
    """Read a time such as ``14:30``, ``1430``, ``14:30:00`` or ``1430 UTC`` as ``HH:MM``."""
    match = re.fullmatch(r"(\d{1,2}):?(\d{2})(?::\d{2}(?:\.\d+)?)?\s*(?:UTC|GMT|Z|HRS|H)?", str(text).strip(), _I)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(f"unreadable time {text!r}")
    return f"{int(match[1]):02d}:{match[2]}"


def _first_match(text: str, rules: tuple) -> str | None:
    for pattern, code in rules:
        if pattern.search(text):
            return code
    return None


def _code_of(text: str | None, choices: Mapping[str, str]) -> str | None:
    """The vocabulary code a value already is (``Bulk carrier`` -> ``bulk_carrier``), if any."""
    if not text:
        return None
    code = re.sub(r"[\s\-/]+", "_", text.strip().lower())
    return code if code in choices else None


def _category(text: str, context: _Context, given: str | None = None) -> str:
    code = _code_of(given, CATEGORIES) or _first_match(text, CATEGORY_KEYWORDS)
    if code is None:
        code = CATEGORY_FALLBACK[context.kind]
        context.counters[f"category_fallback:{code}"] += 1
    return code


def _outcome(text: str, category: str, given: str | None = None) -> str:
    code = _code_of(given, OUTCOMES)
    if code:
        return code
    keyword = _first_match(text, OUTCOME_KEYWORDS)
    if keyword == "sunk":
        return keyword
    if category == "hijacking":
        return "hijacked"
    return keyword or "unknown"


def _weapons(text: str, given: str | None = None) -> list[str]:
    if given:
        codes = [_code_of(part, WEAPONS) for part in re.split(r"[;,|]", given)]
        if all(codes) and codes:
            return list(dict.fromkeys(codes))
        text = f"{given} {text}"
    found = [code for pattern, code in WEAPON_KEYWORDS if pattern.search(text)]
    if "missile_unspecified" in found and {"anti_ship_ballistic_missile", "anti_ship_cruise_missile"} & set(found):
        found.remove("missile_unspecified")
    return found or ["unknown"]


def _in_box(lon: float, lat: float, box: tuple[float, float, float, float]) -> bool:
    west, south, east, north = box
    return west <= lon <= east and south <= lat <= north


def _actor(text: str, lon: float, lat: float, given: str | None = None) -> str:
    code = _code_of(given, ACTORS) or _first_match(f"{given or ''} {text}", ACTOR_KEYWORDS)
    if code:
        return code
    if PIRATE_PATTERN.search(f"{given or ''} {text}") and _in_box(lon, lat, SOMALI_PIRACY_AREA):
        return "somali_pirates"
    return "unknown"


def _vessel_type(text: str | None, *, other_when_unknown: bool = True) -> str:
    if not text:
        return "unknown"
    code = _code_of(text, VESSEL_TYPES) or _first_match(text, VESSEL_TYPE_KEYWORDS)
    if code:
        return code
    if GENERIC_VESSEL_WORDS.match(text.strip()) or not other_when_unknown:
        return "unknown"
    return "other"


def _truncate(text: str | None, limit: int = SUMMARY_LIMIT) -> str | None:
    if not text:
        return None
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _one_line(text: str | None) -> str | None:
    return re.sub(r"\s+", " ", text).strip() if text else None


def _utc_time_in(text: str) -> str | None:
    match = _UTC_TIME.search(text)
    return f"{match[1]}:{match[2]}" if match else None


def _number(text: str | None, axis: str, what: str) -> float:
    if text is None:
        raise _Rejected(f"missing position: no {what}")
    try:
        return parse_coordinate(text, axis)
    except ValueError as error:
        raise _Rejected(f"unreadable position: {error}") from error


def _date(text: str | None, month_first: bool | None, column: str) -> date:
    if text is None:
        raise _Rejected(f"missing date: column {column!r} is empty")
    try:
        return parse_date_text(text, month_first)
    except ValueError as error:
        raise _Rejected(f"unreadable date: {error}") from error


def _safe_id(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text.strip()).strip("-")[:60]


# --- Converters: one raw row -> one record (raise _Rejected or _Skipped) ---------------------------------


def _convert_asam(row: _RawRow, context: _Context) -> dict:
    reference = _value(row, context, "reference")
    if not reference or not _safe_id(reference):
        raise _Rejected("missing reference: column 'reference' is empty")
    date_column = "date" if "date" in context.columns else "dateofocc"
    when = _date(_value(row, context, date_column), True, context.columns[date_column])
    position_text = _one_line(_value(row, context, "position"))
    try:
        if position_text is None:
            raise ValueError("column 'position' is empty")
        lat, lon = parse_position(position_text)
    except ValueError as error:
        if _value(row, context, "latitude") and _value(row, context, "longitude"):
            lat = _number(_value(row, context, "latitude"), "lat", "latitude")
            lon = _number(_value(row, context, "longitude"), "lon", "longitude")
            position_text = position_text or f"{lat}, {lon}"
        elif position_text is None:
            raise _Rejected(f"missing position: {error}") from error
        else:
            raise _Rejected(f"unreadable position: {error}") from error
    hostility = _value(row, context, "hostility")
    victim = _value(row, context, "victim")
    description = _value(row, context, "description") or ""
    story = f"{hostility or ''} {description}"
    category = _category(story, context)
    return {
        "id": f"{context.info.id_prefix}-{_safe_id(reference)}",
        "date": when.isoformat(),
        "time_utc": _utc_time_in(description),
        "category": category,
        "source_category": hostility,
        "outcome": _outcome(description, category),
        "weapons": _weapons(story),
        "actor": _actor(story, lon, lat),
        "claim_status": context.info.claim_status,
        "vessel_name": None,
        "vessel_type": _vessel_type(victim),
        "source_vessel_type": victim,
        "flag": None,
        "summary": _truncate(description),
        "lon": lon,
        "lat": lat,
        "position_text": position_text,
    }


def _convert_crime_at_sea(row: _RawRow, context: _Context) -> dict:
    when = _date(_value(row, context, "date"), None, context.columns["date"])
    lat = _number(_value(row, context, "latitude"), "lat", "latitude")
    lon = _number(_value(row, context, "longitude"), "lon", "longitude")
    attack_type = _value(row, context, "attacktype")
    description = _value(row, context, "attackdescription") or ""
    type_key = (attack_type or "").strip().lower()
    category = CRIME_AT_SEA_ATTACK_TYPES.get(type_key) or _category(description, context)
    outcome = CRIME_AT_SEA_OUTCOMES.get(type_key)
    if outcome is None or _first_match(description, OUTCOME_KEYWORDS) == "sunk":
        outcome = _outcome(description, category)
    vessel_type = _value(row, context, "vesseltype")
    source = (_value(row, context, "datasource") or "").lower()
    official = any(name in source for name in OFFICIAL_REPORT_SOURCES)
    position_text = (_one_line(_value(row, context, "locationdescription"))
                     or f"{_value(row, context, 'latitude')}, {_value(row, context, 'longitude')}")
    return {
        "id": f"{context.info.id_prefix}-{row.ordinal:06d}",
        "date": when.isoformat(),
        # The dataset's `time` column is the reported (mostly local) time, so it is kept only in source_record.
        "time_utc": _utc_time_in(description),
        "category": category,
        "source_category": attack_type,
        "outcome": outcome,
        "weapons": _weapons(f"{attack_type or ''} {description}"),
        "actor": _actor(description, lon, lat),
        "claim_status": "confirmed" if official else context.info.claim_status,
        "vessel_name": _value(row, context, "vesselname"),
        "vessel_type": _vessel_type(vessel_type),
        "source_vessel_type": vessel_type,
        "flag": None,
        "summary": _truncate(description),
        "lon": lon,
        "lat": lat,
        "position_text": position_text,
    }


def _is_maritime(location: str, notes: str) -> bool:
    return bool(ACLED_MARITIME_PLACES.search(location) or ACLED_MARITIME_TEXT.search(f"{location} {notes}"))


def _convert_acled(row: _RawRow, context: _Context) -> dict:
    location = _value(row, context, "location") or ""
    notes = _value(row, context, "notes") or ""
    if not _is_maritime(location, notes):
        raise _Skipped("not maritime")
    event_id = _value(row, context, "eventidcnty")
    if not event_id or not _safe_id(event_id):
        raise _Rejected("missing event id: column 'event_id_cnty' is empty")
    when = _date(_value(row, context, "eventdate"), None, context.columns["eventdate"])
    lat = _number(_value(row, context, "latitude"), "lat", "latitude")
    lon = _number(_value(row, context, "longitude"), "lon", "longitude")
    sub_event = _value(row, context, "subeventtype")
    category = _first_match(notes, CATEGORY_KEYWORDS) or ACLED_SUB_EVENT_TYPES.get((sub_event or "").lower())
    if category is None:
        category = _category("", context)
    actors = " ".join(filter(None, (_value(row, context, "actor1"), _value(row, context, "assocactor1"))))
    return {
        "id": f"{context.info.id_prefix}-{_safe_id(event_id)}",
        "date": when.isoformat(),
        "time_utc": None,
        "category": category,
        "source_category": sub_event or _value(row, context, "eventtype"),
        "outcome": _outcome(notes, category),
        "weapons": _weapons(notes),
        "actor": _actor(actors, lon, lat) if actors else "unknown",
        "claim_status": context.info.claim_status,
        "vessel_name": None,
        "vessel_type": _vessel_type(notes, other_when_unknown=False),
        "source_vessel_type": None,
        "flag": None,
        "summary": _truncate(notes),
        "lon": lon,
        "lat": lat,
        "position_text": _one_line(location) or None,
    }


def _generic_position(row: _RawRow, context: _Context) -> tuple[float, float, str | None]:
    if "lat" in context.mapping and "lon" in context.mapping:
        lat_text, lon_text = _mapped(row, context, "lat"), _mapped(row, context, "lon")
        lat = _number(lat_text, "lat", f"latitude in column {context.mapping['lat']!r}")
        lon = _number(lon_text, "lon", f"longitude in column {context.mapping['lon']!r}")
        return lon, lat, f"{lat_text}, {lon_text}"
    if "position" in context.mapping:
        text = _one_line(_mapped(row, context, "position"))
        if text is None:
            raise _Rejected(f"missing position: column {context.mapping['position']!r} is empty")
        try:
            lat, lon = parse_position(text)
        except ValueError as error:
            raise _Rejected(f"unreadable position: {error}") from error
        return lon, lat, text
    geometry = row.geometry
    if not isinstance(geometry, dict):
        raise _Rejected("missing position: the feature has no geometry")
    if geometry.get("type") != "Point":
        raise _Rejected(f"unsupported geometry: expected a Point, got {str(geometry.get('type'))[:40]!r}")
    coordinates = geometry.get("coordinates")
    if (not isinstance(coordinates, list) or len(coordinates) < 2
            or not all(isinstance(value, int | float) and not isinstance(value, bool) for value in coordinates[:2])):
        raise _Rejected("unreadable position: Point coordinates must be two numbers [lon, lat]")
    lon = _number(coordinates[0], "lon", "longitude")
    lat = _number(coordinates[1], "lat", "latitude")
    return lon, lat, None


def _convert_generic(row: _RawRow, context: _Context) -> dict:
    when = _date(_mapped(row, context, "date"), None, context.mapping["date"])
    lon, lat, position_text = _generic_position(row, context)
    summary = _mapped(row, context, "summary") or ""
    given_category = _mapped(row, context, "category")
    category = _category(f"{given_category or ''} {summary}", context, given_category)
    time_text = _mapped(row, context, "time_utc")
    time_utc = None
    if time_text:
        try:
            time_utc = parse_time_text(time_text)
        except ValueError:
            context.counters["unreadable_time"] += 1
    claim = _code_of(_mapped(row, context, "claim_status"), CLAIM_STATUSES) or context.info.claim_status
    given_vessel_type = _mapped(row, context, "vessel_type")
    their_id = _mapped(row, context, "id")
    record_id = _safe_id(their_id) if their_id else ""
    url = _mapped(row, context, "source_url")
    return {
        "id": f"{context.info.id_prefix}-{record_id or f'{row.ordinal:06d}'}",
        "date": when.isoformat(),
        "time_utc": time_utc,
        "category": category,
        "source_category": given_category,
        "outcome": _outcome(summary, category, _mapped(row, context, "outcome")),
        "weapons": _weapons(summary, _mapped(row, context, "weapons")),
        "actor": _actor(summary, lon, lat, _mapped(row, context, "actor")),
        "claim_status": claim,
        "vessel_name": _mapped(row, context, "vessel_name"),
        "vessel_type": _vessel_type(given_vessel_type),
        "source_vessel_type": given_vessel_type,
        "flag": _mapped(row, context, "flag"),
        "summary": _truncate(summary),
        "lon": lon,
        "lat": lat,
        "position_text": _one_line(_mapped(row, context, "position_text")) or position_text,
        "source_url": url if url and re.match(r"^https?://\S+$", url, _I) else None,
    }


_CONVERTERS = MappingProxyType({"asam": _convert_asam, "crimeatsea": _convert_crime_at_sea,
                                "acled": _convert_acled, "csv": _convert_generic, "excel": _convert_generic,
                                "geojson": _convert_generic})
# Required columns (normalised names); "a|b" means either, "a+b" means both.
_REQUIRED = MappingProxyType({
    "asam": ("reference", "date|dateofocc", "position|latitude+longitude", "hostility", "victim", "description"),
    "crimeatsea": ("date", "longitude", "latitude", "attacktype", "attackdescription"),
    "acled": ("eventidcnty", "eventdate", "latitude", "longitude", "location", "notes", "actor1"),
})


# --- Columns, mapping, duplicates, filters ---------------------------------------------------------------


def _columns(header: list[str]) -> dict[str, str]:
    columns: dict[str, str] = {}
    for name in header:
        columns.setdefault(_normalised_name(name), name)
    return columns


def _describe_requirement(requirement: str) -> str:
    options = [option.replace("+", " and ") for option in requirement.split("|")]
    return options[0] + (f" (or {' or '.join(options[1:])})" if len(options) > 1 else "")


def _check_columns(kind: str, columns: dict[str, str], header: list[str]) -> None:
    missing = [
        _describe_requirement(requirement)
        for requirement in _REQUIRED[kind]
        if not any(all(part in columns for part in option.split("+")) for option in requirement.split("|"))
    ]
    if missing:
        found = ", ".join(header[:30]) + (" ..." if len(header) > 30 else "")
        raise ImportFormatError(f"not a {DATASETS[kind].name} file: missing column(s) {', '.join(missing)}; "
                                f"columns found: {found or 'none'}")


def parse_field_mapping(pairs: Iterable[str] | None) -> dict[str, str] | None:
    """Turn ``["date=Date of event", "lat=Y"]`` into {field: column}, or None when no pairs are given.

    Raises
    ------
    ValueError
        For a pair that is not ``field=column`` or names an unknown field.
    """
    pairs = [pair for pair in pairs or () if pair.strip()]
    if not pairs:
        return None
    mapping = {}
    for pair in pairs:
        name, separator, column = pair.partition("=")
        if not separator or not name.strip() or not column.strip():
            raise ValueError(f"expected field=column, got {pair!r}")
        if name.strip() not in GENERIC_FIELDS:
            raise ValueError(f"unknown field {name.strip()!r}; fields: {', '.join(GENERIC_FIELDS)}")
        mapping[name.strip()] = column.strip()
    return mapping


def _resolve_mapping(mapping: Mapping[str, str] | None, header: list[str], kind: str) -> dict[str, str]:
    """Turn the caller's {our field: their column} into {our field: exact header name}."""
    columns = _columns(header)
    if mapping is None:
        resolved = {}
        for name, synonyms in GENERIC_SYNONYMS.items():
            if kind == "geojson" and name in ("lat", "lon", "position"):
                continue  # a GeoJSON feature's own geometry is its position
            found = next((columns[synonym] for synonym in synonyms if synonym in columns), None)
            if found is not None:
                resolved[name] = found
        if ("lat" in resolved) != ("lon" in resolved):
            resolved.pop("lat", None)
            resolved.pop("lon", None)
    else:
        unknown = sorted(set(mapping) - set(GENERIC_FIELDS))
        if unknown:
            raise ValueError(f"unknown field(s) in the column mapping: {', '.join(unknown)}; "
                             f"allowed: {', '.join(GENERIC_FIELDS)}")
        if ("lat" in mapping) != ("lon" in mapping):
            raise ValueError("the column mapping must name both lat and lon, or neither")
        resolved, missing = {}, []
        for name, column in mapping.items():
            if column in header:
                resolved[name] = column
            elif _normalised_name(str(column)) in columns:
                resolved[name] = columns[_normalised_name(str(column))]
            else:
                missing.append(f"{column!r} (for {name})")
        if missing:
            raise ImportFormatError(f"the file has no column(s) {', '.join(missing)}; "
                                    f"columns found: {', '.join(header[:30]) or 'none'}")
    needed = []
    if "date" not in resolved:
        needed.append("date")
    if not ({"lat", "lon"} <= set(resolved) or "position" in resolved or kind == "geojson"):
        needed.append("lat and lon (or position)")
    if needed:
        raise ImportFormatError(f"missing column(s) {', '.join(needed)}: name them in the mapping "
                                f"(field=column); columns found: {', '.join(header[:30]) or 'none'}")
    return resolved


def _duplicate_key(row: _RawRow, context: _Context) -> object:
    if context.kind == "asam":
        reference = _value(row, context, "reference")
        return reference.upper() if reference else None
    if context.kind == "acled":
        return _value(row, context, "eventidcnty")
    if context.kind in GENERIC_KINDS and "id" in context.mapping:
        return _mapped(row, context, "id")
    return (tuple(row.values.items()), json.dumps(row.geometry, sort_keys=True))


def _merge_duplicates(rows: list[_RawRow], context: _Context) -> tuple[list[_RawRow], int, int]:
    """Merge rows with the same key: the first row wins, blanks are filled from later copies."""
    first: dict[object, int] = {}
    merged: list[_RawRow] = []
    duplicates = conflicts = 0
    for row in rows:
        key = _duplicate_key(row, context)
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
        west, south, east, north = (float(value) for value in bbox)
    except (TypeError, ValueError) as error:
        raise ValueError(f"bbox must be four numbers (west, south, east, north), got {bbox!r}") from error
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise ValueError(f"bbox must satisfy -180 <= west < east <= 180 and -90 <= south < north <= 90, "
                         f"got {bbox!r}")
    return west, south, east, north


def _filter_reason(record: dict, bbox, date_from, date_to) -> str | None:
    if bbox is not None and not _in_box(record["lon"], record["lat"], bbox):
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


def _notes(context: _Context, skipped: Counter, conflicts: int) -> list[str]:
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
    if context.kind == "crimeatsea":
        notes.append(CRIME_AT_SEA_ATTRIBUTION)
    return notes


# --- Public API ------------------------------------------------------------------------------------------


def import_file(kind: str, data: bytes, *, mapping: Mapping[str, str] | None = None,
                bbox: tuple[float, float, float, float] | None = None, date_from: date | str | None = None,
                date_to: date | str | None = None, progress: Callable[[int, int], None] | None = None,
                max_rows: int = DEFAULT_MAX_ROWS) -> tuple[pd.DataFrame, ImportReport]:
    """Read another publisher's incident file into records and a report of every row.

    Parameters
    ----------
    kind : {"asam", "crimeatsea", "acled", "csv", "excel", "geojson"}
        The file's format.
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
        Refuse files with more data rows than this.

    Returns
    -------
    tuple
        ``(records, report)``: a DataFrame with OUTPUT_COLUMNS, in file order, and an ImportReport.

    Raises
    ------
    ImportFormatError
        If the file is empty, binary, too large, or lacks the format's columns.
    ValueError
        For an unknown kind or invalid parameters.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    if mapping is not None and kind not in GENERIC_KINDS:
        raise ValueError(f"a column mapping applies to {', '.join(GENERIC_KINDS)} files, not {kind!r}")
    if isinstance(max_rows, bool) or not isinstance(max_rows, int) or max_rows < 1:
        raise ValueError(f"max_rows must be a positive whole number, got {max_rows!r}")
    box = _check_bbox(bbox)
    start, end = _as_date(date_from, "date_from"), _as_date(date_to, "date_to")
    if start and end and start > end:
        raise ValueError(f"date_from {start} is after date_to {end}")
    reader = {"excel": _read_excel_table, "geojson": _read_geojson_table}.get(kind, _read_csv_table)
    table = reader(data, max_rows)
    columns = _columns(table.header)
    if kind in GENERIC_KINDS:
        resolved = _resolve_mapping(mapping, table.header, kind)
    else:
        _check_columns(kind, columns, table.header)
        resolved = {}
    context = _Context(kind, DATASETS[kind], columns, resolved)
    rows, duplicates, conflicts = _merge_duplicates(table.rows, context)
    records: list[dict] = []
    rejected = list(table.rejected)
    skipped: Counter = Counter()
    convert = _CONVERTERS[kind]
    step = max(1, len(rows) // 100)
    for done, row in enumerate(rows, start=1):
        try:
            record = convert(row, context)
            reason = _filter_reason(record, box, start, end)
            if reason:
                raise _Skipped(reason)
        except _Rejected as rejection:
            rejected.append((row.line, str(rejection)))
        except _Skipped as skip:
            skipped[str(skip)] += 1
        else:
            record["source_url"] = record.get("source_url") or context.info.url
            record["dataset"] = context.info.name
            record["source_record"] = json.dumps(row.original, ensure_ascii=False, default=str)
            record["line"] = row.line
            records.append(record)
        if progress is not None and (done % step == 0 or done == len(rows)):
            progress(done, len(rows))
    rejected.sort()
    report = ImportReport(
        kind=kind,
        dataset=context.info.name,
        rows_read=len(table.rows) + len(table.rejected),
        imported=len(records),
        rejected=tuple(rejected),
        duplicates_merged=duplicates,
        skipped=sum(skipped.values()),
        encoding=table.encoding,
        notes=tuple(table.notes + _notes(context, skipped, conflicts)),
    )
    return _records_frame(records), report


def format_report(report: ImportReport, examples: int = 3) -> str:
    """Describe an import report in a few plain-text lines (for the command line and logs)."""
    lines = [f"{report.dataset}: {report.rows_read} row(s) read, {report.imported} imported, "
             f"{len(report.rejected)} rejected, {report.duplicates_merged} duplicate(s) merged, "
             f"{report.skipped} skipped (encoding {report.encoding})"]
    groups = report.rejected_by_reason(examples)
    if groups:
        lines.append("rejected:")
        for group in groups:
            lines.append(f"  {group.reason}: {group.count} row(s)")
            lines += [f"    line {line}: {detail}" if detail else f"    line {line}"
                      for line, detail in group.examples]
    if report.notes:
        lines.append("notes:")
        lines += [f"  - {note}" for note in report.notes]
    return "\n".join(lines)


def _link_frame(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    if "id" not in frame or "date" not in frame:
        raise ValueError(f"{name} records need 'id' and 'date' columns, got {', '.join(map(str, frame.columns))}")
    if "lon" in frame and "lat" in frame:
        lon, lat = frame["lon"], frame["lat"]
    elif "geometry" in frame:
        lon, lat = frame.geometry.x, frame.geometry.y
    else:
        raise ValueError(f"{name} records need lon/lat columns or a geometry")
    days = pd.to_datetime(frame["date"].astype("string"), errors="coerce", format="mixed")
    table = pd.DataFrame({
        "id": frame["id"].astype("string").to_numpy(),
        "day": days.dt.normalize().to_numpy(),
        "lon": pd.to_numeric(lon, errors="coerce").to_numpy(dtype=float),
        "lat": pd.to_numeric(lat, errors="coerce").to_numpy(dtype=float),
        "dataset": (frame["dataset"].astype("string").to_numpy() if "dataset" in frame
                    else np.full(len(frame), f"<{name}>", dtype=object)),
    })
    return table.dropna(subset=["day", "lon", "lat"]).sort_values(["day", "id"], kind="stable")


def link_duplicates(curated: pd.DataFrame, imported: pd.DataFrame, days: float = 1, km: float = 50) -> pd.DataFrame:
    """Pair imported records with curated ones that are probably the same event.

    Parameters
    ----------
    curated : DataFrame
        Records with ``id``, ``date`` and ``lon``/``lat`` (or a geometry), e.g. the loaded incidents.
    imported : DataFrame
        Records from `import_file` (or any frame with the same columns).
    days : float
        Largest difference in days between the two dates.
    km : float
        Largest geodesic distance (WGS84) between the two points.

    Returns
    -------
    DataFrame
        One row per pair within both windows, columns LINK_COLUMNS, sorted by imported id then distance.
        Pairs from the same dataset (equal ``dataset`` values) are not linked.
    """
    if not (days >= 0 and km >= 0):
        raise ValueError(f"days and km must be >= 0, got days={days!r}, km={km!r}")
    left, right = _link_frame(imported, "imported"), _link_frame(curated, "curated")
    dtypes = dict(zip(LINK_COLUMNS, ("string", "string", "int64", "float64")))
    empty = pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in dtypes.items()})
    if left.empty or right.empty:
        return empty
    right_days = right["day"].to_numpy()
    window = np.timedelta64(int(math.floor(days)), "D")
    low = np.searchsorted(right_days, left["day"].to_numpy() - window, side="left")
    high = np.searchsorted(right_days, left["day"].to_numpy() + window, side="right")
    left_index = np.repeat(np.arange(len(left)), high - low)
    right_index = np.concatenate([np.arange(a, b) for a, b in zip(low, high)]) if len(left_index) else left_index
    if not len(left_index):
        return empty
    a, b = left.iloc[left_index], right.iloc[right_index]
    km_apart = distance_km(a["lon"].to_numpy(), a["lat"].to_numpy(), b["lon"].to_numpy(), b["lat"].to_numpy())
    links = pd.DataFrame({
        "imported_id": a["id"].to_numpy(),
        "curated_id": b["id"].to_numpy(),
        "days_apart": np.abs((a["day"].to_numpy() - b["day"].to_numpy()) // np.timedelta64(1, "D")),
        "km_apart": np.round(np.asarray(km_apart, dtype=float), 2),
    })
    keep = (links["km_apart"].to_numpy() <= km) & (a["dataset"].to_numpy() != b["dataset"].to_numpy())
    links = links[keep].sort_values(["imported_id", "km_apart", "curated_id"], kind="stable")
    return links.astype(dtypes).reset_index(drop=True)


def imported_to_geojson_bytes(records: pd.DataFrame) -> bytes:
    """Serialise imported records as GeoJSON (the incident layout, then the import's own columns)."""
    missing = [name for name in ("id", "lon", "lat") if name not in records]
    if missing:
        raise ValueError(f"imported records need column(s) {', '.join(missing)}")
    return incidents_geojson_bytes(records, extra_columns=True)


def _same_file(first: Path, second: Path) -> bool:
    if first.resolve() == second.resolve():
        return True
    try:
        return first.exists() and second.exists() and os.path.samefile(first, second)
    except OSError:
        return False


def write_imported(records: pd.DataFrame, path: str | Path) -> Path:
    """Write imported records to a GeoJSON file atomically, never over the curated record.

    Raises
    ------
    ValueError
        If `path` is the curated data/incidents.geojson (or a link to it).
    """
    target = Path(path)
    if _same_file(target, paths.INCIDENTS_FILE):
        raise ValueError(f"refusing to write imported records over the curated record {paths.INCIDENTS_FILE}; "
                         "choose another output file")
    return write_bytes_atomically(target, imported_to_geojson_bytes(records))
