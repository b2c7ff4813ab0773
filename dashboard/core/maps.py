"""Pure map builders: incidents, basemap, labels and scale in, plotly Figure out (no streamlit)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.core import style
from dashboard.core.geodesy import KM_PER_NM, circle_rings, distance_km
from dashboard.core.marker_ids import join_marker_ids, split_marker_ids
from dashboard.core.region import REGION_BOUNDS
from dashboard.core.schema import CATEGORIES, WEAPONS
from dashboard.core.style import LIGHT_MAP, MapColours
from dashboard.core.text import plain_text, plotly_text

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
# Records closer than this (degrees, about 10 m) sit at one position: area-level records at their area's
# anchor, or a ship attacked on several days. They are drawn as one marker with their count.
SHARED_POSITION_DEG = 1e-4
# Uncertainty circles are drawn for at most this many positions (they are polygons, costly to send),
# and only where the radius shows at the map's scale.
MAX_UNCERTAINTY_CIRCLES = 400
MIN_CIRCLE_KM = 10.0
# Cell size of the density view (degrees, about 11 km).
DENSITY_CELL_DEG = 0.1
# Counting into a dense grid is linear; above this many cells a sort is cheaper in memory.
MAX_DENSE_GRID_CELLS = 4_000_000
# The locator map's reach is computed for a map about this tall (pixels).
LOCATOR_HEIGHT_PX = 480
# The incident map is fitted in the browser, to the map's real size (`fit_frame`): the points' extent plus this
# share of it on each side, plus room for the scale bar at the bottom, and never narrower than about 110 km.
FIT_MARGIN = 0.06
SCALE_ROOM = 0.08
MIN_FIT_SPAN_DEG = 1.0
# The first label layer of the offline style: basemap and overlay layers are drawn below it.
LABELS_BELOW = "place-dots"
# MapLibre's world is 512 px wide at zoom 0.
WORLD_PX = 512
# Map text needs a glyph server; none is bundled, and MapLibre then draws the glyphs with the browser's own
# fonts. The URL points at the dashboard itself so that no request ever leaves the machine.
GLYPHS_URL = "app/static/glyphs/{fontstack}/{range}.pbf"
# The one font stack map text asks for; its glyphs are bundled (scripts/build_glyphs.py), so labels need no server.
MAP_FONT = "Open Sans Regular"
SCALE_STEPS_KM = (25, 50, 100, 200, 250, 500, 1000)
# Text traces draw markers of a fixed size (invisible where only the text matters): plotly offsets the text by the
# marker size, and a text-only trace or an array of sizes gives MapLibre a NaN offset, which blanks the map.
TEXT_MARKER_PX = 4
LABEL_SIZES = {"country": 13, "sea": 12, "place": 11}
LABEL_KINDS = {"port": "place", "town": "place", "country": "country", "sea": "sea", "strait": "sea"}


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
    if width * height <= MAX_DENSE_GRID_CELLS:
        counts = np.bincount(keys, minlength=width * height)
        cells = np.flatnonzero(counts)
        counts = counts[cells]
    else:
        cells, counts = np.unique(keys, return_counts=True)
    centres_lon = (first_column + cells % width + 0.5) * cell_deg
    centres_lat = (first_row + cells // width + 0.5) * cell_deg
    return centres_lon.astype(np.float32), centres_lat.astype(np.float32), counts


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


def region_bounds_box() -> dict:
    """GeoJSON polygon of the dashboard's region."""
    west, south, east, north = REGION_BOUNDS
    return {
        "type": "Polygon",
        "coordinates": [[[west, south], [east, south], [east, north], [west, north], [west, south]]],
    }


def _circle(lon: float, lat: float, radius_km: float) -> list[list[float]]:
    """One closed geodesic ring, as GeoJSON coordinates."""
    return np.round(circle_rings([lon], [lat], [radius_km], vertices=48)[0], 4).tolist()


def _feature_collection(geometries: list[dict]) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {}, "geometry": g} for g in geometries],
    }


def basemap_layers(
    land: dict | str,
    borders: dict | str | None = None,
    *,
    areas: dict | None = None,
    lanes: dict | None = None,
    zone: dict | None = None,
    colours: MapColours = LIGHT_MAP,
) -> list[dict]:
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
        layers.append(line_layer(borders, colours.border, 0.7))
    if areas is not None:
        layers.append(line_layer(areas, style.AREA_LINE_COLOUR, 1, dash=[2, 2]))
    if lanes is not None:
        layers.append(line_layer(lanes, colours.lane, 2, dash=[4, 2]))
    return layers


