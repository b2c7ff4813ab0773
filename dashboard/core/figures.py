"""Pure figure builders: data in, plotly Figure out (no streamlit)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.core import style
from dashboard.core.geodesy import circle_rings
from dashboard.core.region import REGION_BOUNDS
from dashboard.core.schema import CATEGORIES, WEAPONS
from dashboard.core.text import plotly_text

MAP_CENTER = {"lon": 45.5, "lat": 15.0}
MAP_ZOOM = 4.0
# Above this many points the map drops per-point hover text (details come on click instead): per-point
# text is most of the figure's bytes and of the server's time to build and serialise it.
MAX_HOVER_POINTS = 5_000
# Above this many points the map shows a density surface instead of points.
AGGREGATE_ABOVE = 150_000
# Above MAX_HOVER_POINTS, incidents of one category in one cell of this size (degrees, about 1 km: far below
# a pixel at the zoom that shows the region) share one marker, so the browser draws fewer points.
MARKER_CELL_DEG = 0.01
# Uncertainty circles are drawn for at most this many incidents (they are polygons, costly to send),
# and only where the radius shows at the map's scale.
MAX_UNCERTAINTY_CIRCLES = 400
MIN_CIRCLE_KM = 10.0
# Cell size of the density view (degrees, about 11 km).
DENSITY_CELL_DEG = 0.1


def grid_counts(lon: np.ndarray, lat: np.ndarray, cell_deg: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Count points per grid cell: (cell-centre lon, cell-centre lat, count) of the occupied cells."""
    if len(lon) == 0:
        return np.zeros(0, np.float32), np.zeros(0, np.float32), np.zeros(0, np.int64)
    columns = np.floor(np.asarray(lon, dtype=float) / cell_deg).astype(np.int64)
    rows = np.floor(np.asarray(lat, dtype=float) / cell_deg).astype(np.int64)
    first_column, first_row = columns.min(), rows.min()
    width = int(columns.max() - first_column) + 1
    height = int(rows.max() - first_row) + 1
    keys = (rows - first_row) * width + (columns - first_column)
    if width * height <= 4_000_000:
        # Counting into a dense grid is linear; sorting a million keys is not.
        counts = np.bincount(keys, minlength=width * height)
        cells = np.flatnonzero(counts)
        counts = counts[cells]
    else:
        cells, counts = np.unique(keys, return_counts=True)
    centres_lon = (first_column + cells % width + 0.5) * cell_deg
    centres_lat = (first_row + cells // width + 0.5) * cell_deg
    return centres_lon.astype(np.float32), centres_lat.astype(np.float32), counts


# Columns the incident map needs: all hover details for small sets, positions and categories for large ones.
MAP_COLUMNS_DETAILED = ["id", "date", "vessel_name", "category", "weapons", "outcome", "claim_status", "lon", "lat",
                        "position_basis", "position_uncertainty_km"]
MAP_COLUMNS_LIGHT = ["id", "category", "lon", "lat"]


def map_columns(count: int) -> list[str]:
    """The columns `incident_map_figure` reads for a map of `count` incidents."""
    return MAP_COLUMNS_DETAILED if count <= MAX_HOVER_POINTS else MAP_COLUMNS_LIGHT


def _feature_collection(geometries: list[dict]) -> dict:
    return {"type": "FeatureCollection",
            "features": [{"type": "Feature", "properties": {}, "geometry": g} for g in geometries]}


def basemap_layers(land: dict | str, borders: dict | str | None = None, *, areas: dict | None = None,
                   lanes: dict | None = None, zone: dict | None = None,
                   colours: style.MapColours = style.LIGHT_MAP) -> list[dict]:
    """MapLibre layers that draw the bundled basemap and optional overlays (no network needed).

    Parameters
    ----------
    land, borders, areas, lanes, zone : dict or str
        GeoJSON FeatureCollections (EPSG:4326), or the URL of a GeoJSON file served by the dashboard.
    colours : MapColours
        Sea, land and border colours of the reader's theme (`style.map_colours`).
    """
    sea = {"type": "Feature", "properties": {}, "geometry": region_bounds_box()}
    layers: list[dict] = [{"source": sea, "type": "fill", "color": colours.sea, "below": "traces"}]
    if zone is not None:
        layers.append({"source": zone, "type": "fill", "color": style.RANGE_ZONE_COLOUR, "below": "traces"})
    layers.append({"source": land, "type": "fill", "color": colours.land, "below": "traces"})
    if borders is not None:
        layers.append({"source": borders, "type": "line", "color": colours.border,
                       "line": {"width": 0.7}, "below": "traces"})
    if areas is not None:
        layers.append({"source": areas, "type": "line", "color": style.AREA_LINE_COLOUR,
                       "line": {"width": 1, "dash": [2, 2]}, "below": "traces"})
    if lanes is not None:
        layers.append({"source": lanes, "type": "line", "color": colours.lane,
                       "line": {"width": 2, "dash": [4, 2]}, "below": "traces"})
    return layers


def _map_layout(figure: go.Figure, layers: list[dict], *, height: int, online_tiles: bool,
                center: dict | None = None, zoom: float = MAP_ZOOM) -> None:
    figure.update_layout(
        map={
            "style": "open-street-map" if online_tiles else "white-bg",
            "layers": [] if online_tiles else layers,
            "center": center or MAP_CENTER,
            "zoom": zoom,
        },
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        height=height,
        dragmode="pan",
        legend={"orientation": "h", "yanchor": "bottom", "y": 0.0, "xanchor": "left", "x": 0.0,
                "bgcolor": "rgba(255,255,255,0.85)", "font": {"color": "#222"}},
        uirevision="incident-map",
    )


def _plotly_texts(values: pd.Series) -> np.ndarray:
    """Record text as Plotly shows it literally (see `plotly_text`)."""
    return values.astype(str).map(plotly_text).to_numpy(dtype=object)


def _hover_table(incidents: pd.DataFrame) -> np.ndarray:
    weapons = incidents["weapons"].map(lambda v: ", ".join(WEAPONS.get(w, w) for w in v) if v is not None else "")
    return np.column_stack([
        _plotly_texts(incidents["id"]),
        incidents["date"].dt.strftime("%Y-%m-%d").to_numpy(),
        _plotly_texts(incidents["vessel_name"].astype("string").fillna("unnamed")),
        _plotly_texts(incidents["category"].astype(str).map(style.CATEGORY_LABELS)),
        _plotly_texts(weapons),
        _plotly_texts(incidents["outcome"]),
        _plotly_texts(incidents["claim_status"]),
    ])


_HOVER_TEMPLATE = ("<b>%{customdata[2]}</b><br>%{customdata[1]} · %{customdata[3]}<br>"
                   "Weapon: %{customdata[4]}<br>Outcome: %{customdata[5]} (%{customdata[6]})<extra></extra>")


# One text per trace, nothing per point.
_LEAN_HOVER_TEMPLATE = ("<b>%{fullData.name}</b><br>%{customdata:,} incident(s) at this point<br>"
                        "Click or box-select for details<extra></extra>")


def uncertainty_circles(incidents: pd.DataFrame) -> dict:
    """GeoJSON outlines of the uncertainty radius of computed and area-level positions.

    Positions that share a point and radius (area-level placements) get one circle.
    """
    radius = pd.to_numeric(incidents["position_uncertainty_km"], errors="coerce")
    uncertain = incidents[incidents["position_basis"].isin(["computed", "area"]) & (radius >= MIN_CIRCLE_KM)]
    unique = uncertain[["lon", "lat", "position_uncertainty_km"]].astype(float).drop_duplicates()
    unique = unique.head(MAX_UNCERTAINTY_CIRCLES)
    if unique.empty:
        return _feature_collection([])
    rings = np.round(circle_rings(unique["lon"], unique["lat"], unique["position_uncertainty_km"]), 3)
    return _feature_collection([{"type": "MultiLineString", "coordinates": rings.tolist()}])


def category_groups(incidents: pd.DataFrame) -> list[tuple[str, np.ndarray]]:
    """Row positions of each category present, in the order the map draws its traces."""
    categories = incidents["category"]
    if isinstance(categories.dtype, pd.CategoricalDtype):
        codes = categories.cat.codes.to_numpy()
        position = {str(name): code for code, name in enumerate(categories.cat.categories)}
        groups = [(category, np.flatnonzero(codes == position.get(category, -2))) for category in CATEGORIES]
    else:
        values = categories.astype(str).to_numpy()
        groups = [(category, np.flatnonzero(values == category)) for category in CATEGORIES]
    return [(category, rows) for category, rows in groups if len(rows)]


@dataclass(frozen=True)
class MarkerTrace:
    """The incidents behind the markers of one category's map trace.

    `rows` are row positions in the drawn table, `marker` the marker number of each of those rows, and
    `drawn` the row (position in `rows`) whose point is drawn for each marker.
    """

    category: str
    rows: np.ndarray
    marker: np.ndarray
    drawn: np.ndarray

    @property
    def counts(self) -> np.ndarray:
        return np.bincount(self.marker, minlength=len(self.drawn))


def marker_traces(incidents: pd.DataFrame) -> list[MarkerTrace]:
    """The markers of the point map, per category trace in drawing order.

    Up to MAX_HOVER_POINTS incidents each has its own marker; above that, the incidents of one category
    within one MARKER_CELL_DEG cell share a marker drawn at the first one's reported position.
    """
    shared = len(incidents) > MAX_HOVER_POINTS
    if shared:
        columns = np.floor(incidents["lon"].to_numpy(dtype=float) / MARKER_CELL_DEG).astype(np.int64)
        cells = np.floor(incidents["lat"].to_numpy(dtype=float) / MARKER_CELL_DEG).astype(np.int64)
        cell_keys = (columns << 32) + (cells & 0xFFFFFFFF)
    traces = []
    for category, rows in category_groups(incidents):
        if shared:
            # Codes follow first appearance, so a marker's first row is where the running maximum grows.
            marker, _ = pd.factorize(cell_keys[rows])
            running = np.maximum.accumulate(marker)
            drawn = np.flatnonzero(np.r_[True, running[1:] > running[:-1]])
            traces.append(MarkerTrace(category, rows, marker, drawn))
        else:
            own = np.arange(len(rows))
            traces.append(MarkerTrace(category, rows, own, own))
    return traces


def ids_of_selected_points(incidents: pd.DataFrame, points: list[dict]) -> list[str]:
    """Incident ids behind the map points of a selection event, from each point's trace and index.

    `incidents` must be the table the map was drawn from (with lon/lat, which decide shared markers);
    points of other traces (imported records, the selection highlight) are ignored.
    """
    traces = marker_traces(incidents)
    ids = incidents["id"].astype(str).to_numpy()
    chosen: list[str] = []
    for point in points:
        curve, index = point.get("curve_number"), point.get("point_index", point.get("point_number"))
        if not (isinstance(curve, int) and isinstance(index, int) and 0 <= curve < len(traces)):
            continue
        trace = traces[curve]
        if 0 <= index < len(trace.drawn):
            chosen.extend(ids[trace.rows[trace.marker == index]])
    return list(dict.fromkeys(chosen))


def incident_map_figure(incidents: pd.DataFrame, layers: list[dict], *, selected_id: str | None = None,
                        show_uncertainty: bool = True, imported: pd.DataFrame | None = None,
                        online_tiles: bool = False, density: bool | None = None, height: int = 620) -> go.Figure:
    """Map of incidents: one trace per category, faint markers for claim-only events.

    Colour shows the category (shared palette), size the gravity of the outcome, opacity the claim
    status. Computed and area-level positions get their uncertainty circle. Markers follow
    `marker_traces`, so a click or a box selection maps back to records through `ids_of_selected_points`;
    up to MAX_HOVER_POINTS each incident has its own marker with hover details, above that incidents in
    one small cell share a marker that shows their count. `density` switches to a density surface (of the
    incidents and any imported records); by default it is used above AGGREGATE_ABOVE points.
    """
    figure = go.Figure()
    aggregate = len(incidents) > AGGREGATE_ABOVE if density is None else density
    detailed = len(incidents) <= MAX_HOVER_POINTS and not aggregate
    if show_uncertainty and detailed and len(incidents):
        circles = uncertainty_circles(incidents)
        if circles["features"]:
            layers = [*layers, {"source": circles, "type": "line", "color": "rgba(80,80,80,0.55)",
                                "line": {"width": 1}, "below": "traces"}]
    if aggregate:
        both = incidents if imported is None else pd.concat([incidents[["lon", "lat"]], imported[["lon", "lat"]]])
        # Binned on the server: a few thousand weighted cells instead of every point keeps the figure
        # small and the browser responsive at a million incidents.
        lons, lats, counts = grid_counts(both["lon"].to_numpy(), both["lat"].to_numpy(), DENSITY_CELL_DEG)
        figure.add_trace(go.Densitymap(
            lon=lons, lat=lats, z=counts, radius=12, colorscale="Inferno", reversescale=True, showscale=True,
            name="Incident density", customdata=counts, hovertemplate="%{customdata:,} incidents<extra></extra>",
            colorbar={"title": {"text": "Incidents per cell"}}))
        imported = None
    else:
        lons, lats = incidents["lon"].to_numpy(dtype=np.float32), incidents["lat"].to_numpy(dtype=np.float32)
        for markers in marker_traces(incidents):
            category, rows = markers.category, markers.rows
            drawn = rows[markers.drawn]
            trace = go.Scattermap(lon=lons[drawn], lat=lats[drawn], mode="markers",
                                  name=f"{style.CATEGORY_LABELS[category]} ({len(rows):,})", legendgroup=category)
            if detailed:
                subset = incidents.iloc[rows]
                claimed = (subset["claim_status"] != "confirmed").to_numpy()
                trace.update(
                    marker={"color": style.CATEGORY_COLOURS[category],
                            "size": subset["outcome"].astype(str).map(style.OUTCOME_SIZES).fillna(8)
                            .to_numpy(dtype=np.float32),
                            "opacity": np.where(claimed, style.CLAIMED_OPACITY, style.CONFIRMED_OPACITY)
                            .astype(np.float32)},
                    customdata=_hover_table(subset), hovertemplate=_HOVER_TEMPLATE)
            else:
                # Many points: one marker per occupied cell and a count, no per-point text, so the figure
                # stays small and the browser draws fewer points; details come on click.
                trace.update(marker={"color": style.CATEGORY_COLOURS[category], "size": 5, "opacity": 0.7},
                             customdata=markers.counts.astype(np.int32), hovertemplate=_LEAN_HOVER_TEMPLATE)
            figure.add_trace(trace)
    if imported is not None and len(imported):
        figure.add_trace(go.Scattermap(
            lon=imported["lon"].to_numpy(dtype=np.float32), lat=imported["lat"].to_numpy(dtype=np.float32),
            mode="markers", name=f"Imported records ({len(imported)})",
            marker={"color": style.IMPORTED_COLOUR, "size": style.IMPORTED_MARKER_SIZE,
                    "opacity": style.IMPORTED_OPACITY},
            customdata=_plotly_texts(imported["id"])[:, None],
            hovertemplate="Imported %{customdata[0]}<extra></extra>"))
    if selected_id is not None and len(incidents):
        chosen = incidents[incidents["id"] == selected_id]
        if len(chosen):
            figure.add_trace(go.Scattermap(
                lon=chosen["lon"], lat=chosen["lat"], mode="markers", name="Selected",
                marker={"size": 26, "color": "rgba(0,0,0,0)", "opacity": 1.0}, hoverinfo="skip",
                showlegend=False))
            figure.add_trace(go.Scattermap(
                lon=chosen["lon"], lat=chosen["lat"], mode="markers", name="Selected incident",
                marker={"size": 22, "color": "#CC79A7", "opacity": 0.45}, hoverinfo="skip"))
    _map_layout(figure, layers, height=height, online_tiles=online_tiles)
    return figure


def locator_map_figure(incident: pd.Series, layers: list[dict], *, height: int = 260) -> go.Figure:
    """Small map centred on one incident with its uncertainty circle."""
    figure = go.Figure()
    radius = incident.get("position_uncertainty_km")
    if pd.notna(radius) and radius > 0:
        circle = _feature_collection([{"type": "Polygon",
                                       "coordinates": [np.round(circle_rings(incident["lon"], incident["lat"], radius, vertices=48)[0], 4).tolist()]}])
        layers = [*layers, {"source": circle, "type": "fill", "color": "rgba(204,121,167,0.25)", "below": "traces"}]
    category = str(incident["category"])
    figure.add_trace(go.Scattermap(lon=[incident["lon"]], lat=[incident["lat"]], mode="markers",
                                   marker={"size": 14, "color": style.CATEGORY_COLOURS.get(category, "#000")},
                                   name=style.CATEGORY_LABELS.get(category, category), hoverinfo="skip"))
    zoom = 6.0 if not (pd.notna(radius) and radius > 100) else 4.5
    _map_layout(figure, layers, height=height, online_tiles=False,
                center={"lon": float(incident["lon"]), "lat": float(incident["lat"])}, zoom=zoom)
    figure.update_layout(showlegend=False)
    return figure


def timeline_figure(counts: pd.DataFrame, events: pd.DataFrame | None = None, *, stack_by: str = "category",
                    period: str = "week", cumulative: bool = True, imported: pd.Series | None = None) -> go.Figure:
    """Stacked bars of incidents per period, context events as labelled markers, a cumulative line.

    `imported` (counts per period of an imported record) is drawn as a separate grey line.
    """
    figure = go.Figure()
    colours = style.STACK_COLOURS.get(stack_by, {})
    for column in counts.columns:
        figure.add_trace(go.Bar(x=counts.index, y=counts[column], name=plotly_text(style.label_for(stack_by, str(column))),
                                marker_color=colours.get(str(column)), legendgroup=str(column),
                                hovertemplate="%{x|%Y-%m-%d}: %{y}<extra>%{fullData.name}</extra>"))
    if cumulative and not counts.empty:
        figure.add_trace(go.Scatter(x=counts.index, y=counts.sum(axis=1).cumsum(), name="Cumulative",
                                    mode="lines", yaxis="y2", line={"color": "#444", "width": 2},
                                    hovertemplate="%{x|%Y-%m-%d}: %{y} in total<extra></extra>"))
    if imported is not None and len(imported):
        figure.add_trace(go.Scatter(x=imported.index, y=imported.to_numpy(), name="Imported records",
                                    mode="lines", line={"color": style.IMPORTED_COLOUR, "width": 2, "shape": "hv"},
                                    hovertemplate="%{x|%Y-%m-%d}: %{y} imported<extra></extra>"))
    if events is not None and not events.empty and not counts.empty:
        top = float(counts.sum(axis=1).max()) * 1.08 or 1.0
        shown = events[(events["date"] >= counts.index.min()) & (events["date"] <= counts.index.max()
                                                                   + pd.Timedelta(days=31))]
        # Numbered markers keep the chart legible; the numbers are listed in `event_legend_rows`. The
        # numbers are the trace's text rather than layout annotations, which the browser draws far slower.
        figure.add_trace(go.Scatter(
            x=shown["date"], y=[top] * len(shown), mode="markers+text", name="Context events",
            marker={"symbol": "triangle-down", "size": 11, "color": "#009E73"},
            text=[str(number) for number in range(1, len(shown) + 1)], textposition="top center",
            textfont={"size": 10, "color": "#009E73"},
            customdata=np.column_stack([_plotly_texts(shown["label"]), _plotly_texts(shown["kind"])]),
            hovertemplate="%{x|%Y-%m-%d}: %{customdata[0]}<extra>%{customdata[1]}</extra>"))
    figure.update_layout(
        barmode="stack", height=400, margin={"l": 10, "r": 10, "t": 40, "b": 10},
        xaxis={"title": None},
        yaxis={"title": f"Incidents per {period}"},
        yaxis2={"title": "Cumulative", "overlaying": "y", "side": "right", "showgrid": False, "rangemode": "tozero"},
        legend={"orientation": "h", "y": -0.15}, hovermode="closest", bargap=0.1,
    )
    return figure


def region_bounds_box() -> dict:
    """GeoJSON polygon of the dashboard's region."""
    west, south, east, north = REGION_BOUNDS
    return {"type": "Polygon", "coordinates": [[[west, south], [east, south], [east, north], [west, north],
                                                [west, south]]]}


def event_legend_rows(events: pd.DataFrame, counts: pd.DataFrame) -> pd.DataFrame:
    """The context events shown on a timeline, numbered as their labels on the chart."""
    if events is None or events.empty or counts.empty:
        return pd.DataFrame(columns=["number", "date", "event", "kind", "source"])
    shown = events[(events["date"] >= counts.index.min())
                   & (events["date"] <= counts.index.max() + pd.Timedelta(days=31))]
    return pd.DataFrame({"number": range(1, len(shown) + 1), "date": shown["date"].dt.date.to_numpy(),
                         "event": shown["label"].to_numpy(), "kind": shown["kind"].to_numpy(),
                         "source": shown["source_url"].to_numpy()})
