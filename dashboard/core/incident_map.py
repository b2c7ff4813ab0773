"""The incident map (the Overview's) and the locator map of one incident: markers, uncertainty, view and style."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.core import style
from dashboard.core.geodesy import circle_rings
from dashboard.core.map_framing import fit_frame, fit_frame_trace, scale_bar_traces, zoom_for_reach
from dashboard.core.map_markers import density_trace, imported_trace, lean_traces, point_traces
from dashboard.core.map_style import (
    feature_collection,
    filled_layer,
    line_layer,
    map_legend,
    offline_map_style,
    under_labels,
)
from dashboard.core.style import LIGHT_MAP, MapColours

MAP_CENTER = {"lon": 45.5, "lat": 15.0}
MAP_ZOOM = 4.0
# Above this many points the map drops per-point hover text (details come on click instead): per-point
# text is most of the figure's bytes and of the server's time to build and serialise it.
MAX_HOVER_POINTS = 5_000
# Above this many points the map shows a density surface instead of points.
AGGREGATE_ABOVE = 150_000
# Uncertainty circles are drawn for at most this many positions (they are polygons, costly to send),
# and only where the radius shows at the map's scale.
MAX_UNCERTAINTY_CIRCLES = 400
MIN_CIRCLE_KM = 10.0
# The locator map's reach is computed for a map about this tall (pixels).
LOCATOR_HEIGHT_PX = 480

# Columns the incident map needs: all hover details for small sets, positions and categories for large ones.
MAP_COLUMNS_DETAILED = [
    "id",
    "date",
    "vessel_name",
    "category",
    "weapons",
    "outcome",
    "claim_status",
    "lon",
    "lat",
    "position_basis",
    "position_uncertainty_km",
]
MAP_COLUMNS_LIGHT = ["id", "category", "lon", "lat"]


def map_columns(count: int) -> list[str]:
    """The columns `incident_map_figure` reads for a map of `count` incidents."""
    return MAP_COLUMNS_DETAILED if count <= MAX_HOVER_POINTS else MAP_COLUMNS_LIGHT


def uncertainty_circles(incidents: pd.DataFrame) -> dict:
    """GeoJSON polygons of the uncertainty radius of computed and area-level positions.

    Positions that share a point and radius (area-level placements) get one circle.
    """
    radius = pd.to_numeric(incidents["position_uncertainty_km"], errors="coerce")
    uncertain = incidents[incidents["position_basis"].isin(["computed", "area"]) & (radius >= MIN_CIRCLE_KM)]
    unique = uncertain[["lon", "lat", "position_uncertainty_km"]].astype(float).drop_duplicates()
    unique = unique.head(MAX_UNCERTAINTY_CIRCLES)
    if unique.empty:
        return feature_collection([])
    rings = np.round(circle_rings(unique["lon"], unique["lat"], unique["position_uncertainty_km"]), 3)
    return feature_collection([{"type": "Polygon", "coordinates": [ring]} for ring in rings.tolist()])


def _selected_circle_layers(lon: float, lat: float, radius_km: float, *, line_width: float) -> list[dict]:
    """The selected incident's uncertainty circle: a light fill and an outline in the selection colour."""
    ring = np.round(circle_rings([lon], [lat], [radius_km], vertices=48)[0], 4).tolist()
    circle = feature_collection([{"type": "Polygon", "coordinates": [ring]}])
    return [filled_layer(circle, style.SELECTED_FILL), line_layer(circle, style.SELECTED_COLOUR, line_width)]


def _selected_overlay(incidents: pd.DataFrame, selected_id: str | None) -> tuple[list[dict], list[go.Scattermap]]:
    """The selected incident's uncertainty circle (outlined) and a ring around its marker."""
    if selected_id is None or not len(incidents):
        return [], []
    chosen = incidents[incidents["id"] == selected_id]
    if not len(chosen):
        return [], []
    row = chosen.iloc[0]
    layers = []
    radius = pd.to_numeric(row.get("position_uncertainty_km"), errors="coerce")
    if pd.notna(radius) and radius > 0:
        layers = _selected_circle_layers(float(row["lon"]), float(row["lat"]), float(radius), line_width=2)
    ring = go.Scattermap(
        lon=[float(row["lon"])],
        lat=[float(row["lat"])],
        mode="markers",
        name="Selected incident",
        marker={"size": 24, "color": style.SELECTED_COLOUR, "opacity": 0.45},
        hoverinfo="skip",
    )
    return layers, [ring]


def _map_layout(
    figure: go.Figure,
    layers: list[dict],
    *,
    height: int,
    online_tiles: bool,
    center: dict | None = None,
    zoom: float | None = MAP_ZOOM,
    revision: str = "incident-map",
    colours: MapColours = LIGHT_MAP,
    labels: pd.DataFrame | None = None,
) -> None:
    """Style, layers, legend and view of a map. `center=None` lets plotly fit the view to the traces in the
    browser, at the map's real size (the points and `fit_frame_trace`)."""
    view = {"center": center, "zoom": zoom, "fitbounds": False} if center is not None else {"fitbounds": "locations"}
    figure.update_layout(
        map={
            "style": "open-street-map" if online_tiles else offline_map_style(colours, labels),
            "layers": [] if online_tiles else under_labels(layers),
            **view,
        },
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        height=height,
        dragmode="pan",
        # Below the map, outside it: a legend over the map hides the points beneath it, and above it the
        # chart's toolbar would cover the legend.
        legend={**map_legend(colours, top=0.0), "itemclick": "toggle", "itemdoubleclick": "toggleothers"},
        uirevision=revision,
    )