def offline_map_style(colours: MapColours = LIGHT_MAP, labels: pd.DataFrame | None = None) -> dict:
    """A MapLibre style with no remote source: a plain background, a glyph URL on the dashboard itself, and the
    place names of `labels` (`read_map_labels`) as text layers.

    Labels are part of the style, not traces: a trace would count in the view plotly fits to the incidents
    (the labels span the whole region). Layers drawn below them say `below=LABELS_BELOW` (`under_labels`).
    """
    # One source always: plotly drops an empty `sources` object when it updates the figure, and MapLibre then
    # rejects the style ("missing required property sources").
    features = []
    if labels is not None:
        for name, kind, lon, lat in labels[["name", "kind", "lon", "lat"]].itertuples(index=False):
            text = plain_text(name, 60)
            features.append(
                {
                    "type": "Feature",
                    "properties": {"text": text.upper() if kind == "country" else text, "kind": kind},
                    "geometry": {"type": "Point", "coordinates": [round(float(lon), 4), round(float(lat), 4)]},
                }
            )
    source = {"type": "geojson", "data": {"type": "FeatureCollection", "features": features}}
    kind_colours = {"country": colours.country_label, "sea": colours.sea_label, "place": colours.place_label}
    layers: list[dict] = [
        {"id": "background", "type": "background", "paint": {"background-color": colours.background}},
        {
            "id": LABELS_BELOW,
            "type": "circle",
            "source": "labels",
            "filter": ["==", ["get", "kind"], "place"],
            "paint": {"circle-radius": 2.5, "circle-color": colours.place_label},
        },
    ]
    for kind in ("country", "sea", "place"):
        place = kind == "place"
        layers.append(
            {
                "id": f"{kind}-labels",
                "type": "symbol",
                "source": "labels",
                "filter": ["==", ["get", "kind"], kind],
                "layout": {
                    "text-field": ["get", "text"],
                    "text-font": [MAP_FONT],
                    "text-size": LABEL_SIZES[kind],
                    "text-anchor": "left" if place else "center",
                    "text-offset": [0.5, 0] if place else [0, 0],
                    "text-max-width": 8,
                },
                "paint": {
                    "text-color": kind_colours[kind],
                    "text-halo-color": colours.label_halo,
                    "text-halo-width": 1.2,
                },
            }
        )
    return {"version": 8, "sources": {"labels": source}, "glyphs": GLYPHS_URL, "layers": layers}


def under_labels(layers: list[dict]) -> list[dict]:
    """The same plotly map layers, drawn under the style's place names (and, being under those, under traces)."""
    return [{**layer, "below": LABELS_BELOW} for layer in layers]


def fit_frame(lons: np.ndarray, lats: np.ndarray) -> tuple[float, float, float, float]:
    """West, east, south, north of the view to fit: the points' extent with a margin (and room for the scale bar
    at the bottom), at least MIN_FIT_SPAN_DEG wide and high."""
    lons, lats = np.asarray(lons, dtype=float), np.asarray(lats, dtype=float)
    west, east = float(np.nanmin(lons)), float(np.nanmax(lons))
    south, north = float(np.nanmin(lats)), float(np.nanmax(lats))
    grow_x = max(MIN_FIT_SPAN_DEG - (east - west), 0.0) / 2
    grow_y = max(MIN_FIT_SPAN_DEG - (north - south), 0.0) / 2
    west, east, south, north = west - grow_x, east + grow_x, south - grow_y, north + grow_y
    span_x, span_y = east - west, north - south
    return (
        west - FIT_MARGIN * span_x,
        east + FIT_MARGIN * span_x,
        south - (FIT_MARGIN + SCALE_ROOM) * span_y,
        north + FIT_MARGIN * span_y,
    )


def fit_frame_trace(frame: tuple[float, float, float, float]) -> go.Scattermap:
    """Two invisible points at the corners of `frame`: the view plotly fits (to the real size of the map on
    the reader's screen, phone or desktop) spans them. They carry no ids, so a click or box selects nothing."""
    west, east, south, north = frame
    return go.Scattermap(
        lon=[west, east],
        lat=[south, north],
        mode="markers",
        name="fitted view",
        marker={"size": TEXT_MARKER_PX, "opacity": 0},
        hoverinfo="skip",
        showlegend=False,
    )


