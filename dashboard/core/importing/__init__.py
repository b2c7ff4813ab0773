"""Import incident records of other publishers (NGA ASAM, Crime at Sea, ACLED, any table) for comparison.

Modules: `reading` and `documents` (bytes -> rows, within `limits`), `values` (dates, times,
coordinates), `crosswalks` (their words -> our vocabularies), `converters` and `formats` (one
`ImportFormat` per format), `columns` (required columns, column mapping), `pipeline` (`import_file`),
`linking` (imported <-> curated matches), `output` (GeoJSON), `report` (errors and the row report).
"""

from dashboard.core.importing.columns import GENERIC_FIELDS, GENERIC_SYNONYMS, parse_field_mapping
from dashboard.core.importing.formats import (
    CRIME_AT_SEA_ATTRIBUTION,
    FORMAT_CODES,
    FORMATS,
    MAPPED_FORMAT_CODES,
    ImportFormat,
)
from dashboard.core.importing.limits import DEFAULT_MAX_ROWS, LIMIT_NAMES, ReadLimits
from dashboard.core.importing.linking import (
    LINK_COLUMNS,
    LINK_DAYS,
    LINK_KM,
    MATCH_COLUMNS,
    link_duplicates,
    nearest_matches,
)
from dashboard.core.importing.output import imported_to_geojson_bytes, write_imported
from dashboard.core.importing.pipeline import OUTPUT_COLUMNS, import_file
from dashboard.core.importing.reading import decode_text
from dashboard.core.importing.report import (
    ColumnMappingError,
    ImportFormatError,
    ImportLimitError,
    ImportReport,
    RejectionGroup,
    format_report,
)
from dashboard.core.importing.values import parse_date_text, parse_time_text

__all__ = [
    "CRIME_AT_SEA_ATTRIBUTION",
    "DEFAULT_MAX_ROWS",
    "FORMATS",
    "FORMAT_CODES",
    "GENERIC_FIELDS",
    "GENERIC_SYNONYMS",
    "LIMIT_NAMES",
    "LINK_COLUMNS",
    "LINK_DAYS",
    "LINK_KM",
    "MAPPED_FORMAT_CODES",
    "MATCH_COLUMNS",
    "OUTPUT_COLUMNS",
    "ColumnMappingError",
    "ImportFormat",
    "ImportFormatError",
    "ImportLimitError",
    "ImportReport",
    "ReadLimits",
    "RejectionGroup",
    "decode_text",
    "format_report",
    "import_file",
    "imported_to_geojson_bytes",
    "link_duplicates",
    "nearest_matches",
    "parse_date_text",
    "parse_field_mapping",
    "parse_time_text",
    "write_imported",
]