def incident_map_figure(
    incidents: pd.DataFrame,
    layers: list[dict],
    *,
    selected_id: str | None = None,
    show_uncertainty: bool = True,
    imported: pd.DataFrame | None = None,
    online_tiles: bool = False,
    density: bool | None = None,
    height: int = 620,
    labels: pd.DataFrame | None = None,
    scale_bar: bool = False,
    fit: bool = True,
    revision: str = "",
    colours: MapColours = LIGHT_MAP,
) -> go.Figure:
    """Map of incidents with place `labels`, a `scale_bar` and the view fitted to the incidents.

    Colour shows the category (shared palette), size the gravity of the outcome, opacity the claim status.
    Records that share a position are one dark marker with their count. Every incident marker carries the
    ids of its incidents as its first `customdata` value (`incident_ids_of_points` reads them back). Up to
    MAX_HOVER_POINTS each marker has hover details; above that, incidents in one small cell share a marker.
    Uncertainty radii are a light fill; the selected incident's is outlined. `density` switches to a density
    surface (of the incidents and any imported records); by default it is used above AGGREGATE_ABOVE points.
    `revision` changes when the view should be fitted again (a new filter, or the reset button); `colours`
    are the reader's theme's (the basemap `layers` are built with the same).
    """
    figure = go.Figure()
    aggregate = len(incidents) > AGGREGATE_ABOVE if density is None else density
    detailed = len(incidents) <= MAX_HOVER_POINTS and not aggregate
    if show_uncertainty and detailed and len(incidents):
        circles = uncertainty_circles(incidents)
        if circles["features"]:
            layers = [*layers, filled_layer(circles, style.UNCERTAINTY_FILL)]
    selected_layers, selected_traces = _selected_overlay(incidents, selected_id) if detailed else ([], [])
    layers = [*layers, *selected_layers]
    positions = incidents if imported is None else pd.concat([incidents[["lon", "lat"]], imported[["lon", "lat"]]])
    fitted = fit and len(incidents) > 0
    if fitted:
        # First, under every other trace: the invisible corners of the view to fit.
        frame = fit_frame(positions["lon"], positions["lat"])
        figure.add_trace(fit_frame_trace(frame))
    if aggregate:
        # The density surface counts the imported records too: they get no markers of their own.
        figure.add_trace(density_trace(positions))
    else:
        for trace in point_traces(incidents, colours) if detailed else lean_traces(incidents, colours):
            figure.add_trace(trace)
        if imported is not None and len(imported):
            figure.add_trace(imported_trace(imported))
    for trace in selected_traces:
        figure.add_trace(trace)
    # Online tiles carry their own scale; a view that is not fitted has no frame to measure.
    if scale_bar and fitted and not online_tiles:
        for trace in scale_bar_traces(frame, colours):
            figure.add_trace(trace)
    _map_layout(
        figure,
        layers,
        height=height,
        online_tiles=online_tiles,
        center=None if fitted else MAP_CENTER,
        zoom=None if fitted else MAP_ZOOM,
        revision=f"incident-map {revision}",
        colours=colours,
        labels=labels,
    )
    return figure


def locator_map_figure(
    incident: pd.Series,
    layers: list[dict],
    *,
    labels: pd.DataFrame | None = None,
    height: int = 260,
    colours: MapColours = LIGHT_MAP,
) -> go.Figure:
    """Small map centred on one incident, with its uncertainty circle and the names of places around it."""
    figure = go.Figure()
    radius = pd.to_numeric(incident.get("position_uncertainty_km"), errors="coerce")
    lon, lat = float(incident["lon"]), float(incident["lat"])
    if pd.notna(radius) and radius > 0:
        layers = [*layers, *_selected_circle_layers(lon, lat, float(radius), line_width=1.5)]
    category = str(incident["category"])
    figure.add_trace(
        go.Scattermap(
            lon=[lon],
            lat=[lat],
            mode="markers",
            marker={"size": 14, "color": colours.categories.get(category, style.UNKNOWN_COLOUR)},
            name=style.CATEGORY_LABELS.get(category, category),
            hoverinfo="skip",
        )
    )
    # Zoom so that the circle (or at least 150 km around the point) fits the small map.
    reach_km = max(float(radius) if pd.notna(radius) else 0.0, 75.0) * 2.6
    zoom = zoom_for_reach(lat, reach_km, LOCATOR_HEIGHT_PX)
    _map_layout(
        figure,
        layers,
        height=height,
        online_tiles=False,
        center={"lon": lon, "lat": lat},
        zoom=float(min(max(zoom, 3.0), 8.0)),
        revision=f"locator {incident['id']}",
        colours=colours,
        labels=labels,
    )
    figure.update_layout(showlegend=False)
    return figure