def map_legend(colours: MapColours, *, top: float) -> dict:
    """A horizontal legend in the map's colours with its top edge at `top` (0 = the map's bottom, 1 = its top)."""
    return {
        "orientation": "h",
        "yanchor": "top",
        "y": top,
        "xanchor": "left",
        "x": 0.0,
        "bgcolor": colours.legend_background,
        "font": {"color": colours.text},
    }


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


def read_map_labels(places_file: Path, labels_file: Path) -> pd.DataFrame:
    """Labels for the map: ports and towns of the gazetteer, and the countries, seas and straits of `labels_file`.

    Returns a frame with `name`, `kind` ("country", "sea" or "place"), `lon` and `lat`.
    """
    places = pd.read_csv(places_file, usecols=["name", "kind", "lat", "lon"])
    others = pd.read_csv(labels_file, usecols=["name", "kind", "lat", "lon"])
    labels = pd.concat([places[places["kind"].isin(["port", "town"])], others], ignore_index=True)
    labels["kind"] = labels["kind"].map(LABEL_KINDS)
    return labels.dropna(subset=["kind"])[["name", "kind", "lon", "lat"]].reset_index(drop=True)


def scale_bar_traces(frame: tuple[float, float, float, float], colours: MapColours = LIGHT_MAP) -> list[go.Scattermap]:
    """A horizontal scale bar (km and nm) in the room `fit_frame` leaves at the bottom left: a line of a round
    length near a quarter of the frame's width, and its length above it. It is drawn in place on the map, so it
    stays true at every zoom."""
    west_edge, east_edge, south, north = frame
    width = east_edge - west_edge
    lat = south + (north - south) * SCALE_ROOM * 0.35
    west = west_edge + width * 0.04
    km_per_degree = distance_km(west, lat, west + 1.0, lat)
    target = width * km_per_degree / 4
    length = max([step for step in SCALE_STEPS_KM if step <= target], default=SCALE_STEPS_KM[0])
    east = west + length / km_per_degree
    line = go.Scattermap(
        lon=[west, east],
        lat=[lat, lat],
        mode="lines",
        name="scale bar",
        line={"color": colours.scale, "width": 3},
        hoverinfo="skip",
        showlegend=False,
    )
    text = go.Scattermap(
        lon=[(west + east) / 2],
        lat=[lat],
        mode="markers+text",
        name="scale length",
        text=[f"{length:,} km ({length / KM_PER_NM:,.0f} nm)"],
        textposition="top center",
        textfont={"family": MAP_FONT, "size": 11, "color": colours.scale},
        marker={"size": TEXT_MARKER_PX, "opacity": 0},
        hoverinfo="skip",
        showlegend=False,
    )
    return [line, text]


def uncertainty_circles(incidents: pd.DataFrame) -> dict:
    """GeoJSON polygons of the uncertainty radius of computed and area-level positions.

    Positions that share a point and radius (area-level placements) get one circle.
    """
    radius = pd.to_numeric(incidents["position_uncertainty_km"], errors="coerce")
    uncertain = incidents[incidents["position_basis"].isin(["computed", "area"]) & (radius >= MIN_CIRCLE_KM)]
    unique = uncertain[["lon", "lat", "position_uncertainty_km"]].astype(float).drop_duplicates()
    unique = unique.head(MAX_UNCERTAINTY_CIRCLES)
    if unique.empty:
        return _feature_collection([])
    rings = np.round(circle_rings(unique["lon"], unique["lat"], unique["position_uncertainty_km"]), 3)
    return _feature_collection([{"type": "Polygon", "coordinates": [ring]} for ring in rings.tolist()])


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
class Markers:
    """Markers of one map trace: `marker` numbers each row's marker, `drawn` is the row drawn for each marker
    and `ids` the incident ids behind it (written by `join_marker_ids`)."""

    rows: np.ndarray
    marker: np.ndarray
    drawn: np.ndarray
    ids: np.ndarray

    @property
    def counts(self) -> np.ndarray:
        return np.bincount(self.marker, minlength=len(self.drawn))


