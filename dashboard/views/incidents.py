"""Incidents: a sortable table of the filtered record, the detail card and the exports."""

from functools import partial

import streamlit as st

from dashboard.components.context import current_dataset, current_view, stop_if_empty
from dashboard.components.data import load_map_geojson
from dashboard.components.detail import render_incident_detail
from dashboard.components.selection import clear_map_selection
from dashboard.components.shared_results import shared_table_rows
from dashboard.components.sidebar import MAP_SELECTION_KEY, SELECTED_KEY, current_date_preset
from dashboard.components.tables import row_picker
from dashboard.core.export import EXPORT_FORMATS, MIME_TYPES, export_incidents
from dashboard.core.filters import FilteredView
from dashboard.core.incidents_table import NOT_REPORTED_MARK, download_file_name

TABLE_KEY = "incident_table"
# Up to a screenful.
MAX_TABLE_HEIGHT_PX = 560


@st.fragment
def _table_and_detail(view: FilteredView, box_ids: tuple[str, ...]) -> None:
    # A fragment: selecting a row reruns only the table and the card, not the sidebar and the page.
    # The rows are shared by every session with the same filter; the fragment keeps only the view (no copy).
    version = current_dataset().version
    rows = shared_table_rows(view, version, box_ids)
    filtered = view.filtered
    st.caption(f"{len(rows):,} incident(s). Click a column header to sort; select a row for its details.")
    chosen = row_picker(
        rows,
        key=TABLE_KEY,
        max_height_px=MAX_TABLE_HEIGHT_PX,
        column_order=list(rows.columns),
        # Pixel widths: the key columns (date to crew killed) fit a 1440 px screen beside the sidebar.
        column_config={
            "date": st.column_config.DateColumn("Date", format="YYYY-MM-DD", width=92),
            "vessel_name": st.column_config.TextColumn("Vessel", width=150),
            "category": st.column_config.TextColumn("Category", width=140),
            "outcome": st.column_config.TextColumn("Outcome", width=100),
            "weapons": st.column_config.TextColumn("Weapons", width=205),
            "sea_area": st.column_config.TextColumn("Sea area", width=135),
            "crew_killed": st.column_config.TextColumn(
                "Killed", width=58, help=f"Crew killed ({NOT_REPORTED_MARK} = not reported)"
            ),
            "flag": st.column_config.TextColumn("Flag", width="small"),
            "vessel_type": st.column_config.TextColumn("Vessel type", width="small"),
            "claim_status": st.column_config.TextColumn("Claim status", width="small"),
            "imo": st.column_config.TextColumn("IMO", width="small"),
            "source": st.column_config.LinkColumn("First source", display_text="open", width="small"),
            "ship": st.column_config.LinkColumn("Ship page", display_text="ship", width="small"),
            "id": st.column_config.TextColumn("Incident id", width="small"),
        },
    )
    if chosen is not None:
        selected_id = str(rows.iloc[chosen]["id"])
        if st.session_state.get(SELECTED_KEY) != selected_id:
            st.session_state[SELECTED_KEY] = selected_id
            st.query_params["incident"] = selected_id
    shown_id = st.session_state.get(SELECTED_KEY)
    selected = filtered[filtered["id"] == shown_id] if shown_id else filtered.iloc[0:0]
    if len(selected):
        render_incident_detail(selected.iloc[0], load_map_geojson(), key="incidents_locator", version=version)
    else:
        st.caption("Select a row (or click a point on the Overview map) to see the incident's details and sources.")


view = current_view()
st.title("Incidents")
if not stop_if_empty(view):
    shown = view.filtered
    box_ids = st.session_state.get(MAP_SELECTION_KEY) or ()
    if box_ids:
        shown = shown[shown["id"].isin(box_ids)]
        st.info(f"Showing the {len(shown)} incident(s) selected on the map.")
        st.button("Show all filtered incidents", key="incidents_clear_box", on_click=clear_map_selection)
    _table_and_detail(view, tuple(box_ids))

    st.subheader("Download the filtered incidents", anchor=False)
    preset = current_date_preset()
    for column, file_format in zip(st.columns(len(EXPORT_FORMATS)), EXPORT_FORMATS, strict=True):
        # data=callable: the file is built only when the button is clicked, not on every rerun.
        column.download_button(
            f"{file_format.upper()}",
            data=partial(export_incidents, shown, file_format),
            file_name=download_file_name(view.incident_filter, file_format, date_preset=preset),
            mime=MIME_TYPES[file_format],
            key=f"download_{file_format}",
            width="stretch",
            on_click="ignore",
        )
