"""One frozen record per importable format: who publishes it, how it is read, converted and de-duplicated."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType

from dashboard.core.importing.converters import convert_acled, convert_asam, convert_crime_at_sea, convert_generic
from dashboard.core.importing.documents import read_excel_table, read_geojson_table
from dashboard.core.importing.limits import ReadBudget
from dashboard.core.importing.reading import read_csv_table
from dashboard.core.importing.rows import Context, RawRow, Table

CRIME_AT_SEA_ATTRIBUTION = (
    'Crime at Sea data: Benden et al. (2021), the "Crime at Sea" database of maritime pirate attacks '
    "1993-2020, Journal of Open Humanities Data 7: 19, https://doi.org/10.5334/johd.39 "
    "(data: https://zenodo.org/record/4583802). Licensed under CC BY 4.0 "
    "(https://creativecommons.org/licenses/by/4.0/)."
)


def _whole_row(row: RawRow, context: Context) -> object:
    """Identical rows (cells and geometry) are one record."""
    return (tuple(row.values.items()), json.dumps(row.geometry, sort_keys=True))


def _asam_reference(row: RawRow, context: Context) -> object:
    reference = context.value(row, "reference")
    return reference.upper() if reference else None


def _acled_event_id(row: RawRow, context: Context) -> object:
    return context.value(row, "eventidcnty")


def _mapped_id_or_whole_row(row: RawRow, context: Context) -> object:
    return context.mapped(row, "id") if "id" in context.mapping else _whole_row(row, context)


@dataclass(frozen=True)
class ImportFormat:
    """Everything that differs between two importable formats.

    Attributes
    ----------
    code : str
        The format's code (``asam``, ``crimeatsea``, ...), as the page and the command line name it.
    name : str
        The dataset's name, written into every record's ``dataset``.
    url : str or None
        Where the publisher offers it (the records' ``source_url`` when they give none).
    id_prefix : str
        Start of every record id (``ASAM-...``).
    claim_status : str
        The claim status of its records unless a row says otherwise.
    category_fallback : str
        The category of a row that matches no category keyword.
    read : callable
        ``read(data, budget) -> Table``.
    convert : callable
        ``convert(row, context) -> record``; raises RowRejected or RowSkipped.
    duplicate_key : callable
        ``duplicate_key(row, context)``: rows with the same key (not None) are merged.
    required_columns : tuple of str
        Normalised column names the file must have ("a|b": either, "a+b": both).
    mapped : bool
        A generic table read through a column mapping (`GENERIC_FIELDS`).
    geometry_positions : bool
        Positions come from each feature's geometry, not from columns.
    missing_tokens : tuple of str
        Cell texts that mean "no value".
    attribution : str or None
        Text to show wherever its records are shown (a licence condition).
    """

    code: str
    name: str
    url: str | None
    id_prefix: str
    claim_status: str
    category_fallback: str
    read: Callable[[bytes, ReadBudget], Table]
    convert: Callable[[RawRow, Context], dict]
    duplicate_key: Callable[[RawRow, Context], object]
    required_columns: tuple[str, ...] = ()
    mapped: bool = False
    geometry_positions: bool = False
    missing_tokens: tuple[str, ...] = ("",)
    attribution: str | None = None


_ALL = (
    ImportFormat(
        "asam",
        "NGA ASAM",
        "https://msi.nga.mil/Piracy",
        "ASAM",
        "confirmed",
        "suspicious_approach",
        read_csv_table,
        convert_asam,
        _asam_reference,
        required_columns=(
            "reference",
            "date|dateofocc",
            "position|latitude+longitude",
            "hostility",
            "victim",
            "description",
        ),
    ),
    ImportFormat(
        "crimeatsea",
        "Crime at Sea (Benden et al. 2021)",
        "https://zenodo.org/record/4583802",
        "CAS",
        "claimed",
        "suspicious_approach",
        read_csv_table,
        convert_crime_at_sea,
        _whole_row,
        required_columns=("date", "longitude", "latitude", "attacktype", "attackdescription"),
        missing_tokens=("", "NA", "N/A"),
        attribution=CRIME_AT_SEA_ATTRIBUTION,
    ),
    ImportFormat(
        "acled",
        "ACLED",
        "https://acleddata.com/data-export-tool/",
        "ACLED",
        "claimed",
        "attack",
        read_csv_table,
        convert_acled,
        _acled_event_id,
        required_columns=("eventidcnty", "eventdate", "latitude", "longitude", "location", "notes", "actor1"),
    ),
    ImportFormat(
        "csv",
        "CSV import",
        None,
        "CSV",
        "claimed",
        "suspicious_approach",
        read_csv_table,
        convert_generic,
        _mapped_id_or_whole_row,
        mapped=True,
    ),
    ImportFormat(
        "excel",
        "Excel import",
        None,
        "XLSX",
        "claimed",
        "suspicious_approach",
        read_excel_table,
        convert_generic,
        _mapped_id_or_whole_row,
        mapped=True,
    ),
    ImportFormat(
        "geojson",
        "GeoJSON import",
        None,
        "GEOJSON",
        "claimed",
        "suspicious_approach",
        read_geojson_table,
        convert_generic,
        _mapped_id_or_whole_row,
        mapped=True,
        geometry_positions=True,
    ),
)
FORMATS = MappingProxyType({fmt.code: fmt for fmt in _ALL})
FORMAT_CODES = tuple(FORMATS)
MAPPED_FORMAT_CODES = tuple(code for code, fmt in FORMATS.items() if fmt.mapped)