def group_markers(incidents: pd.DataFrame, rows: np.ndarray, cell_deg: float) -> Markers:
    """Group the rows into one marker per occupied cell of `cell_deg` (first row drawn; ids by `join_marker_ids`)."""
    lons = incidents["lon"].to_numpy(dtype=float)[rows]
    lats = incidents["lat"].to_numpy(dtype=float)[rows]
    keys = (np.floor(lons / cell_deg).astype(np.int64) << 32) + (
        np.floor(lats / cell_deg).astype(np.int64) & 0xFFFFFFFF
    )
    marker, _ = pd.factorize(keys)
    ids = incidents["id"].astype(str).to_numpy()[rows]
    order = np.argsort(marker, kind="stable")
    bounds = np.flatnonzero(np.r_[True, marker[order][1:] != marker[order][:-1]]) if len(rows) else np.zeros(0, int)
    parts = np.split(ids[order], bounds[1:]) if len(rows) else []
    joined = np.array([join_marker_ids(part) for part in parts], dtype=object)
    return Markers(rows, marker, rows[order[bounds]], joined)


def incident_ids_of_points(points: list[dict]) -> list[str]:
    """Incident ids behind the points of a map selection event, read from each point's `customdata`.

    Every incident marker carries its ids (written by `join_marker_ids` when several records share it) as the
    first customdata value; points of other traces (labels, imported records, the selection highlight) carry none.
    """
    chosen: list[str] = []
    for point in points:
        data = point.get("customdata") if isinstance(point, dict) else None
        first = data[0] if isinstance(data, list | tuple) and data else data
        if isinstance(first, str):
            chosen.extend(split_marker_ids(first))
    return list(dict.fromkeys(chosen))


def _plotly_texts(values: pd.Series) -> np.ndarray:
    """Record text as Plotly shows it literally (see `plotly_text`)."""
    return values.astype(str).map(plotly_text).to_numpy(dtype=object)


def _hover_table(incidents: pd.DataFrame, ids: np.ndarray) -> np.ndarray:
    """Per marker: the incident id (read back on click, so not escaped: ids are validated) and hover fields."""
    weapons = incidents["weapons"].map(lambda v: ", ".join(WEAPONS.get(w, w) for w in v) if v is not None else "")
    return np.column_stack(
        [
            ids,
            incidents["date"].dt.strftime("%Y-%m-%d").to_numpy(),
            _plotly_texts(incidents["vessel_name"].astype("string").fillna("unnamed")),
            _plotly_texts(incidents["category"].astype(str).map(style.CATEGORY_LABELS)),
            _plotly_texts(weapons),
            _plotly_texts(incidents["outcome"].map(lambda code: style.label_for("outcome", code))),
            _plotly_texts(incidents["claim_status"].map(lambda code: style.label_for("claim_status", code))),
            position_notes(incidents),
        ]
    )


def position_notes(incidents: pd.DataFrame) -> np.ndarray:
    """How each position was obtained and how far off it may be, in a reader's words (for the hover)."""
    radius = pd.to_numeric(incidents["position_uncertainty_km"], errors="coerce").to_numpy(dtype=float)
    basis = incidents["position_basis"].astype(str).to_numpy()
    notes = []
    for how, km in zip(basis, radius, strict=True):
        text = POSITION_HOVER.get(how, "position basis not reported")
        notes.append(f"{text}, within about {km:,.0f} km" if np.isfinite(km) and km > 0 else text)
    return np.array(notes, dtype=object)


# Short forms of the schema's position bases (POSITION_BASES), for a hover line.
POSITION_HOVER = {
    "reported": "Position reported by a source",
    "computed": "Position computed from a distance and bearing",
    "area": "Only the area is known (drawn at its anchor)",
}
_HOVER_TEMPLATE = (
    "<b>%{customdata[2]}</b><br>%{customdata[1]} · %{customdata[3]}<br>"
    "Weapon: %{customdata[4]}<br>Outcome: %{customdata[5]} (%{customdata[6]})<br>"
    "%{customdata[7]}<extra></extra>"
)
# One text per trace, nothing per point.
_LEAN_HOVER_TEMPLATE = (
    "<b>%{fullData.name}</b><br>%{customdata[1]:,} incident(s) at this point<br>"
    "Click or box-select for details<extra></extra>"
)
_SHARED_HOVER_TEMPLATE = "<b>%{customdata[1]} records at this position</b><br>%{customdata[2]}<extra></extra>"
SHARED_HOVER_NAMES = 8


