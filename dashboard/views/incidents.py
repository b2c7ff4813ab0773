"""Incidents: a sortable table of the filtered record, the detail card and the exports."""

from functools import partial

import pandas as pd
import streamlit as st

from dashboard.components.context import current_view, stop_if_empty
from dashboard.components.data import load_map_geojson
from dashboard.components.detail import render_incident_detail
from dashboard.components.selection import clear_map_selection
from dashboard.components.sidebar import MAP_SELECTION_KEY, SELECTED_KEY
from dashboard.core.export import EXPORT_FORMATS, MIME_TYPES, export_file_name, export_incidents
from dashboard.core.incidents_table import incident_table_rows

TABLE_KEY = "incident_table"


def _on_row_select(rows: pd.DataFrame) -> None:
    chosen = st.session_state.get(TABLE_KEY, {}).get("selection", {}).get("rows", [])
    if chosen and 0 <= chosen[0] < len(rows):
        st.session_state[SELECTED_KEY] = str(rows.iloc[chosen[0]]["id"])


view = current_view()
st.title("Incidents")
if not stop_if_empty(view):
    shown = view.filtered
    box_ids = st.session_state.get(MAP_SELECTION_KEY) or ()
    if box_ids:
        shown = shown[shown["id"].isin(box_ids)]
        st.info(f"Showing the {len(shown)} incident(s) selected on the map.")
        st.button("Show all filtered incidents", key="incidents_clear_box", on_click=clear_map_selection)
    rows = incident_table_rows(shown)
    st.caption(f"{len(rows)} incident(s). Click a column header to sort; select a row for its details.")
    st.dataframe(
        rows, key=TABLE_KEY, hide_index=True, on_select=partial(_on_row_select, rows),
        selection_mode="single-row", height=420,
        column_config={
            "id": st.column_config.TextColumn("Id"),
            "vessel_name": st.column_config.TextColumn("Vessel"),
            "category": st.column_config.TextColumn("Category"),
            "outcome": st.column_config.TextColumn("Outcome"),
            "weapons": st.column_config.TextColumn("Weapons"),
            "claim_status": st.column_config.TextColumn("Claim status"),
            "vessel_type": st.column_config.TextColumn("Vessel type"),
            "flag": st.column_config.TextColumn("Flag"),
            "sea_area": st.column_config.TextColumn("Sea area"),
            "date": st.column_config.DateColumn("Date", format="YYYY-MM-DD"),
            "source": st.column_config.LinkColumn("First source", display_text="open"),
            "crew_killed": st.column_config.NumberColumn("Killed", format="%d"),
            "uncertainty_km": st.column_config.NumberColumn("± km", format="%.0f"),
        },
    )
    selected = view.filtered[view.filtered["id"] == view.selected_id] if view.selected_id else shown.iloc[0:0]
    if len(selected):
        render_incident_detail(selected.iloc[0], load_map_geojson(), key="incidents_locator")
    else:
        st.caption("Select a row (or click a point on the Overview map) to see the incident's details and sources.")

    st.subheader("Download the filtered incidents", anchor=False)
    for column, file_format in zip(st.columns(len(EXPORT_FORMATS)), EXPORT_FORMATS):
        # data=callable: the file is built only when the button is clicked, not on every rerun.
        column.download_button(
            f"{file_format.upper()}", data=lambda fmt=file_format: export_incidents(shown, fmt),
            file_name=export_file_name(shown, file_format), mime=MIME_TYPES[file_format],
            key=f"download_{file_format}", width="stretch", on_click="ignore")
