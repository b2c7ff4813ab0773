"""Overview: headline counts, the incident map with the selected incident beside it, and the timeline."""

from typing import Literal

import pandas as pd
import streamlit as st

from dashboard.components.context import current_dataset, current_view, stop_if_empty
from dashboard.components.data import load_map_geojson, load_map_labels
from dashboard.components.detail import render_incident_detail
from dashboard.components.imports import visible_imported
from dashboard.components.selection import (
    apply_map_selection,
    apply_timeline_selection,
    choose_incident,
    clear_map_selection,
    clear_selected_incident,
)
from dashboard.components.shared_results import MapSettings, overview_map_figure, overview_timeline, shared_headlines
from dashboard.components.sidebar import MAP_SELECTION_KEY
from dashboard.components.theme import active_theme
from dashboard.components.url_sync import keep_page_settings_in_url
from dashboard.core.counts import INCIDENTS
from dashboard.core.filters import FilteredView
from dashboard.core.incident_map import AGGREGATE_ABOVE
from dashboard.core.style import label_for
from dashboard.core.text import markdown_table, markdown_text

MAP_RESETS_KEY = "_map_resets"
# Set when a click on the map chose something: the next run says where its details are (on a phone, below the fold).
ANNOUNCE_KEY = "_announce_map_selection"
STACK_LABELS = {"category": "Category", "weapons": "Weapon (counts uses)", "outcome": "Outcome"}


def _render_headlines(view: FilteredView) -> None:
    headlines, comparison = shared_headlines(view, current_dataset().version)
    colour: Literal["off", "inverse"]
    arrow: Literal["off", "auto"]
    for column, headline in zip(st.columns(len(headlines)), headlines, strict=True):
        if headline.change is None:
            delta, colour, arrow = None, "off", "off"
        elif headline.change == 0:
            delta, colour, arrow = "no change", "off", "off"
        else:
            # More incidents is neither good nor bad; more ships hit or crew killed is bad (red).
            delta, arrow = f"{headline.change:+,}", "auto"
            colour = "off" if headline.label == INCIDENTS.label else "inverse"
        column.metric(
            headline.label,
            f"{headline.value:,}",
            delta=delta,
            delta_color=colour,
            delta_arrow=arrow,
            help=headline.definition,
        )
    st.caption(comparison.note)


def _reset_map_view() -> None:
    st.session_state[MAP_RESETS_KEY] = st.session_state.get(MAP_RESETS_KEY, 0) + 1


@st.fragment
def _render_map(view: FilteredView, geojson: dict, imported: pd.DataFrame | None) -> None:
    """The map reruns on its own when its options change; a click on it reruns the page (the detail beside it)."""
    # The options sit in a popover so that the map starts right under the headline counts.
    with st.container(horizontal=True, vertical_alignment="center"):
        with st.popover("Map layers and options", icon=":material/layers:"):
            show_areas = st.toggle("Sea areas", key="map_areas")
            show_lanes = st.toggle("Shipping lanes", key="map_lanes")
            show_uncertainty = st.toggle(
                "Position uncertainty",
                key="map_uncertainty",
                help="A light fill shows how far off a computed or area-level position "
                "may be; the selected incident's circle is outlined.",
            )
            density = st.toggle(
                "Density view",
                key="map_density",
                help=f"Always used above {AGGREGATE_ABOVE:,} points, where single points would not load fast.",
            )
            online = st.toggle("Online map tiles (needs internet)", key="map_online")
        st.button(
            "Fit map to incidents",
            key="map_reset",
            on_click=_reset_map_view,
            icon=":material/fit_screen:",
            help="Zoom back to the filtered incidents after panning or zooming.",
        )
    settings = MapSettings(show_areas, show_lanes, show_uncertainty, density, online)
    # Shared by every reader with the same filter, options, theme and selection; fitted again whenever the
    # filter changes or the reader asks for it (the resets count).
    figure = overview_map_figure(
        view,
        current_dataset().version,
        geojson,
        load_map_labels(),
        settings,
        active_theme(),
        resets=st.session_state.get(MAP_RESETS_KEY, 0),
        imported=imported,
    )
    event = st.plotly_chart(
        figure,
        key="overview_map",
        on_select="rerun",
        selection_mode=("points", "box", "lasso"),
        config={"scrollZoom": True, "displaylogo": False},
    )
    if apply_map_selection("overview_map", event):
        st.session_state[ANNOUNCE_KEY] = True
        st.rerun(scope="app")
    keep_page_settings_in_url()
    st.caption(
        "Colour: category · size: gravity of the outcome · faint: claimed or disputed only · grey numbered "
        "marker: several records at one position (click to list them) · shaded circles: uncertainty of "
        "computed and area-level positions (hover a point for how its position was obtained). Click a point "
        "for its details; use box or lasso select (toolbar) to list several."
    )


