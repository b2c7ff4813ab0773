"""Overview: headline figures, the incident map and the timeline."""

from functools import partial

import pandas as pd
import streamlit as st

from dashboard.components.context import current_dataset, current_view, stop_if_empty
from dashboard.components.data import load_map_geojson
from dashboard.components.detail import render_incident_detail
from dashboard.components.imports import visible_imported
from dashboard.components.selection import clear_map_selection, on_map_select, on_timeline_select
from dashboard.components.sidebar import MAP_SELECTION_KEY
from dashboard.core.analysis import counts_by_period, headline_figures
from dashboard.core.figures import (
    AGGREGATE_ABOVE,
    basemap_layers,
    event_legend_rows,
    incident_map_figure,
    map_columns,
    timeline_figure,
)
from dashboard.core.text import markdown_table, table_text

view = current_view()
st.title("Red Sea incidents")
st.caption("Attacks, hijackings and sinkings of merchant ships in the Red Sea, Bab el-Mandeb and Gulf of Aden "
           "since November 2023, with piracy in the same waters.")
if not stop_if_empty(view):
    figures = headline_figures(view.incidents, view.incident_filter, view.index)
    comparable = view.incident_filter.start is not None and view.incident_filter.end is not None
    for column, headline in zip(st.columns(len(figures)), figures):
        column.metric(headline.label, f"{headline.value:,}",
                      delta=None if headline.change is None else f"{headline.change:+,}",
                      delta_color="inverse" if headline.label != "Incidents" else "off")
    st.caption("Changes compare with the previous period of equal length." if comparable
               else "Pick a date range to compare with the previous period of equal length.")

    geojson = load_map_geojson()
    with st.container(horizontal=True):
        show_areas = st.toggle("Sea areas", key="map_areas")
        show_lanes = st.toggle("Shipping lanes", key="map_lanes")
        show_uncertainty = st.toggle("Position uncertainty", key="map_uncertainty")
        density = st.toggle("Density view", key="map_density",
                            help=f"Always used above {AGGREGATE_ABOVE:,} points, where single points would not load fast.")
        online = st.toggle("Online map tiles (needs internet)", key="map_online")
    layers = basemap_layers(geojson["land"], geojson["borders"], areas=geojson["areas"] if show_areas else None,
                            lanes=geojson["lanes"] if show_lanes else None)
    imported = visible_imported(view)
    figure = incident_map_figure(view.subset(map_columns(view.count)), layers, selected_id=view.selected_id,
                                 show_uncertainty=show_uncertainty, online_tiles=online, imported=imported,
                                 density=True if density else None)
    st.plotly_chart(figure, key="overview_map", on_select=partial(on_map_select, "overview_map"),
                    selection_mode=("points", "box", "lasso"), config={"scrollZoom": True, "displaylogo": False})
    st.caption("Colour: category · size: gravity of the outcome · faint: claimed or disputed only · "
               "circles: uncertainty of computed and area-level positions. Click a point for its details; "
               "use box or lasso select to list several.")

    box_ids = st.session_state.get(MAP_SELECTION_KEY) or ()
    if box_ids:
        chosen = view.filtered[view.filtered["id"].isin(box_ids)]
        st.subheader(f"{len(chosen)} incident(s) selected on the map", anchor=False)
        st.dataframe(table_text(chosen[["id", "date", "vessel_name", "category", "outcome", "claim_status", "sea_area"]]),
                     hide_index=True, key="overview_box_table")
        st.button("Clear map selection", key="clear_box", on_click=clear_map_selection)
    selected = view.selected_incident()
    if selected is not None:
        render_incident_detail(selected, geojson, key="overview_locator")

    st.subheader("Timeline", anchor=False)
    left, middle = st.columns(2)
    period = left.segmented_control("Bars per", ["day", "week", "month"], key="timeline_period")
    stack_by = middle.segmented_control("Stack by", ["category", "weapons", "outcome"],
                                        key="timeline_stack", format_func=lambda v: v.capitalize())
    period, stack_by = period or "week", stack_by or "category"
    counts = counts_by_period(view.subset(["date", stack_by]), period, stack_by)
    first = pd.Timestamp(int(view.index.days.min()), unit="D").date()
    last = pd.Timestamp(int(view.index.days.max()), unit="D").date()
    imported_counts = None if imported is None else counts_by_period(imported, period, "dataset").sum(axis=1)
    st.plotly_chart(timeline_figure(counts, current_dataset().events, stack_by=stack_by, period=period,
                                    imported=imported_counts),
                    key="overview_timeline",
                    on_select=partial(on_timeline_select, "overview_timeline", period, first, last),
                    selection_mode=("points",),
                    config={"displaylogo": False})
    st.caption("Green numbered triangles mark context events (hover, or see the list below). "
               "Click a bar to narrow the dates to it.")
    with st.expander("Context events on the timeline"):
        # A Markdown table: a data grid here would load the grid's code on every page open, for 23 rows.
        st.markdown(markdown_table(event_legend_rows(current_dataset().events, counts).to_dict("records"),
                                   {"number": "No.", "date": "Date", "event": "Event", "kind": "Kind",
                                    "source": "Source"}, links={"source": "open"}))
