"""Writing imported records as GeoJSON, never over the curated record."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pandas as pd

from dashboard.core import paths
from dashboard.core.atomic import write_bytes_atomically
from dashboard.core.writing import incidents_geojson_bytes

logger = logging.getLogger(__name__)


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
        raise ValueError(
            f"refusing to write imported records over the curated record {paths.INCIDENTS_FILE}; "
            "choose another output file"
        )
    written = write_bytes_atomically(target, imported_to_geojson_bytes(records))
    logger.info("wrote %d imported record(s) to %s", len(records), written)
    return written
