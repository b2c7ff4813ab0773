"""Small in-code incident records for tests (no shared files)."""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
import pandas as pd
from openpyxl import Workbook

from dashboard.core.incidents import typed_to_geodataframe
from dashboard.core.reading import features_to_frame
from dashboard.core.validation import typed_columns

BASE_PROPERTIES = {
    "id": "RS-2024-0001",
    "date": "2024-02-18",
    "time_utc": "21:30",
    "category": "attack",
    "outcome": "damaged",
    "weapons": ["anti_ship_ballistic_missile"],
    "actor": "houthi",
    "claim_status": "confirmed",
    "vessel_id": None,
    "vessel_name": "Test Carrier",
    "imo": "9178537",
    "flag": "Belize",
    "vessel_type": "bulk_carrier",
    "crew_killed": 0,
    "crew_injured": None,
    "crew_missing": None,
    "crew_held": None,
    "released_date": None,
    "position_text": "35 nm S of Mocha",
    "position_basis": "computed",
    "position_uncertainty_km": 6.5,
    "summary": "A test ship was struck by a missile.",
    "sources": [{"url": "https://example.org/report", "publisher": "Example", "published": "2024-02-19"}],
    "notes": "",
}
# Open water in the southern Red Sea and the Gulf of Aden.
SEA_POINTS = [(42.0, 14.5), (45.5, 12.3), (41.0, 16.5), (47.5, 13.0), (38.5, 20.5)]


def make_feature(lon: float = 42.0, lat: float = 14.5, **overrides) -> dict:
    """A valid incident feature, with any property overridden."""
    properties = copy.deepcopy(BASE_PROPERTIES)
    properties.update(overrides)
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": properties}


def make_collection(count: int = 5, **overrides) -> dict:
    """A FeatureCollection of `count` valid, distinct incidents."""
    categories = ["attack", "hijacking", "attack", "sinking", "suspicious_approach"]
    outcomes = ["damaged", "hijacked", "missed", "sunk", "unknown"]
    features = []
    for number in range(count):
        lon, lat = SEA_POINTS[number % len(SEA_POINTS)]
        features.append(
            make_feature(
                lon,
                lat,
                id=f"RS-2024-{number + 1:04d}",
                date=f"2024-{1 + number % 12:02d}-{1 + number % 27:02d}",
                category=categories[number % 5],
                outcome=outcomes[number % 5],
                vessel_name=f"Ship {number + 1}",
                **overrides,
            )
        )
    return {"type": "FeatureCollection", "features": features}


def write_collection(path: Path, collection: dict) -> Path:
    """Write a FeatureCollection to a file and return its path."""
    path.write_text(json.dumps(collection, indent=2), encoding="utf-8")
    return path


def make_incidents(
    features: list[dict], *, sea_area: str | None = None, sea_areas: Sequence[str] = ()
) -> gpd.GeoDataFrame:
    """Valid features as the typed GeoDataFrame the dashboard loads.

    With `sea_area`, every record lies in that sea area, a categorical over `sea_areas` (by default that one
    area), as `prepare` derives it.
    """
    frame, problems = features_to_frame(features, "test")
    assert not problems, problems
    typed, problems = typed_columns(frame, "test")
    assert not problems, problems
    incidents = typed_to_geodataframe(typed)
    if sea_area is not None:
        incidents["sea_area"] = pd.Categorical([sea_area] * len(incidents), categories=list(sea_areas) or [sea_area])
    return incidents


def wide_workbook(columns: int = 2_000, rows: int = 50) -> bytes:
    """A small .xlsx (tens of kB) whose rows are `columns` cells wide: it expands far beyond its bytes."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["date", "lat", "lon", *(f"extra_{number}" for number in range(columns - 3))])
    for number in range(rows):
        sheet.append(["2024-01-05", 13.1, 43.2, *([number] * (columns - 3))])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