def _shared_position_hover(incidents: pd.DataFrame, rows: np.ndarray) -> str:
    subset = incidents.iloc[rows].sort_values("date")
    lines = [
        f"{day:%Y-%m-%d} {plotly_text(name, 60)} ({style.CATEGORY_LABELS.get(str(category), category)})"
        for day, name, category in zip(
            subset["date"], subset["vessel_name"].astype("string").fillna("unnamed"), subset["category"], strict=True
        )
    ]
    more = len(lines) - SHARED_HOVER_NAMES
    # Records at one position are mostly area-level records at their area's anchor: say so, with the radius.
    notes = list(dict.fromkeys(position_notes(subset)))
    where = [notes[0]] if len(notes) == 1 else ["Positions obtained in different ways (see each record)"]
    return "<br>".join(
        lines[:SHARED_HOVER_NAMES] + ([f"... and {more} more"] if more > 0 else []) + where + ["Click to list them"]
    )


def _point_traces(incidents: pd.DataFrame, colours: MapColours = LIGHT_MAP) -> list[go.Scattermap]:
    """One trace per category of single-record markers, and one of positions shared by several records."""
    lons, lats = incidents["lon"].to_numpy(dtype=np.float32), incidents["lat"].to_numpy(dtype=np.float32)
    positions = group_markers(incidents, np.arange(len(incidents)), SHARED_POSITION_DEG)
    counts = positions.counts
    shared = counts[positions.marker] > 1
    traces = []
    for category, rows in category_groups(incidents):
        alone = rows[~shared[rows]]
        if not len(alone):
            continue
        subset = incidents.iloc[alone]
        claimed = (subset["claim_status"] != "confirmed").to_numpy()
        traces.append(
            go.Scattermap(
                lon=lons[alone],
                lat=lats[alone],
                mode="markers",
                legendgroup=category,
                name=f"{style.CATEGORY_LABELS[category]} ({len(rows):,})",
                marker={
                    "color": colours.categories[category],
                    "size": subset["outcome"].astype(str).map(style.OUTCOME_SIZES).fillna(8).to_numpy(dtype=np.float32),
                    "opacity": np.where(claimed, style.CLAIMED_OPACITY, style.CONFIRMED_OPACITY).astype(np.float32),
                },
                customdata=_hover_table(subset, subset["id"].astype(str).to_numpy()),
                hovertemplate=_HOVER_TEMPLATE,
            )
        )
    groups = np.flatnonzero(counts > 1)
    if len(groups):
        hovers = [_shared_position_hover(incidents, np.flatnonzero(positions.marker == group)) for group in groups]
        drawn = positions.drawn[groups]
        traces.append(
            go.Scattermap(
                lon=lons[drawn],
                lat=lats[drawn],
                mode="markers",
                name=f"Several records at one position ({len(groups)})",
                marker={
                    "color": colours.shared_marker,
                    "size": 12 + 1.5 * np.sqrt(counts[groups]),
                    "opacity": 0.8,
                },
                customdata=np.column_stack([positions.ids[groups], counts[groups], hovers]),
                hovertemplate=_SHARED_HOVER_TEMPLATE,
            )
        )
        # The counts as a text trace of their own: MapLibre cannot offset text from markers of varying size.
        traces.append(
            go.Scattermap(
                lon=lons[drawn],
                lat=lats[drawn],
                mode="markers+text",
                name="shared position counts",
                showlegend=False,
                text=[str(count) for count in counts[groups]],
                textposition="middle center",
                textfont={"family": MAP_FONT, "size": 11, "color": colours.shared_text},
                marker={"size": TEXT_MARKER_PX, "opacity": 0},
                hoverinfo="skip",
            )
        )
    return traces


def _lean_traces(incidents: pd.DataFrame, colours: MapColours = LIGHT_MAP) -> list[go.Scattermap]:
    """Many points: one marker per occupied small cell and category, with the ids behind it, no per-point text."""
    lons, lats = incidents["lon"].to_numpy(dtype=np.float32), incidents["lat"].to_numpy(dtype=np.float32)
    traces = []
    for category, rows in category_groups(incidents):
        markers = group_markers(incidents, rows, MARKER_CELL_DEG)
        traces.append(
            go.Scattermap(
                lon=lons[markers.drawn],
                lat=lats[markers.drawn],
                mode="markers",
                legendgroup=category,
                name=f"{style.CATEGORY_LABELS[category]} ({len(rows):,})",
                marker={"color": colours.categories[category], "size": 5, "opacity": 0.7},
                customdata=np.column_stack([markers.ids, markers.counts]),
                hovertemplate=_LEAN_HOVER_TEMPLATE,
            )
        )
    return traces


