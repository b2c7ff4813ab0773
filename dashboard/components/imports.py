"""Imported records: kept only in the visitor's session, shown as a separate, toggleable layer."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard.core.filters import apply_filter
from dashboard.core.importing import ImportReport, nearest_matches

LAYER_KEY = "imported_layer"
SHOW_KEY = "import_show"


@dataclass(frozen=True)
class ImportedLayer:
    """One upload: its records (prepared like the curated record), report and links to curated records."""

    file_name: str
    format_code: str
    records: pd.DataFrame
    report: ImportReport
    links: pd.DataFrame


def imported_layer() -> ImportedLayer | None:
    """The visitor's imported layer, if any (session state is per visitor, never shared)."""
    return st.session_state.get(LAYER_KEY)


def store_imported_layer(layer: ImportedLayer | None) -> None:
    """Keep (or, with None, drop) the visitor's imported layer."""
    st.session_state[LAYER_KEY] = layer


def matched_records(layer: ImportedLayer) -> pd.DataFrame:
    """The layer's imported records that match a curated incident: one row each, with the nearest one."""
    return nearest_matches(layer.links)


def held_bytes(layer: ImportedLayer | None) -> int:
    """Memory the session's imported layer holds (its records and links), in bytes."""
    if layer is None:
        return 0
    return int(layer.records.memory_usage(deep=True).sum() + layer.links.memory_usage(deep=True).sum())


def visible_imported(view) -> pd.DataFrame | None:
    """Imported records to draw next to the curated ones: filtered alike, matches of curated ones left out."""
    layer = imported_layer()
    if layer is None or not st.session_state.get(SHOW_KEY, True) or layer.records.empty:
        return None
    records = layer.records[~layer.records["id"].isin(matched_records(layer)["imported_id"])]
    return apply_filter(records, view.incident_filter.without("ids"))
