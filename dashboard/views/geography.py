"""Threat range and routes: the sea within a weapon's range of the Houthi-held coast, and the Cape detour."""

import pandas as pd
import streamlit as st

from dashboard.components.context import current_view
from dashboard.components.data import load_geography_frames, load_map_geojson
from dashboard.core.figures import basemap_layers, incident_map_figure, route_impact_figure
from dashboard.core.routes import route_impact
from dashboard.core.zones import threat_range_polygon
from dashboard.core.threat import RANGE_PRESETS, assess_zone, zone_geojson


@st.cache_resource(show_spinner="Computing the zone ...", max_entries=64)
def _zone_for(range_km: float):
    frames = load_geography_frames()
    return threat_range_polygon(frames["coast"], range_km, land=frames["land"])


@st.cache_data(show_spinner="Routing voyages ...")
def _route_table(speed_knots: float) -> pd.DataFrame:
    return route_impact(speed_knots=speed_knots)


view = current_view()
st.title("Threat range and routes")
st.subheader("How much of the shipping lane is within range?", anchor=False)
preset_labels = ["Custom", *(preset.label for preset in RANGE_PRESETS)]
left, right = st.columns([2, 3])
preset_label = left.selectbox("Weapon preset", preset_labels, index=1, key="threat_preset")
preset = next((p for p in RANGE_PRESETS if p.label == preset_label), None)
range_km = right.slider("Range from the launch coast (km)", 0, 2000, int(preset.range_km) if preset else 300,
                        step=10, key="threat_range_km", disabled=preset is not None)
if preset is not None:
    range_km = int(preset.range_km)
    st.caption(f"{preset.note} Source: [{preset.source_url}]({preset.source_url})")
st.caption("Launch coast: the Houthi-held Red Sea coast of Yemen (approximate and dated; see About the data). "
           "The zone is a geodesic buffer computed in an azimuthal equidistant projection, minus land.")

frames = load_geography_frames()
zone = _zone_for(float(range_km))
assessment = assess_zone(zone, frames["lanes"], view.filtered, float(range_km))
first, second, third = st.columns(3)
first.metric("Share of the main lane within range", f"{assessment.lane_share:.0%}")
if len(view.filtered):
    second.metric("Filtered incidents within range", f"{assessment.incident_share:.0%}")
    third.metric("Incidents inside", f"{assessment.incidents_inside} of {len(view.filtered)}")
geojson = load_map_geojson()
layers = basemap_layers(geojson["land"], geojson["borders"], lanes=geojson["lanes"], zone=zone_geojson(zone))
st.plotly_chart(incident_map_figure(view.filtered, layers, show_uncertainty=False), key="threat_map",
                config={"scrollZoom": True, "displaylogo": False})

st.subheader("What the detour round Africa costs", anchor=False)
speed = st.slider("Service speed (knots)", 8, 24, 14, key="route_speed")
table = _route_table(float(speed))
st.plotly_chart(route_impact_figure(table), key="route_chart")
st.dataframe(table.rename(columns={
    "voyage": "Voyage", "via_suez_nm": "Via Suez (nm)", "via_cape_nm": "Via the Cape (nm)",
    "extra_nm": "Extra (nm)", "extra_pct": "Extra (%)", "via_suez_days": "Days via Suez",
    "via_cape_days": "Days via the Cape", "extra_days": "Extra days"}).round(1), hide_index=True, key="route_table")
st.caption("Sea distances from the searoute package's maritime network; days at constant speed, without canal "
           "transit or port time. The control voyage does not use Suez, so the detour changes nothing for it.")