def _density_trace(incidents: pd.DataFrame, imported: pd.DataFrame | None) -> go.Densitymap:
    both = incidents if imported is None else pd.concat([incidents[["lon", "lat"]], imported[["lon", "lat"]]])
    # Binned on the server: a few thousand weighted cells instead of every point keeps the figure
    # small and the browser responsive at a million incidents.
    lons, lats, counts = grid_counts(both["lon"].to_numpy(), both["lat"].to_numpy(), DENSITY_CELL_DEG)
    return go.Densitymap(
        lon=lons,
        lat=lats,
        z=counts,
        radius=12,
        colorscale="Inferno",
        reversescale=True,
        showscale=True,
        name="Incident density",
        customdata=counts,
        hovertemplate="%{customdata:,} incidents<extra></extra>",
        colorbar={"title": {"text": "Incidents per cell"}},
    )


def line_layer(source: dict | str, colour: str, width: float, *, dash: list[float] | None = None) -> dict:
    """A map layer drawing the lines of `source` (GeoJSON or its URL) under the markers, dashed if `dash`."""
    line: dict[str, object] = {"width": width} if dash is None else {"width": width, "dash": dash}
    return {"source": source, "type": "line", "color": colour, "line": line, "below": "traces"}


def _filled_layer(source: dict, colour: str) -> dict:
    """A map layer filling `source` in one colour (its outline too), drawn under the markers."""
    return {"source": source, "type": "fill", "color": colour, "fill": {"outlinecolor": colour}, "below": "traces"}


def _selected_circle_layers(lon: float, lat: float, radius_km: float, *, line_width: float) -> list[dict]:
    """The selected incident's uncertainty circle: a light fill and an outline in the selection colour."""
    circle = _feature_collection([{"type": "Polygon", "coordinates": [_circle(lon, lat, radius_km)]}])
    return [_filled_layer(circle, style.SELECTED_FILL), line_layer(circle, style.SELECTED_COLOUR, line_width)]


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
    fit: bool = True,
    revision: str = "",
    colours: MapColours = LIGHT_MAP,
) -> go.Figure:
    """Map of incidents with place labels, a scale bar and the view fitted to the incidents.

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
            layers = [
                *layers,
                _filled_layer(circles, style.UNCERTAINTY_FILL),
            ]
    selected_layers, selected_traces = _selected_overlay(incidents, selected_id) if detailed else ([], [])
    layers = [*layers, *selected_layers]
    fitted = fit and len(incidents) > 0
    if fitted:
        # First, under every other trace: the invisible corners of the view to fit.
        both = incidents if imported is None else pd.concat([incidents[["lon", "lat"]], imported[["lon", "lat"]]])
        frame = fit_frame(both["lon"], both["lat"])
        figure.add_trace(fit_frame_trace(frame))
    if aggregate:
        figure.add_trace(_density_trace(incidents, imported))
        imported = None
    else:
        for trace in _point_traces(incidents, colours) if detailed else _lean_traces(incidents, colours):
            figure.add_trace(trace)
    if imported is not None and len(imported):
        figure.add_trace(
            go.Scattermap(
                lon=imported["lon"].to_numpy(dtype=np.float32),
                lat=imported["lat"].to_numpy(dtype=np.float32),
                mode="markers",
                name=f"Imported records ({len(imported)})",
                marker={
                    "color": style.IMPORTED_COLOUR,
                    "size": style.IMPORTED_MARKER_SIZE,
                    "opacity": style.IMPORTED_OPACITY,
                },
                # First value empty: imported records are not incidents of the record and cannot be selected.
                customdata=np.column_stack([np.full(len(imported), ""), _plotly_texts(imported["id"])]),
                hovertemplate="Imported %{customdata[1]}<extra></extra>",
            )
        )
    for trace in selected_traces:
        figure.add_trace(trace)
    if fitted and labels is not None and not online_tiles:
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
    zoom = math.log2(LOCATOR_HEIGHT_PX * 0.5 * 40_075 * math.cos(math.radians(lat)) / (WORLD_PX * reach_km))
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