def _render_selection(view: FilteredView, geojson: dict) -> None:
    """Beside the map: the selected incident, the incidents picked on the map, or how to pick one."""
    box_ids = st.session_state.get(MAP_SELECTION_KEY) or ()
    if box_ids:
        chosen = view.filtered[view.filtered["id"].isin(box_ids)].sort_values("date")
        st.subheader(f"{len(chosen)} incident(s) selected on the map", anchor=False)
        for row in chosen.head(50).itertuples():
            # Button labels are Markdown: record text goes through markdown_text.
            name = markdown_text(
                row.vessel_name if isinstance(row.vessel_name, str) else "Unnamed vessel", 60, one_line=True
            )
            st.button(
                f"{row.date:%Y-%m-%d} · {name} · {label_for('category', row.category)}",
                key=f"pick_{row.id}",
                on_click=choose_incident,
                args=(str(row.id),),
                width="stretch",
                type="primary" if row.id == view.selected_id else "secondary",
            )
        if len(chosen) > 50:
            st.caption(f"... and {len(chosen) - 50} more: see the Incidents page, which shows the same selection.")
        st.button("Clear map selection", key="clear_box", on_click=clear_map_selection)
    selected = view.selected_incident()
    if st.session_state.pop(ANNOUNCE_KEY, False):
        _announce_selection(selected, len(box_ids))
    if selected is not None:
        render_incident_detail(
            selected, geojson, key="overview_locator", compact=True, version=current_dataset().version
        )
        st.button("Close details", key="close_detail", on_click=clear_selected_incident)
    elif not box_ids:
        st.info(
            "Click a point on the map to see the incident here, with its sources and a locator map. "
            "A grey numbered marker holds several records at one position: click it to list them.",
            icon=":material/touch_app:",
        )


def _announce_selection(selected: pd.Series | None, listed: int) -> None:
    """A short notice after a map click: what was chosen and where its details are shown."""
    where = "beside the map (on a phone: below it)"
    if listed:
        st.toast(f"{listed} incidents listed {where}.", icon=":material/touch_app:")
    elif selected is not None:
        name = markdown_text(
            selected["vessel_name"] if isinstance(selected["vessel_name"], str) else "Unnamed vessel", 60, one_line=True
        )
        st.toast(f"{name}, {selected['date']:%Y-%m-%d}: details {where}.", icon=":material/touch_app:")


@st.fragment
def _render_timeline(view: FilteredView, imported: pd.DataFrame | None) -> None:
    """The timeline reruns on its own when its controls change; a bar click narrows the dates for the whole page."""
    st.subheader("Timeline", anchor=False)
    left, middle = st.columns(2)
    # No default= here: these settings live in the URL and reach the widgets through session state.
    requested = left.segmented_control("Bars per", ["day", "week", "month"], key="timeline_period") or "week"
    stack_by = (
        middle.segmented_control(
            "Stack by", list(STACK_LABELS), key="timeline_stack", format_func=STACK_LABELS.__getitem__
        )
        or "category"
    )
    # A change of these controls reruns only this fragment: bring the address bar in step now.
    keep_page_settings_in_url()
    first, last = view.index.first_day, view.index.last_day
    if first is None or last is None:  # an empty record has no timeline (the page stopped before)
        return
    dataset = current_dataset()
    timeline = overview_timeline(view, dataset.version, dataset.events, requested, stack_by, active_theme(), imported)
    period = timeline.period
    event = st.plotly_chart(
        timeline.figure,
        key="overview_timeline",
        on_select="rerun",
        selection_mode=("points",),
        config={"displaylogo": False},
    )
    if apply_timeline_selection("overview_timeline", event, period, first, last):
        st.rerun(scope="app")
    notes = []
    if period != requested:
        notes.append(f"Bars per {period}: the selected dates hold fewer than three {requested}s.")
    if stack_by == "weapons":
        uses, incidents = timeline.weapon_uses, timeline.incidents
        notes.append(
            f"Stacked by weapon, bars count weapon uses: {uses:,} uses in {incidents:,} incidents (an "
            "incident with two weapons counts under both). The cumulative line counts incidents."
        )
    notes.append(
        "Green triangles on the top row mark context events (hover, or see the numbered list below). "
        "Click a bar to narrow the dates to it."
    )
    st.caption(" ".join(notes))
    # Drawn only when opened (the expander reruns this fragment): the table is the page's largest Markdown,
    # and parsing it on every page open cost the reader time for a list most do not open.
    events = st.expander("Context events on the timeline", key="timeline_events", on_change="rerun")
    if events.open:
        with events:
            # A Markdown table: a data grid here would load the grid's code on every page open.
            st.markdown(
                markdown_table(
                    timeline.legend_rows.to_dict("records"),
                    {"number": "No.", "date": "Date", "event": "Event", "kind": "Kind", "source": "Source"},
                    links={"source": "open"},
                )
            )


view = current_view()
st.title("Red Sea incidents")
st.caption(
    "Attacks, hijackings and sinkings of merchant ships in the Red Sea, Bab el-Mandeb and Gulf of Aden "
    "since November 2023, with piracy in the same waters, and in the Strait of Hormuz, the Gulf of Oman and "
    "the Persian Gulf in 2026."
)
if not stop_if_empty(view):
    _render_headlines(view)
    geojson = load_map_geojson()
    imported = visible_imported(view)
    map_column, detail_column = st.columns([5, 3], gap="medium")
    with map_column:
        _render_map(view, geojson, imported)
    with detail_column:
        _render_selection(view, geojson)
    _render_timeline(view, imported)
