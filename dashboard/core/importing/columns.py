"""Finding a format's columns in a header, and the column mapping of generic tables."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from dashboard.core.importing.formats import ImportFormat
from dashboard.core.importing.report import ColumnMappingError, ImportFormatError

# Fields a generic table may map; `position` is one column of DMS or decimal text holding both coordinates.
GENERIC_FIELDS = (
    "id",
    "date",
    "time_utc",
    "category",
    "outcome",
    "weapons",
    "actor",
    "claim_status",
    "vessel_name",
    "vessel_type",
    "flag",
    "summary",
    "lat",
    "lon",
    "position",
    "position_text",
    "source_url",
)
# Column names recognised without a mapping (after lower-casing and dropping non-alphanumerics).
GENERIC_SYNONYMS = MappingProxyType(
    {
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
    }
)
_SHOWN_COLUMNS = 30


def normalised_name(name: str) -> str:
    """A column name lower-cased without punctuation or spaces (``Event ID (cnty)`` -> ``eventidcnty``)."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def columns_by_name(header: list[str]) -> dict[str, str]:
    """Normalised name -> the header's own spelling (the first of equal names)."""
    columns: dict[str, str] = {}
    for name in header:
        columns.setdefault(normalised_name(name), name)
    return columns


def _found(header: list[str]) -> str:
    shown = ", ".join(header[:_SHOWN_COLUMNS]) + (" ..." if len(header) > _SHOWN_COLUMNS else "")
    return shown or "none"


def _describe_requirement(requirement: str) -> str:
    options = [option.replace("+", " and ") for option in requirement.split("|")]
    return options[0] + (f" (or {' or '.join(options[1:])})" if len(options) > 1 else "")


def check_required_columns(fmt: ImportFormat, columns: dict[str, str], header: list[str]) -> None:
    """Refuse a file that lacks any of the format's required columns, naming them all."""
    missing = [
        _describe_requirement(requirement)
        for requirement in fmt.required_columns
        if not any(all(part in columns for part in option.split("+")) for option in requirement.split("|"))
    ]
    if missing:
        raise ImportFormatError(
            f"not a {fmt.name} file: missing column(s) {', '.join(missing)}; columns found: {_found(header)}"
        )


def parse_field_mapping(entries: Iterable[str] | None) -> dict[str, str] | None:
    """Read ``["date=Date of event", "lat=Y"]`` as {field: column}; None when no entry is given.

    Blank entries are ignored; spaces around names are dropped.

    Raises
    ------
    ColumnMappingError
        For an entry that is not ``field=column`` or names a field not in `GENERIC_FIELDS`
        (the error's ``entry`` is the entry at fault).
    """
    mapping = {}
    for entry in entries or ():
        if not entry.strip():
            continue
        name, separator, column = entry.partition("=")
        if not separator or not name.strip() or not column.strip():
            raise ColumnMappingError(f"expected field=column, got {entry.strip()!r}", "not a pair", entry.strip())
        if name.strip() not in GENERIC_FIELDS:
            raise ColumnMappingError(
                f"unknown field {name.strip()!r}; fields: {', '.join(GENERIC_FIELDS)}", "unknown field", entry.strip()
            )
        mapping[name.strip()] = column.strip()
    return mapping or None


def _guess_mapping(columns: dict[str, str], fmt: ImportFormat) -> dict[str, str]:
    resolved = {}
    for name, synonyms in GENERIC_SYNONYMS.items():
        if fmt.geometry_positions and name in ("lat", "lon", "position"):
            continue  # a GeoJSON feature's own geometry is its position
        found = next((columns[synonym] for synonym in synonyms if synonym in columns), None)
        if found is not None:
            resolved[name] = found
    if ("lat" in resolved) != ("lon" in resolved):
        resolved.pop("lat", None)
        resolved.pop("lon", None)
    return resolved


def _check_mapping_fields(mapping: Mapping[str, str]) -> None:
    """Refuse a mapping that names fields we do not have, or only one of lat and lon."""
    unknown = sorted(set(mapping) - set(GENERIC_FIELDS))
    if unknown:
        raise ColumnMappingError(
            f"unknown field(s) in the column mapping: {', '.join(unknown)}; allowed: {', '.join(GENERIC_FIELDS)}",
            "unknown field",
            unknown[0],
        )
    if ("lat" in mapping) != ("lon" in mapping):
        raise ColumnMappingError("the column mapping must name both lat and lon, or neither", "lat without lon")


def _mapped_columns(mapping: Mapping[str, str], header: list[str], columns: dict[str, str]) -> dict[str, str]:
    """{field: header name} of the caller's mapping: exact names first, then names written differently."""
    _check_mapping_fields(mapping)
    resolved, missing = {}, []
    for name, column in mapping.items():
        if column in header:
            resolved[name] = column
        elif normalised_name(str(column)) in columns:
            resolved[name] = columns[normalised_name(str(column))]
        else:
            missing.append(f"{column!r} (for {name})")
    if missing:
        raise ImportFormatError(f"the file has no column(s) {', '.join(missing)}; columns found: {_found(header)}")
    return resolved


def _check_needed_columns(resolved: dict[str, str], header: list[str], fmt: ImportFormat) -> None:
    """Refuse a file whose columns give no date, or no position (unless its features carry a geometry)."""
    needed = []
    if "date" not in resolved:
        needed.append("date")
    if not ({"lat", "lon"} <= set(resolved) or "position" in resolved or fmt.geometry_positions):
        needed.append("lat and lon (or position)")
    if needed:
        raise ImportFormatError(
            f"missing column(s) {', '.join(needed)}: name them in the column mapping "
            f"(field=column); columns found: {_found(header)}"
        )


def resolve_mapping(mapping: Mapping[str, str] | None, header: list[str], fmt: ImportFormat) -> dict[str, str]:
    """Turn the caller's {our field: their column} (or, without one, matching names) into {field: header name}.

    Raises
    ------
    ColumnMappingError
        For unknown fields, or lat without lon.
    ImportFormatError
        When a mapped column is not in the file, or the date or position has no column.
    """
    columns = columns_by_name(header)
    resolved = _guess_mapping(columns, fmt) if mapping is None else _mapped_columns(mapping, header, columns)
    _check_needed_columns(resolved, header, fmt)
    return resolved
