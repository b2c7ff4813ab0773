"""Threat range and routes: the sea within a weapon's range of the Houthi-held coast, and the Cape detour."""

from datetime import timedelta

import pandas as pd
import plotly.graph_objects as go
import shapely
import streamlit as st

from dashboard.components.context import current_dataset, current_view
from dashboard.components.data import load_geography_frames, load_map_geojson
from dashboard.components.theme import active_theme
from dashboard.components.url_sync import keep_page_settings_in_url
from dashboard.core.areas import load_places
from dashboard.core.filters import FilteredView
from dashboard.core.geodesy import as_geometry, format_km_nm
from dashboard.core.routes import route_impact
from dashboard.core.text import markdown_link
from dashboard.core.threat import (
    CUSTOM_PRESET,
    RANGE_PRESETS,
    ThreatAssessment,
    assess_zone,
    preset_by_slug,
    preset_choices,
    ring_distances_km,
)
from dashboard.core.threat_maps import route_impact_figure, route_table_rows, threat_map_figure
from dashboard.core.zones import threat_range_polygon

MAX_RANGE_KM = 3000
# Zones, figures and routes are the same for every reader: computed once per process and shared (read-only).
CACHE_TTL = timedelta(hours=1)


@st.cache_resource(show_spinner=False)
def _land() -> shapely.Geometry:
    # The land as one prepared geometry, made once per process instead of once per zone.
    land = as_geometry(load_geography_frames()["land"])
    shapely.prepare(land)
    return land


@st.cache_resource(show_spinner=False, max_entries=256)
def _ring_for(range_km: float):
    # Rings are outlines of the bare buffer (land not removed): one continuous line per distance.
    return threat_range_polygon(load_geography_frames()["coast"], range_km)


@st.cache_resource(show_spinner=False, max_entries=64)
def _zone_for(range_km: float):
    # The sea within range is the ring of that range with the land removed (`threat_range_polygon` with
    # `land=`): one buffer serves the zone and its ring.
    return shapely.difference(_ring_for(range_km), _land())


@st.cache_resource(show_spinner=False, max_entries=64, ttl=CACHE_TTL)
def _assessment(version: str, filter_key: str, range_km: float, _view: FilteredView) -> ThreatAssessment:
    return assess_zone(_zone_for(range_km), load_geography_frames()["lanes"], _view.filtered, range_km)


@st.cache_resource(show_spinner=False, max_entries=64, ttl=CACHE_TTL)
def _threat_map(version: str, filter_key: str, range_km: float, theme: str, _view: FilteredView) -> go.Figure:
    geojson = load_map_geojson()
    return threat_map_figure(
        _zone_for(range_km),
        [(distance, _ring_for(distance)) for distance in ring_distances_km(range_km)],
        load_geography_frames()["lanes"],
        _places(),
        _view.subset(["lon", "lat", "vessel_name"]),
        land_url=geojson["land"],
        borders_url=geojson["borders"],
        range_km=range_km,
        theme=theme,
    )


@st.cache_data(show_spinner="Routing voyages ...", max_entries=32)
def _route_table(speed_knots: float) -> pd.DataFrame:
    return route_impact(speed_knots=speed_knots)


@st.cache_resource(show_spinner=False, max_entries=32)
def _route_results(speed_knots: float) -> tuple[go.Figure, pd.DataFrame]:
    table = _route_table(speed_knots)
    return route_impact_figure(table), route_table_rows(table)


@st.cache_resource(show_spinner=False)
def _places() -> pd.DataFrame:
    return load_places()


def _on_preset_change() -> None:
    preset = preset_by_slug(st.session_state.get("threat_preset"))
    if preset is not None:
        st.session_state["threat_range_km"] = int(preset.range_km)


def _on_range_change() -> None:
    preset = preset_by_slug(st.session_state.get("threat_preset"))
    if preset is None or int(preset.range_km) != st.session_state.get("threat_range_km"):
        st.session_state["threat_preset"] = CUSTOM_PRESET


def _preset_label(slug: str) -> str:
    preset = preset_by_slug(slug)
    return "Custom range" if preset is None else preset.label


@st.fragment
def _render_threat_range(view: FilteredView) -> None:
    """The weapon, the range and the zone map: a new range reruns only this part of the page."""
    left, right = st.columns([2, 3])
    left.selectbox(
        "Weapon",
        preset_choices(),
        format_func=_preset_label,
        key="threat_preset",
        on_change=_on_preset_change,
        help="Published ranges of weapons used against ships, each with its source. Moving the slider "
        "switches to a custom range.",
    )
    range_km = right.slider(
        "Range from the launch coast (km)", 0, MAX_RANGE_KM, step=10, key="threat_range_km", on_change=_on_range_change
    )
    preset = preset_by_slug(st.session_state.get("threat_preset"))
    if preset is not None:
        used = "" if preset.used_against_ships else " **Not known to have been used against ships in this form.**"
        st.markdown(
            f"**{preset.label}**: {format_km_nm(preset.range_km)}.{used}\n\n"
            + "\n".join(
                f"- {claim.text} Source: {markdown_link(claim.url, claim.publisher)}" for claim in preset.claims
            )
        )
    else:
        st.caption(f"Custom range: {format_km_nm(range_km)}. Choose a weapon for its published range.")
    st.caption(
        "Launch coast: the Houthi-held Red Sea coast of Yemen (approximate and dated; see About the data). "
        "The zone is the sea within that distance of the coast (a geodesic buffer, land removed). "
        "Ranges are published maximums; a launcher further inland reaches less far out to sea."
    )
    version, key = current_dataset().version, view.incident_filter.key
    assessment = _assessment(version, key, float(range_km), view)
    first, second, third = st.columns(3)
    first.metric(
        "Share of the main lane within range",
        f"{assessment.lane_share:.0%}",
        help="Length of the Suez - Bab el-Mandeb - Gulf of Aden route inside the zone, as a share of its whole length.",
    )
    if view.count:
        second.metric("Filtered incidents within range", f"{assessment.incident_share:.0%}")
        third.metric("Incidents inside", f"{assessment.incidents_inside:,} of {view.count:,}")
    figure = _threat_map(version, key, float(range_km), active_theme(), view)
    st.plotly_chart(figure, key="threat_map", config={"scrollZoom": True, "displaylogo": False})
    st.caption(
        "Shaded: sea within range. Thin lines: distance rings from the coast, labelled in km. "
        f"Presets: {', '.join(preset.label for preset in RANGE_PRESETS)}."
    )
    keep_page_settings_in_url()


@st.fragment
def _render_routes() -> None:
    """The detour chart and table: a new speed reruns only this part of the page."""
    speed = st.slider("Service speed (knots)", 8, 24, key="route_speed")
    figure, rows = _route_results(float(speed))
    st.plotly_chart(figure, key="route_chart", config={"displayModeBar": False})
    # A static table: the few voyages need no sorting, and a data grid would load its code on every page open.
    st.table(rows, hide_index=True)
    st.caption(
        "Sea distances from the searoute package's maritime network; days at constant speed, without canal "
        "transit or port time. The control voyage does not use Suez, so the detour changes nothing for it."
    )
    keep_page_settings_in_url()


view = current_view()
st.title("Threat range and routes")
st.subheader("How much of the shipping lane is within range?", anchor=False)
_render_threat_range(view)
st.subheader("What the detour round Africa costs", anchor=False)
_render_routes()
