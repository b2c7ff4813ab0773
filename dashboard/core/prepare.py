"""Load the record and derive what the dashboard needs: sea area, distances, nearest port."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd

from dashboard.core import areas as sea_areas
from dashboard.core import paths
from dashboard.core.incidents import load_incidents, load_valid_incidents
from dashboard.core.problems import Problem

DERIVED_COLUMNS = ("sea_area", "houthi_coast_km", "nearest_port", "nearest_port_km")
EVENT_KINDS = ("military_operation", "strike", "ceasefire", "diplomacy", "campaign", "release")


@dataclass(frozen=True)
class Reference:
    """The bundled geography the derived columns are computed from."""

    areas: gpd.GeoDataFrame
    coast: gpd.GeoDataFrame
    ports: pd.DataFrame


def load_reference() -> Reference:
    """Read the bundled sea areas, Houthi-held coast and ports."""
    places = sea_areas.load_places()
    return Reference(sea_areas.load_areas(), sea_areas.load_houthi_coast(), places[places["kind"] == "port"])


def derive_columns(incidents: gpd.GeoDataFrame, reference: Reference) -> gpd.GeoDataFrame:
    """Add the sea area (spatial join), distance to the Houthi-held coast and nearest port.

    Parameters
    ----------
    incidents : GeoDataFrame
        Validated incidents in EPSG:4326.
    reference : Reference
        Bundled geography.

    Returns
    -------
    GeoDataFrame
        A copy with the DERIVED_COLUMNS added.
    """
    enriched = incidents.copy(deep=False)  # copy-on-write: the new columns never touch the input
    if enriched.empty:
        for column in DERIVED_COLUMNS:
            enriched[column] = pd.Series(dtype="string" if column in ("sea_area", "nearest_port") else float)
        enriched["sea_area"] = pd.Categorical([], categories=list(reference.areas["name"]))
        return enriched
    areas = sea_areas.assign_sea_area(enriched.geometry, reference.areas)
    enriched["sea_area"] = pd.Categorical(areas, categories=list(reference.areas["name"]))
    enriched["houthi_coast_km"] = sea_areas.distance_to_line_km(enriched.geometry, reference.coast)
    port_names, port_km = sea_areas.nearest_place(enriched.geometry, reference.ports)
    enriched["nearest_port"] = pd.array(port_names, dtype="string")
    enriched["nearest_port_km"] = port_km
    return enriched


def load_prepared_incidents(path: str | Path | None = None, *, today: date | None = None) -> gpd.GeoDataFrame:
    """Load, validate and enrich the record; raises IncidentDataError listing every problem."""
    return derive_columns(load_incidents(path, today=today), load_reference())


def load_prepared_valid_incidents(
    path: str | Path | None = None, *, today: date | None = None
) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Load the valid records enriched, with the problems of the invalid ones."""
    incidents, problems = load_valid_incidents(path, today=today)
    return derive_columns(incidents, load_reference()), problems


def load_events(path: str | Path = paths.EVENTS_FILE) -> pd.DataFrame:
    """Read the context events (date, label, kind, source) for timelines."""
    events = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    events["date"] = pd.to_datetime(events["date"], format="%Y-%m-%d")
    return events.sort_values("date").reset_index(drop=True)
